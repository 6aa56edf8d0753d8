/**
 * Two order statistics per slot of a stream of values, kept exactly in bounded heaps: the `keep`-th
 * smallest and the `keep`-th largest of the values seen. The bounds of a central interval of
 * `draws` draws need no more, so a ranking of 10,000 influencers keeps `2 · keep` numbers per
 * influencer and metric instead of every draw.
 * @module
 */

/**
 * For each of `slots` slots, the `keep` smallest values in a max-heap and the `keep` largest in a
 * min-heap; every slot receives one value per round ({@link OrderStatistics.add} for every slot,
 * then {@link OrderStatistics.next}). @internal
 */
export class OrderStatistics {
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private seen = 0;

  constructor(
    readonly slots: number,
    readonly keep: number,
  ) {
    this.low = new Float64Array(slots * keep);
    this.high = new Float64Array(slots * keep);
  }

  /** Adds this round's value of `slot` (not `NaN`). */
  add(slot: number, x: number): void {
    const k = this.keep;
    const base = slot * k;
    const low = this.low;
    const high = this.high;
    const seen = this.seen;
    if (seen < k) {
      // Sift up in both heaps.
      let at = seen;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!(low[base + parent]! < x)) break;
        low[base + at] = low[base + parent]!;
        at = parent;
      }
      low[base + at] = x;
      at = seen;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!(high[base + parent]! > x)) break;
        high[base + at] = high[base + parent]!;
        at = parent;
      }
      high[base + at] = x;
      return;
    }
    if (x < low[base]!) siftDown(low, base, k, x, 1);
    if (x > high[base]!) siftDown(high, base, k, x, -1);
  }

  /** Ends a round. */
  next(): void {
    this.seen++;
  }

  /** The `keep`-th smallest value of `slot` (the largest of the kept small ones). */
  lowAt(slot: number): number {
    return this.low[slot * this.keep]!;
  }

  /** The `keep`-th largest value of `slot`. */
  highAt(slot: number): number {
    return this.high[slot * this.keep]!;
  }
}

/** Replaces the root of the heap at `base` (size `k`) by `x` and restores it: `sign` 1 for a max-heap, -1 for a min-heap. */
function siftDown(heap: Float64Array, base: number, k: number, x: number, sign: 1 | -1): void {
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    if (left >= k) break;
    const right = left + 1;
    let child = left;
    if (right < k && sign * heap[base + right]! > sign * heap[base + left]!) child = right;
    if (!(sign * heap[base + child]! > sign * x)) break;
    heap[base + at] = heap[base + child]!;
    at = child;
  }
  heap[base + at] = x;
}
