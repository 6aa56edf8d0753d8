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
  | 'MISSING_DEPENDENCY';

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
  constructor(
    readonly missing: readonly string[],
    readonly found: readonly string[],
    readonly suggestion: string,
  ) {
    super(
      'MISSING_COLUMN',
      `Missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}. ` +
        `Columns found: ${found.length ? found.map((f) => `"${f}"`).join(', ') : '(none)'}. ${suggestion}`,
      { missing, found, suggestion },
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
      `Column "${column}" appears more than once in the header (after trimming and case-folding)` +
        (columns.length > 1 ? `: ${columns.map((c) => `"${c}"`).join(' and ')}` : '') +
        `. Columns found: ${found.map((f) => `"${f}"`).join(', ')}. ${suggestion}`,
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
