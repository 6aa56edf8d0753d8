/**
 * Deterministic ordering of influencer ids: ids made only of digits sort numerically (`2` before
 * `10`), before any other id; other ids sort by UTF-16 code units (never by locale, so output does
 * not change with the machine). Equal numbers with different text (`7`, `007`) fall back to text.
 * @module
 */

/** Whether `s` is one or more ASCII digits. */
function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Leading zeros of a digit string, keeping its last digit (`007` → 2, `0` → 0). */
function leadingZeros(s: string): number {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  return i;
}

/**
 * Compares two ids for sorting.
 * @example
 * ```ts
 * ['10', '9', 'b', '2', 'a'].sort(compareIds); // ['2', '9', '10', 'a', 'b']
 * ```
 */
export function compareIds(a: string, b: string): number {
  // Sorting thousands of ids calls this often: no regular expressions, no new strings.
  const an = allDigits(a);
  const bn = allDigits(b);
  if (an && bn) {
    const ai = leadingZeros(a);
    const bi = leadingZeros(b);
    const length = a.length - ai;
    if (length !== b.length - bi) return length - (b.length - bi);
    for (let k = 0; k < length; k++) {
      const d = a.charCodeAt(ai + k) - b.charCodeAt(bi + k);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
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
