/**
 * Field value parsers shared by every ingest path (objects, CSV text, streams), so that the same
 * cell is accepted or rejected for the same reason whatever the source.
 * @module
 */

/** Why a row was rejected. */
export type RejectReason =
  | 'missing_id'
  | 'empty'
  | 'not_a_number'
  | 'not_finite'
  | 'negative'
  | 'not_an_integer'
  | 'too_large'
  | 'invalid_date'
  | 'invalid_type'
  | 'field_count'
  | 'malformed_quotes';

/** Every reject reason, in report order. */
export const REJECT_REASONS: readonly RejectReason[] = Object.freeze([
  'missing_id',
  'empty',
  'not_a_number',
  'not_finite',
  'negative',
  'not_an_integer',
  'too_large',
  'invalid_date',
  'invalid_type',
  'field_count',
  'malformed_quotes',
]);

/** The largest count or amount accepted: 2^53 - 1, the largest integer a double holds exactly. */
export const MAX_VALUE = Number.MAX_SAFE_INTEGER;

/** Human wording of each reason, used in error messages (cell reasons read as a sentence after `"value" is`; row reasons are sentences). */
export const REASON_TEXT: Readonly<Record<RejectReason, string>> = Object.freeze({
  missing_id: 'empty, and every row needs an influencer id',
  empty: 'empty, and the value is required',
  not_a_number: 'not a number',
  not_finite: 'not a finite number',
  negative: 'negative',
  not_an_integer: 'not a whole number, and a count must be one',
  too_large: 'too large to be summed exactly (above 9007199254740991, 2^53 - 1)',
  invalid_date: 'not a valid date in the expected format',
  invalid_type: 'a value of the wrong type',
  field_count: 'the row has a different number of fields than the header',
  malformed_quotes: 'a quote is misplaced or left open (RFC 4180: a field with quotes, commas or line breaks is enclosed in double quotes, and a quote inside it is doubled)',
});

/** A parsed value, or the reason it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: RejectReason };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NAN = /^[+-]?nan$/i;
const INFINITE = /^[+-]?(?:inf|infinity|∞)$/i;

const EMPTY: Parsed<never> = Object.freeze({ ok: false, reason: 'empty' });

/**
 * Parses a plain decimal number from text (optional sign, digits, point, exponent; surrounding
 * white space ignored; no hex, no thousands separators, no currency), or gives the reason:
 * `empty`, `not_a_number` (also for `NaN`), `not_finite` (`Infinity`, `inf`) or `too_large`
 * (overflows a double).
 *
 * @example
 * ```ts
 * parseDecimal(' 1.5e3 '); // { ok: true, value: 1500 }
 * parseDecimal('1,234');   // { ok: false, reason: 'not_a_number' }
 * ```
 */
export function parseDecimal(text: string): Parsed<number> {
  const s = text.trim();
  if (s === '') return EMPTY;
  if (!DECIMAL.test(s)) {
    if (NAN.test(s)) return { ok: false, reason: 'not_a_number' };
    return { ok: false, reason: INFINITE.test(s) ? 'not_finite' : 'not_a_number' };
  }
  const value = Number(s);
  if (!Number.isFinite(value)) return { ok: false, reason: 'too_large' };
  return { ok: true, value };
}

/**
 * Whether decimal text (already matched as a decimal) denotes a whole number, judged on the digits
 * themselves: `1.0` and `1e3` are whole, `1.0000000000000001` and `1e-400` are not (even though a
 * double rounds them to a whole number).
 */
export function isWholeDecimalText(text: string): boolean {
  const s = text.trim();
  const e = s.search(/[eE]/);
  const mantissa = (e < 0 ? s : s.slice(0, e)).replace(/^[+-]/, '');
  const exponent = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  for (let i = Math.max(0, point); i < digits.length; i++) if (digits.charCodeAt(i) !== 48) return false;
  return true;
}

