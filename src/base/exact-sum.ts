/**
 * Exactly rounded, order-independent summation kept as plain data.
 *
 * A sum is held as Shewchuk's non-overlapping partials (the algorithm behind Python's `math.fsum`
 * and d3-array's `Adder`): their exact total is the exact real sum of every value added, so adding
 * the same values in any order, or merging sums built on different workers, rounds to the same
 * double. Partials are a plain `number[]` so that they survive `structuredClone` and `postMessage`.
 * @module
 */

/** Adds `x` to the partials in place. */
export function addToPartials(partials: number[], x: number): void {
  const used = foldInto(partials, partials.length, x);
  // Setting the length of an array is slow in V8 even when it does not change.
  if (partials.length !== used) partials.length = used;
}

/**
 * Shewchuk's step: folds `x` into the first `count` partials in place and returns how many there
 * are now (at most `count + 1`: the caller leaves room for one more).
 */
function foldInto(partials: { [i: number]: number }, count: number, x: number): number {
  let used = 0;
  for (let j = 0; j < count; j++) {
    let y = partials[j]!;
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[used++] = lo;
    x = hi;
  }
  partials[used] = x;
  return used + 1;
}

/** The correctly rounded value of the exact sum held by `partials` (0 for none). */
export function partialsValue(partials: readonly number[]): number {
  return roundedSum(partials, partials.length);
}

/** The correctly rounded value of the first `count` partials (smallest first). */
function roundedSum(partials: ArrayLike<number>, count: number): number {
  let n = count;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // Round half-even across the remaining partials, as Python's fsum does.
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

/**
 * The canonical partials of an exact sum of `terms`: the correctly rounded value, then the correctly
 * rounded remainder, and so on (smallest first, as {@link partialsValue} reads them). Every way of
 * adding the same values gives the same array, so exact states compare equal whatever the order.
 */
export function canonicalPartials(terms: readonly number[]): number[] {
  const p: number[] = [];
  for (const x of terms) if (x !== 0) addToPartials(p, x);
  const out: number[] = [];
  for (;;) {
    const v = partialsValue(p);
    if (v === 0) break;
    out.push(v);
    addToPartials(p, -v);
  }
  return out.reverse();
}

/**
 * Exactly rounded sum of numbers, independent of their order.
 *
 * @example
 * ```ts
 * exactSum([0.1, 0.2, 0.3]); // 0.6 (a naive loop gives 0.6000000000000001)
 * ```
 */
export function exactSum(values: Iterable<number>): number {
  const sum = new ExactSum();
  for (const v of values) sum.add(v);
  return sum.value();
}

/**
 * An exact sum being accumulated in a typed buffer: the algorithm of {@link addToPartials} and
 * {@link partialsValue}, with the same partials and the same result, without array resizing.
 * @internal
 */
export class ExactSum {
  private partials = new Float64Array(8);
  private count = 0;

  /** Adds `x` (exact). */
  add(x: number): void {
    if (this.count === this.partials.length) {
      const grown = new Float64Array(2 * this.count);
      grown.set(this.partials);
      this.partials = grown;
    }
    this.count = foldInto(this.partials, this.count, x);
  }

  /** The correctly rounded value of the sum so far (0 for none). */
  value(): number {
    return roundedSum(this.partials, this.count);
  }
}
