/**
 * Small helpers of the scanner about bytes and text: the strict UTF-8 decoder, the delimiter a header
 * uses, where bytes stop being UTF-8, line breaks in a text, and growing per-entry code arrays.
 * @module
 */

/** Delimiters the header line is searched for when none is given, the first winning ties. */
const DETECTED = [',', ';', '\t', '|'];

/** UTF-8 that throws on bytes that are not UTF-8: a silently replaced byte would merge ids. */
export const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

/**
 * The delimiter a header line uses most, outside quotes: `,`, `;`, tab or `|` (`,` when none).
 *
 * @example
 * ```ts
 * detectDelimiter('influencer_id;impressions;clicks'); // ';'
 * ```
 */
export function detectDelimiter(line: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && DETECTED.includes(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ',';
  let most = 0;
  for (const d of DETECTED) {
    const n = counts.get(d) ?? 0;
    if (n > most) {
      best = d;
      most = n;
    }
  }
  return best;
}

/** Index of the first byte of `bytes` that is not part of valid UTF-8 (-1: all valid). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= n) return i;
    try {
      decoder.decode(bytes.subarray(i, i + need + 1));
    } catch {
      return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Line breaks in a text (CRLF, LF and lone CR each once). */
export function countBreaks(text: string): number {
  return text.split(/\r\n|\n|\r/).length - 1;
}

export function grownCodes(codes: Int32Array, at: number, fill: number): Int32Array {
  const bigger = new Int32Array(Math.max(at + 1, codes.length * 2)).fill(fill);
  bigger.set(codes);
  return bigger;
}

