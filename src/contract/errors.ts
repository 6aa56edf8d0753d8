/**
 * Typed errors. Every error the library throws on purpose is an {@link InfluencerFunnelError}
 * with a stable `code`, so callers can branch on `error.code` instead of parsing messages.
 * @module
 */

/** Codes carried by {@link InfluencerFunnelError}. */
export type ErrorCode =
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'INVALID_INPUT'
  | 'INVALID_OPTIONS'
  | 'INVALID_SCHEME'
  | 'STRICT_REJECTED'
  | 'EMPTY_INPUT'
  | 'NO_USABLE_ROW'
  | 'MISSING_DEPENDENCY';

/** Characters escaped in messages: C0 and C1 controls, DEL, line and paragraph separators, bidi controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as a message shows it: control characters escaped (`\u0000` style) and cut to `max` UTF-16
 * units (without splitting a surrogate pair or an escape), the cut marked with `…`. @internal
 */
export function shownText(text: string, max = 200): string {
  const escaped = text.length > 4 * max ? text.slice(0, 4 * max) : text;
  const safe = escaped.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (safe.length <= max && escaped.length === text.length) return safe;
  let end = Math.min(max, safe.length);
  const c = safe.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  // Never end inside an escape (`\u00` of `\u0000`).
  const escape = safe.lastIndexOf('\\u', end - 1);
  if (escape >= 0 && escape > end - 6 && /^\\u[0-9a-f]{4}/.test(safe.slice(escape, escape + 6))) end = escape;
  return `${safe.slice(0, end)}…`;
}

/** A list of names as a message shows it: each quoted and cut, at most `max` of them, then how many more. */
function shownList(names: readonly string[], max = 30): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, max).map((n) => `"${shownText(String(n), 60)}"`).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * Base class of every error thrown by influencer-funnel.
 *
 * @example
 * ```ts
 * try {
 *   parseEventsCSV('id,clicks\n1,2\n');
 * } catch (error) {
 *   if (error instanceof InfluencerFunnelError) console.log(error.code); // 'MISSING_COLUMN'
 * }
 * ```
 */
export class InfluencerFunnelError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** Structured details (columns found, the offending path, the row report...). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/**
 * A required column is absent from a CSV header or a table.
 *
 * @example
 * ```ts
 * try {
 *   parseEventsCSV('influencer_id,impressions,clicks,leads,orders\n');
 * } catch (error) {
 *   if (error instanceof MissingColumnError) error.missing; // ['add_to_cart', 'purchases']
 * }
 * ```
 */
export class MissingColumnError extends InfluencerFunnelError {
  /**
   * @param missing the absent columns (required ones first, then mapped optional ones)
   * @param found the header cells as found
   * @param suggestion how to fix it (a mapping)
   * @param mapped which of `missing` are optional fields' mapped columns (named "mapped", not "required")
   */
  constructor(
    readonly missing: readonly string[],
    readonly found: readonly string[],
    readonly suggestion: string,
    readonly mapped: readonly string[] = [],
  ) {
    const required = missing.filter((m) => !mapped.includes(m));
    const optional = missing.filter((m) => mapped.includes(m));
    const part = (kind: string, names: readonly string[]) =>
      names.length ? `Missing ${kind} column${names.length > 1 ? 's' : ''} ${shownList(names, 20)}. ` : '';
    super(
      'MISSING_COLUMN',
      part('required', required) + part('mapped', optional) + `Columns found: ${shownList(found)}. ${shownText(suggestion, 1000)}`,
      { missing, found, suggestion, mapped },
    );
  }
}

/**
 * Two header cells resolve to the same field (or the same extra column key) after trimming and
 * case-folding, so the library cannot tell which one to read.
 *
 * @example
 * ```ts
 * parseEventsCSV('influencer_id,Clicks,clicks,impressions,add_to_cart,purchases\n'); // throws: appears more than once
 * ```
 */
export class DuplicateColumnError extends InfluencerFunnelError {
  /** The clashing header cells as found, in header order. */
  readonly columns: readonly string[];

  constructor(
    readonly column: string,
    readonly found: readonly string[],
    readonly suggestion: string = 'Rename one of them, or map the field to the one you mean with the `columns` option.',
    columns: readonly string[] = [column],
  ) {
    super(
      'DUPLICATE_COLUMN',
      `Column "${shownText(column, 60)}" appears more than once in the header (after trimming and case-folding)` +
        (columns.length > 1 ? `: ${columns.map((c) => `"${shownText(c, 60)}"`).join(' and ')}` : '') +
        `. Columns found: ${shownList(found)}. ${shownText(suggestion, 1000)}`,
      { column, columns, found, suggestion },
    );
    this.columns = columns;
  }
}

/**
 * Options, a mapping or an input value of the wrong shape.
 *
 * @example
 * ```ts
 * parseEventsCSV('influencer_id\n', { dateFormat: 'YYYY' }); // throws: Invalid ingest options
 * ```
 */
export class InvalidOptionsError extends InfluencerFunnelError {
  constructor(message: string, readonly issues: readonly { path: string; message: string }[] = []) {
    super('INVALID_OPTIONS', message, { issues });
  }
}

/**
 * Input that is not what the function reads (not an array, not text...).
 *
 * @example
 * ```ts
 * parseEvents('not an array' as never); // throws: requires an array
 * ```
 */
export class InvalidInputError extends InfluencerFunnelError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INVALID_INPUT', message, details);
  }
}

/**
 * The input has no header row at all (an empty file, or only blank lines).
 *
 * @example
 * ```ts
 * parseEventsCSV('\n\n'); // throws: EmptyInputError
 * ```
 */
export class EmptyInputError extends InfluencerFunnelError {
  constructor(message = 'The input is empty: no header row was found.') {
    super('EMPTY_INPUT', message);
  }
}

/**
 * `strict: true` and at least one row was rejected; `report` holds the full row report.
 *
 * @example
 * ```ts
 * const csv = 'influencer_id,impressions,clicks,add_to_cart,purchases\na,-1,0,0,0\n';
 * parseEventsCSV(csv, { strict: true }); // throws: 1 row was rejected
 * ```
 */
export class StrictModeError extends InfluencerFunnelError {
  constructor(readonly report: unknown, rejected: number, firstReason: string) {
    super(
      'STRICT_REJECTED',
      `${rejected} row${rejected === 1 ? ' was' : 's were'} rejected and strict mode is on (first: ${firstReason}).`,
      { report },
    );
  }
}

/**
 * The input has data rows but not one of them is usable: every row was rejected. The message names
 * the main reasons with their counts and a hint; `report` holds the full row report. An input
 * without data rows (a header only) is not this error: it gives an empty report.
 *
 * @example
 * ```ts
 * const csv = 'influencer_id,impressions,clicks,add_to_cart,purchases,date\na,1,0,0,0,31/08/2025\n';
 * analyze(csv); // throws: No usable row: the 1 row read was rejected (1 invalid date)
 * ```
 */
export class NoUsableRowError extends InfluencerFunnelError {
  constructor(
    readonly report: unknown,
    message: string,
  ) {
    super('NO_USABLE_ROW', message, { report });
  }
}
