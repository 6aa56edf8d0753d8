/**
 * Deterministic ordering of influencer ids: ids made only of digits sort numerically (`2` before
 * `10`), before any other id; other ids sort by UTF-16 code units (never by locale, so output does
 * not change with the machine). Equal numbers with different text (`7`, `007`) fall back to text.
 * @module
 */

const DIGITS = /^[0-9]+$/;

/**
 * Compares two ids for sorting.
 * @example
 * ```ts
 * ['10', '9', 'b', '2', 'a'].sort(compareIds); // ['2', '9', '10', 'a', 'b']
 * ```
 */
export function compareIds(a: string, b: string): number {
  const an = DIGITS.test(a);
  const bn = DIGITS.test(b);
  if (an && bn) {
    const at = a.replace(/^0+(?=.)/, '');
    const bt = b.replace(/^0+(?=.)/, '');
    if (at.length !== bt.length) return at.length - bt.length;
    if (at !== bt) return at < bt ? -1 : 1;
  } else if (an !== bn) {
    return an ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares nullable text: `null` last, otherwise by code units. */
export function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
