/**
 * Exact sums of floating-point terms through SQL. A warehouse `SUM` over doubles rounds at every
 * addition, in an order the plan picks; integer sums are exact in every warehouse. So each non-zero
 * term x (a double) is split, in SQL, into integers at a binary scale that depends on x alone:
 *
 *   m = floor(floor(log2 |x|) / 30),  y = |x| · 2^(−30m)  (exact: a power-of-two scaling),
 *   u = floor(y) < 2^53,  w = (y − u) · 2^53 < 2^53        (both exact integers),
 *   x = sign(x) · (u · 2^53 + w) · 2^(30m − 53).
 *
 * The query sums u and w per influencer, sum and scale m as integers (exact whatever the order), and
 * returns them as text: `name:m:U:W` entries separated by spaces, in any order, where `name` is the
 * floating-point sum column the entry makes exact (`revenue`, `rpcNoiseSquares`, ...) and a sum with
 * no entry is 0. {@link parseExactSums} turns them back into exact partials, so the rounded sum is
 * the correctly rounded sum of the terms, as the in-memory accumulator gives it. The bounds hold for
 * any estimate of log2 |x| within [−22, +1] of the true exponent (`LN(|x|) / LN(2)` is within one),
 * and need `POWER(2, n)` to be exact, as it is in PostgreSQL and DuckDB (checked by the tests).
 * @module
 */
import { addToPartials, canonicalPartials } from '../base/exact-sum.js';

/** The width in bits of the binary scales the terms are grouped by. */
export const SCALE_BITS = 30;

const view = new DataView(new ArrayBuffer(8));

/** 2^k exactly, for an integer k in [−1022, 1023]. */
function pow2(k: number): number {
  view.setUint32(0, (k + 1023) * 2 ** 20);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

/** x · 2^e, exactly when the result is a normal double. */
function scaled(x: number, e: number): number {
  let v = x;
  let k = e;
  while (k > 1023) {
    v *= pow2(1023);
    k -= 1023;
  }
  while (k < -1022) {
    v *= pow2(-1022);
    k += 1022;
  }
  return v * pow2(k);
}

const CHUNK = 52n;
const CHUNK_MASK = (1n << CHUNK) - 1n;

/** Adds n · 2^e (n any integer) to the partials exactly, 52 bits at a time. */
function addScaledInteger(partials: number[], n: bigint, e: number): void {
  const negative = n < 0n;
  let rest = negative ? -n : n;
  let exponent = e;
  while (rest > 0n) {
    const chunk = Number(rest & CHUNK_MASK);
    if (chunk !== 0) addToPartials(partials, scaled(negative ? -chunk : chunk, exponent));
    rest >>= CHUNK;
    exponent += Number(CHUNK);
  }
}

const ENTRY = /^([A-Za-z][A-Za-z0-9]*):(-?\d{1,4}):(-?\d{1,60}):(-?\d{1,60})$/;

/**
 * Reads `exactSums` text: each named sum's exact canonical partials. Returns a message instead when
 * the text is not made of `name:m:U:W` entries with names in `names`.
 */
export function parseExactSums(text: string, names: ReadonlySet<string>): Map<string, number[]> | string {
  const sums = new Map<string, number[]>();
  const trimmed = text.trim();
  if (trimmed === '') return sums;
  for (const entry of trimmed.split(/\s+/)) {
    const m = ENTRY.exec(entry);
    if (!m) return `the entry ${JSON.stringify(entry.slice(0, 80))} is not name:scale:integer:integer`;
    const name = m[1]!;
    if (!names.has(name)) return `the entry ${JSON.stringify(entry.slice(0, 80))} names no sum fromSQL knows`;
    let partials = sums.get(name);
    if (!partials) sums.set(name, (partials = []));
    const e = SCALE_BITS * Number(m[2]!) - 53;
    addScaledInteger(partials, (BigInt(m[3]!) << 53n) + BigInt(m[4]!), e);
  }
  for (const [name, partials] of sums) sums.set(name, canonicalPartials(partials));
  return sums;
}