/** Checks a number as a non-negative exact integer count (`-0` reads as `0`). */
export function checkCount(value: number): Parsed<number> {
  if (Number.isNaN(value)) return { ok: false, reason: 'not_a_number' };
  if (!Number.isFinite(value)) return { ok: false, reason: 'not_finite' };
  if (value < 0) return { ok: false, reason: 'negative' };
  if (!Number.isInteger(value)) return { ok: false, reason: 'not_an_integer' };
  if (value > MAX_VALUE) return { ok: false, reason: 'too_large' };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** Checks a number as a non-negative finite amount of money, at most 2^53 - 1 (`-0` reads as `0`). */
export function checkMoney(value: number): Parsed<number> {
  if (Number.isNaN(value)) return { ok: false, reason: 'not_a_number' };
  if (!Number.isFinite(value)) return { ok: false, reason: 'not_finite' };
  if (value < 0) return { ok: false, reason: 'negative' };
  if (value > MAX_VALUE) return { ok: false, reason: 'too_large' };
  return { ok: true, value: value === 0 ? 0 : value };
}

function bigintValue(raw: bigint): Parsed<number> {
  if (raw < 0n) return { ok: false, reason: 'negative' };
  if (raw > BigInt(MAX_VALUE)) return { ok: false, reason: 'too_large' };
  return { ok: true, value: Number(raw) };
}

/**
 * Parses a count (impressions, clicks...) from a raw value: a number, a bigint or decimal text.
 * Reasons: `empty`, `not_a_number`, `not_finite`, `negative`, `not_an_integer`, `too_large`,
 * `invalid_type`.
 *
 * @example
 * ```ts
 * parseCount('0042'); // { ok: true, value: 42 }
 * parseCount('2.5');  // { ok: false, reason: 'not_an_integer' }
 * parseCount(-1);     // { ok: false, reason: 'negative' }
 * ```
 */
export function parseCount(raw: unknown): Parsed<number> {
  if (typeof raw === 'number') return checkCount(raw);
  if (typeof raw === 'string') {
    const parsed = parseDecimal(raw);
    if (!parsed.ok) return parsed;
    if (parsed.value < 0) return { ok: false, reason: 'negative' };
    if (!isWholeDecimalText(raw)) return { ok: false, reason: 'not_an_integer' };
    return checkCount(parsed.value);
  }
  if (typeof raw === 'bigint') return bigintValue(raw);
  return raw == null ? EMPTY : { ok: false, reason: 'invalid_type' };
}

/**
 * Parses money (revenue, cost) from a raw value; empty gives `null` (the row has no amount).
 * Reasons: `not_a_number`, `not_finite`, `negative`, `too_large`, `invalid_type`.
 *
 * @example
 * ```ts
 * parseMoney('19.99'); // { ok: true, value: 19.99 }
 * parseMoney('');      // { ok: true, value: null }
 * parseMoney('-5');    // { ok: false, reason: 'negative' }
 * ```
 */
export function parseMoney(raw: unknown): Parsed<number | null> {
  if (typeof raw === 'number') return checkMoney(raw);
  if (typeof raw === 'string') {
    if (raw.trim() === '') return { ok: true, value: null };
    const parsed = parseDecimal(raw);
    return parsed.ok ? checkMoney(parsed.value) : parsed;
  }
  if (raw == null) return { ok: true, value: null };
  if (typeof raw === 'bigint') return bigintValue(raw);
  return { ok: false, reason: 'invalid_type' };
}

/**
 * Parses an optional count (follower count); empty gives `null`.
 *
 * @example
 * ```ts
 * parseOptionalCount('');     // { ok: true, value: null }
 * parseOptionalCount('1200'); // { ok: true, value: 1200 }
 * ```
 */
export function parseOptionalCount(raw: unknown): Parsed<number | null> {
  if (raw == null || (typeof raw === 'string' && raw.trim() === '')) return { ok: true, value: null };
  return parseCount(raw);
}

/**
 * Parses an optional text value (category, platform, campaign); blank gives `null`, other text is
 * kept verbatim. Numbers and booleans become their text, dates their ISO text.
 *
 * @example
 * ```ts
 * parseText(' Beauty '); // { ok: true, value: ' Beauty ' }
 * parseText('   ');      // { ok: true, value: null }
 * ```
 */
export function parseText(raw: unknown): Parsed<string | null> {
  if (typeof raw === 'string') return { ok: true, value: raw.trim() === '' ? null : raw };
  if (raw == null) return { ok: true, value: null };
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return { ok: true, value: String(raw) };
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? { ok: true, value: null } : { ok: true, value: raw.toISOString() };
  return { ok: false, reason: 'invalid_type' };
}

/**
 * Parses the value of an extra column (any column that is not a known field) into a string
 * dimension. Like {@link parseText}, except that a value no text can stand for (a nested object
 * or array in JSON records) reads as `null` instead of rejecting the row: extra columns never
 * reject a row.
 *
 * @example
 * ```ts
 * parseExtra('UGC');       // { ok: true, value: 'UGC' }
 * parseExtra({ a: 1 });    // { ok: true, value: null }
 * ```
 */
export function parseExtra(raw: unknown): Parsed<string | null> {
  const parsed = parseText(raw);
  return parsed.ok ? parsed : { ok: true, value: null };
}

/**
 * Parses an influencer id: any text that is not blank, kept verbatim (leading zeros and
 * surrounding spaces too, so `007` and `7` are different influencers); finite numbers and bigints
 * become their text.
 *
 * @example
 * ```ts
 * parseId('007'); // { ok: true, value: '007' }
 * parseId(' ');   // { ok: false, reason: 'missing_id' }
 * ```
 */
export function parseId(raw: unknown): Parsed<string> {
  if (typeof raw === 'string') return raw.trim() === '' ? { ok: false, reason: 'missing_id' } : { ok: true, value: raw };
  if (typeof raw === 'number') return Number.isFinite(raw) ? { ok: true, value: String(raw) } : { ok: false, reason: 'invalid_type' };
  if (typeof raw === 'bigint') return { ok: true, value: String(raw) };
  return raw == null ? { ok: false, reason: 'missing_id' } : { ok: false, reason: 'invalid_type' };
}

/** A step of id normalisation: `trim` surrounding white space, `nfc` Unicode normalisation (NFC), `case` lower case. */
export type IdNormalization = 'trim' | 'nfc' | 'case';

/**
 * The id normaliser of the steps given (applied in the order trim, NFC, case, whatever the order
 * listed), or `null` for none. Lower case is taken with `toLowerCase` (locale-independent), then
 * NFC again, so every spelling of a name lands on one id.
 *
 * @example
 * ```ts
 * idNormalizer(['trim', 'case'])!(' Ana '); // 'ana'
 * idNormalizer([]); // null
 * ```
 */
export function idNormalizer(steps: readonly IdNormalization[] | undefined): ((id: string) => string) | null {
  if (!steps || steps.length === 0) return null;
  const trim = steps.includes('trim');
  const nfc = steps.includes('nfc');
  const lower = steps.includes('case');
  return (id) => {
    let s = trim ? id.trim() : id;
    if (nfc) s = s.normalize('NFC');
    if (lower) s = nfc ? s.toLowerCase().normalize('NFC') : s.toLowerCase();
    return s;
  };
}

type DatePart = 'Y4' | 'Y2' | 'M' | 'D';

/** A compiled date parser for one format. */
export type DateParser = (raw: unknown) => Parsed<string | null>;

const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/** An optional time of day after the date, which is dropped: `T10:30`, ` 10:30:00.000Z`, ` 3:05 PM`, `+02:00`. */
const TIME_SUFFIX = '(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?\\s*([AaPp]\\.?[Mm]\\.?|Z|[+-]\\d{2}(?::?\\d{2})?)?)?';

/**
 * Compiles a date format into a parser that returns ISO `YYYY-MM-DD`. Tokens: `YYYY` (four-digit
 * year), `YY` (two-digit year: 00-68 are 2000-2068, 69-99 are 1969-1999, as POSIX `strptime`),
 * `MM`/`M` (month) and `DD`/`D` (day), the last two taking one or two digits, so `M/D/YY` and
 * `MM/DD/YY` read the same text. Impossible dates (`2025-02-29`, month 13) are refused with
 * `invalid_date`; blank cells give `null`. A time of day after the date (`2025-09-01T10:30:00Z`,
 * `9/1/25 3:05 PM`) is accepted and dropped: the date is taken as written, without moving it
 * across time zones. `Date` objects give their UTC date.
 *
 * @example
 * ```ts
 * const read = compileDateParser('DD-MM-YYYY');
 * read('31-12-2025'); // { ok: true, value: '2025-12-31' }
 * compileDateParser('M/D/YY')('9/1/25'); // { ok: true, value: '2025-09-01' }
 * read('31-02-2025'); // { ok: false, reason: 'invalid_date' }
 * ```
 */
export function compileDateParser(format = 'YYYY-MM-DD'): DateParser {
  const parts: DatePart[] = [];
  let pattern = '^';
  for (const token of format.match(/YYYY|YY|MM|M|DD|D|[^YMD]/g) ?? []) {
    if (token === 'YYYY') (parts.push('Y4'), (pattern += '(\\d{4})'));
    else if (token === 'YY') (parts.push('Y2'), (pattern += '(\\d{2})'));
    else if (token === 'MM' || token === 'M') (parts.push('M'), (pattern += '(\\d{1,2})'));
    else if (token === 'DD' || token === 'D') (parts.push('D'), (pattern += '(\\d{1,2})'));
    else pattern += token.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const regex = new RegExp(pattern + TIME_SUFFIX + '$');
  const n = parts.length;
  return (raw) => {
    if (raw == null) return { ok: true, value: null };
    if (raw instanceof Date) {
      if (Number.isNaN(raw.getTime())) return { ok: false, reason: 'invalid_date' };
      const iso = raw.toISOString();
      // Years outside 0000-9999 have a signed six-digit form that is not an ISO calendar date.
      return iso.length === 24 ? { ok: true, value: iso.slice(0, 10) } : { ok: false, reason: 'invalid_date' };
    }
    if (typeof raw !== 'string') return { ok: false, reason: 'invalid_type' };
    const text = raw.trim();
    if (text === '') return { ok: true, value: null };
    const match = regex.exec(text);
    if (!match) return { ok: false, reason: 'invalid_date' };
    let year = 0;
    let month = 0;
    let day = 0;
    for (let i = 0; i < n; i++) {
      const v = Number(match[i + 1]);
      const part = parts[i];
      if (part === 'Y4') year = v;
      else if (part === 'Y2') year = v < 69 ? 2000 + v : 1900 + v;
      else if (part === 'M') month = v;
      else day = v;
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: 'invalid_date' };
    if (match[n + 1] !== undefined) {
      const hour = Number(match[n + 1]);
      const minute = Number(match[n + 2]);
      const second = match[n + 3] === undefined ? 0 : Number(match[n + 3]);
      const ampm = /^[AaPp]/.test(match[n + 4] ?? '');
      if (hour > (ampm ? 12 : 24) || (ampm && hour === 0) || minute > 59 || second > 60) return { ok: false, reason: 'invalid_date' };
    }
    return {
      ok: true,
      value: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    };
  };
}
