/**
 * Values in the CLI's messages: cut short and with control characters escaped, so that a 50 MB
 * header, a binary file or a path with escape sequences in it never floods or rewrites the terminal.
 * @module
 */

/** Longest quoted value kept whole, in UTF-16 units. */
export const QUOTE_MAX = 200;

/** Longest message line printed, in UTF-16 units (cut in the middle, so its end stays visible). */
export const LINE_MAX = 1200;

/**
 * C0 controls (NUL, BEL, BS, TAB, LF, CR, ESC...), DEL, C1 controls (U+0080..U+009F: a lone U+009B
 * starts a terminal control sequence like ESC [), the line and paragraph separators, and the
 * bidirectional overrides and isolates that can make a terminal show text in another order.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeControl = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Lone surrogates (a cut inside a character, bytes decoded as UTF-16) shown as `\udXXX` too. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes control characters as `\u001b` (no other change). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeControl).replace(LONE_SURROGATE, escapeControl);
}

/** Cuts `text` to `max` UTF-16 units without splitting a surrogate pair, marking the cut with `…`. */
export function cut(text: string, max: number = QUOTE_MAX): string {
  if (text.length <= max) return text;
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * A value as it appears in a CLI message: in double quotes, cut to {@link QUOTE_MAX} characters
 * (marked `…`), with `"` and `\` escaped and control characters written as `\u001b`.
 *
 * @example
 * ```ts
 * quote('in.csv');             // '"in.csv"'
 * quote('a\u001b[31mb');       // '"a\\u001b[31mb"'
 * quote('x'.repeat(5e7)).length; // 203
 * ```
 */
export function quote(value: string, max: number = QUOTE_MAX): string {
  return `"${escapeControls(cut(value, max).replace(/["\\]/g, '\\$&'))}"`;
}

/**
 * One line of a message from anywhere (the library, Node, the argument parser), safe to print:
 * control characters (newlines included) escaped, and the whole cut in the middle to
 * {@link LINE_MAX} characters, keeping its start and its end (where a hint usually is).
 *
 * @example
 * ```ts
 * safeLine(`Columns found: "${'x'.repeat(1e6)}". Use --map.`).length < 1300; // true
 * ```
 */
export function safeLine(message: string, max: number = LINE_MAX): string {
  if (message.length <= max) {
    const text = escapeControls(message);
    if (text.length <= max) return text;
  }
  // Escape character by character from each end until the kept ends are long enough.
  const head = takeEscaped(message, Math.floor(max * 0.7), false);
  const tail = takeEscaped(message.slice(head.used), max - head.text.length, true);
  const cutCount = message.length - head.used - tail.used;
  if (cutCount <= 0) return head.text + tail.text;
  return `${head.text} … (${cutCount.toLocaleString('en-US')} characters cut) … ${tail.text}`;
}

/** Escaped text of at most `limit` units from the start (or the end) of `raw`, and how many raw units it took. */
function takeEscaped(raw: string, limit: number, fromEnd: boolean): { text: string; used: number } {
  const parts: string[] = [];
  let length = 0;
  let used = 0;
  while (used < raw.length) {
    const i = fromEnd ? raw.length - 1 - used : used;
    let unit = raw[i]!;
    const c = raw.charCodeAt(i);
    // Keep surrogate pairs together.
    if (!fromEnd && isHigh(c) && isLow(raw.charCodeAt(i + 1))) unit = raw.slice(i, i + 2);
    else if (fromEnd && isLow(c) && i > 0 && isHigh(raw.charCodeAt(i - 1))) unit = raw.slice(i - 1, i + 1);
    const text = escapeControls(unit);
    if (length + text.length > limit) break;
    parts.push(text);
    length += text.length;
    used += unit.length;
  }
  return { text: (fromEnd ? parts.reverse() : parts).join(''), used };
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
