/**
 * The null conventions in one place: columns hold `NaN` where a value is missing, lines and public
 * results hold `null`; anything that is not a finite number reads as missing.
 * @module
 */

/** A number, or `null` for `NaN` (a column's missing value). */
export function orNull(v: number): number | null {
  return v === v ? v : null;
}

/** A finite number, or `null` for anything else. */
export function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A number, or `NaN` for anything else (null, undefined): a column's missing value. */
export function numberOrNaN(value: unknown): number {
  return typeof value === 'number' ? value : NaN;
}
