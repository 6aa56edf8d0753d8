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

/** Human wording of each reason, used in error messages. */
export const REASON_TEXT: Readonly<Record<RejectReason, string>> = Object.freeze({
  missing_id: 'the influencer id is empty',
  empty: 'a required value is empty',
  not_a_number: 'not a number',
  not_finite: 'not a finite number',
  negative: 'negative',
  not_an_integer: 'a count must be a whole number',
  too_large: 'larger than the largest exact integer (2^53 - 1)',
  invalid_date: 'not a valid date in the expected format',
  invalid_type: 'a value of the wrong type',
  field_count: 'the row has a different number of fields than the header',
  malformed_quotes: 'a quoted field is not closed properly',
});

/** A parsed value, or the reason it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: RejectReason };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** Parses a decimal number from text (no hex, no thousands separators), or gives the reason. */
export function parseDecimal(text: string): Parsed<number> {
  const s = text.trim();
  if (s === '') return { ok: false, reason: 'empty' };
  if (!DECIMAL.test(s)) return { ok: false, reason: NON_FINITE.test(s) ? 'not_finite' : 'not_a_number' };
  const value = Number(s);
  if (!Number.isFinite(value)) return { ok: false, reason: 'too_large' };
  return { ok: true, value };
}

/** Checks a number as a non-negative exact integer count. */
export function checkCount(value: number): Parsed<number> {
  if (Number.isNaN(value)) return { ok: false, reason: 'not_a_number' };
  if (!Number.isFinite(value)) return { ok: false, reason: 'not_finite' };
  if (value < 0) return { ok: false, reason: 'negative' };
  if (!Number.isInteger(value)) return { ok: false, reason: 'not_an_integer' };
  if (value > Number.MAX_SAFE_INTEGER) return { ok: false, reason: 'too_large' };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** Checks a number as a non-negative finite amount of money. */
export function checkMoney(value: number): Parsed<number> {
  if (Number.isNaN(value)) return { ok: false, reason: 'not_a_number' };
  if (!Number.isFinite(value)) return { ok: false, reason: 'not_finite' };
  if (value < 0) return { ok: false, reason: 'negative' };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** Parses a count from a raw value (text or number). */
export function parseCount(raw: unknown): Parsed<number> {
  if (typeof raw === 'number') return checkCount(raw);
  if (typeof raw === 'bigint') return checkCount(Number(raw) <= Number.MAX_SAFE_INTEGER ? Number(raw) : Infinity);
  if (typeof raw !== 'string') return raw == null ? { ok: false, reason: 'empty' } : { ok: false, reason: 'invalid_type' };
  const parsed = parseDecimal(raw);
  return parsed.ok ? checkCount(parsed.value) : parsed;
}

/** Parses money from a raw value; empty gives `null` (the row simply has no amount). */
export function parseMoney(raw: unknown): Parsed<number | null> {
  if (typeof raw === 'number') return checkMoney(raw);
  if (raw == null) return { ok: true, value: null };
  if (typeof raw !== 'string') return { ok: false, reason: 'invalid_type' };
  if (raw.trim() === '') return { ok: true, value: null };
  const parsed = parseDecimal(raw);
  return parsed.ok ? checkMoney(parsed.value) : parsed;
}

/** Parses an optional integer (follower count); empty gives `null`. */
export function parseOptionalCount(raw: unknown): Parsed<number | null> {
  if (raw == null || (typeof raw === 'string' && raw.trim() === '')) return { ok: true, value: null };
  return parseCount(raw);
}

/** Parses an optional text value; empty gives `null`. Text is kept verbatim. */
export function parseText(raw: unknown): Parsed<string | null> {
  if (raw == null || raw === '') return { ok: true, value: null };
  if (typeof raw === 'string') return { ok: true, value: raw };
  if (typeof raw === 'number' || typeof raw === 'boolean') return { ok: true, value: String(raw) };
  return { ok: false, reason: 'invalid_type' };
}

/** Parses an influencer id: any non-blank text, kept verbatim; numbers become their text. */
export function parseId(raw: unknown): Parsed<string> {
  if (typeof raw === 'string') return raw.trim() === '' ? { ok: false, reason: 'missing_id' } : { ok: true, value: raw };
  if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: String(raw) };
  if (typeof raw === 'bigint') return { ok: true, value: String(raw) };
  return raw == null ? { ok: false, reason: 'missing_id' } : { ok: false, reason: 'invalid_type' };
}

type DatePart = 'Y4' | 'Y2' | 'M' | 'D';

/** A compiled date parser for one format. */
export type DateParser = (raw: unknown) => Parsed<string | null>;

const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/**
 * Compiles a date format (`YYYY-MM-DD`, `DD-MM-YYYY`, `MM/DD/YYYY`, `M/D/YY`, ...) into a parser that
 * returns ISO `YYYY-MM-DD`. Two-digit years follow POSIX `strptime`: 00-68 are 2000-2068, 69-99 are 1969-1999.
 * `MM`/`DD` accept one or two digits, so `M/D/YY` and `MM/DD/YY` read the same text.
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
  const regex = new RegExp(pattern + '$');
  return (raw) => {
    if (raw == null) return { ok: true, value: null };
    if (raw instanceof Date) {
      if (Number.isNaN(raw.getTime())) return { ok: false, reason: 'invalid_date' };
      return { ok: true, value: raw.toISOString().slice(0, 10) };
    }
    if (typeof raw !== 'string') return { ok: false, reason: 'invalid_type' };
    const text = raw.trim();
    if (text === '') return { ok: true, value: null };
    const match = regex.exec(text);
    if (!match) return { ok: false, reason: 'invalid_date' };
    let year = 0;
    let month = 0;
    let day = 0;
    parts.forEach((part, i) => {
      const n = Number(match[i + 1]);
      if (part === 'Y4') year = n;
      else if (part === 'Y2') year = n < 69 ? 2000 + n : 1900 + n;
      else if (part === 'M') month = n;
      else day = n;
    });
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: 'invalid_date' };
    return {
      ok: true,
      value: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    };
  };
}
