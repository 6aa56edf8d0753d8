/**
 * Central intervals of draws: outward order statistics, so an interval of a monotone transform of
 * a quantity is the transform of its interval.
 * @module
 */

/**
 * The positions of the bounds of the central interval at `level` among `count` sorted draws:
 * `lo = ⌊(count − 1)·(1 − level)/2⌋` and `hi = count − 1 − lo`, the order statistics at or just
 * outside the R-7 quantiles at `(1 ∓ level)/2` (so the interval never comes out narrower than the
 * interpolated one). Symmetric, so for a decreasing transform `f` the bounds of `f(x)` are `f` of
 * the bounds of `x`, swapped. @internal
 */
export function intervalPositions(count: number, level: number): [number, number] {
  const lo = Math.max(0, Math.floor((count - 1) * ((1 - level) / 2) + 1e-9));
  return [lo, Math.max(lo, count - 1 - lo)];
}
