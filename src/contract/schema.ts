/**
 * The contract: zod schemas of options, column mappings and event rows, shared by every entry point.
 * @module
 */
import * as z from 'zod/mini';
import { InvalidOptionsError } from './errors.js';
import { EVENT_FIELDS, type EventField } from './fields.js';

/** The encodings the readers decode. */
export const ENCODINGS = Object.freeze(['utf8', 'utf16le', 'latin1', 'windows-1252'] as const);

/** Column mapping: event field -> column name in the input (`{ addToCart: 'leads' }`). */
export type ColumnMapping = Partial<Record<EventField, string>>;

const fieldEnum = z.enum(EVENT_FIELDS as [EventField, ...EventField[]]);

/** Date format tokens: `YYYY`, `YY`, `MM`, `M`, `DD`, `D`, separated by `-`, `/`, `.` or nothing. */
export const DATE_FORMAT_PATTERN = /^(?:YYYY|YY|MM|M|DD|D)(?:[-/.]?(?:YYYY|YY|MM|M|DD|D)){2}$/;

/** Zod schema of the column mapping. */
export const columnMappingSchema = z
  .partialRecord(fieldEnum, z.string().check(z.trim(), z.minLength(1, 'a column name cannot be empty')))
  .register(z.globalRegistry, { description: 'event field -> input column name' });

/** Zod schema of the ingest options. */
export const ingestOptionsSchema = z.strictObject({
  columns: z.optional(columnMappingSchema),
  dateFormat: z.optional(
    z.string().check(
      z.regex(DATE_FORMAT_PATTERN, 'use tokens YYYY, YY, MM, M, DD, D with -, / or . between them (e.g. DD-MM-YYYY, M/D/YY)'),
      z.refine((f: string) => /Y/.test(f) && /M/.test(f) && /D/.test(f), 'a date format needs a year, a month and a day'),
    ),
  ),
  strict: z.optional(z.boolean()),
  maxErrors: z.optional(z.number().check(z.int(), z.nonnegative())),
  delimiter: z.optional(
    z.string().check(z.refine((d: string) => d.length === 1 && d !== '"' && d !== '\r' && d !== '\n', 'a delimiter is one character other than a quote or a line break (",", ";", "\\t", "|")')),
  ),
  encoding: z.optional(z.enum(ENCODINGS as unknown as [Encoding, ...Encoding[]])),
  idNormalization: z.optional(
    z.array(z.enum(['trim', 'nfc', 'case'], { error: 'use "trim", "nfc" or "case"' })).check(
      z.refine((steps: readonly string[]) => new Set(steps).size === steps.length, 'a step is listed twice'),
    ),
  ),
});

/** Byte encodings the readers decode: UTF-8 (the default, with UTF-16 recognised by its byte-order mark), UTF-16 little endian, ISO-8859-1 and Windows-1252. */
export type Encoding = 'utf8' | 'utf16le' | 'latin1' | 'windows-1252';

/** Options of every ingest function. */
export interface IngestOptions {
  /** Input column for an event field, when it is not the default snake_case name. */
  readonly columns?: ColumnMapping;
  /** Date format of the `date` column: `YYYY-MM-DD` (default), `DD-MM-YYYY`, `MM/DD/YYYY`, `M/D/YY`... */
  readonly dateFormat?: string;
  /** Throw a `StrictModeError` when any row is rejected. */
  readonly strict?: boolean;
  /** How many row errors the report keeps as a sample (default 100). Counts are always complete. */
  readonly maxErrors?: number;
  /** Field delimiter of CSV input; by default the one of `,`, `;`, tab and `|` the header line uses most (`,` when none). */
  readonly delimiter?: string;
  /**
   * Encoding of CSV bytes: `utf8` (default; bytes that are not valid UTF-8 are an error naming the
   * line and byte, and UTF-16 is recognised by its byte-order mark), `utf16le`, `latin1`
   * (ISO-8859-1) or `windows-1252`.
   */
  readonly encoding?: Encoding;
  /**
   * Normalises influencer ids before they become influencers, merging the ids that then match:
   * `trim` (surrounding white space), `nfc` (Unicode NFC) and `case` (lower case), applied in that
   * order. Default none: ids are kept as read, and near-duplicates are only reported
   * (`report.nearDuplicateIds`). Applied by `parseEvents`, `parseEventsCSV` and `analyze`.
   */
  readonly idNormalization?: readonly ('trim' | 'nfc' | 'case')[];
}

/** Units of the sizes zod's English messages name, by the origin of the issue. */
const SIZE_UNITS: Record<string, string> = { string: 'characters', file: 'bytes', array: 'items', set: 'items', map: 'entries' };

/** A type name as zod's English messages spell it (`NaN`, `Infinity` for a non-finite number). */
const typeName = (type: string, input?: unknown): string =>
  type === 'number' && typeof input === 'number' && !Number.isFinite(input) ? String(input) : type === 'nan' ? 'NaN' : type;

/** The type zod names for an input (as its `parsedType` does). */
function parsedType(input: unknown): string {
  if (typeof input === 'number') return Number.isNaN(input) ? 'nan' : 'number';
  if (typeof input === 'object' && input !== null) {
    if (Array.isArray(input)) return 'array';
    if (Object.getPrototypeOf(input) !== Object.prototype && 'constructor' in input && input.constructor) return (input.constructor as { name: string }).name;
  }
  return input === null ? 'null' : typeof input;
}

/** Values as zod's messages list them: strings quoted, bigints with `n` (as its `joinValues` does). */
const joinValues = (values: readonly unknown[], separator: string): string =>
  values.map((v) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? `"${v}"` : `${String(v)}`)).join(separator);

/**
 * zod's English message (its `en` locale, word for word) of each issue the library's schemas can
 * raise without a message of their own: wrong types, values outside an enum, numbers out of range,
 * pattern mismatches, unknown keys. `zod/mini` loads no locale, and the whole `en` locale would
 * carry the names of string formats no schema here checks.
 */
function englishMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${typeName(issue.expected)}, received ${typeName(parsedType(issue.input), issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `Invalid input: expected ${joinValues(issue.values, '')}` : `Invalid option: expected one of ${joinValues(issue.values, '|')}`;
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const adj = issue.exact ? 'exactly ' : issue.inclusive ? (big ? '<=' : '>=') : big ? '<' : '>';
      const bound = `${adj}${(big ? issue.maximum : issue.minimum).toString()}`;
      const unit = SIZE_UNITS[issue.origin!];
      const origin = big ? (issue.origin ?? 'value') : issue.origin;
      return `Too ${big ? 'big' : 'small'}: expected ${origin} ${unit ? `to have ${bound} ${unit}` : `to be ${bound}`}`;
    }
    case 'invalid_format':
      return issue.format === 'regex' ? `Invalid string: must match pattern ${(issue as z.core.$ZodIssueInvalidStringFormat).pattern}` : `Invalid ${issue.format}`;
    case 'not_multiple_of':
      return `Invalid number: must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${joinValues(issue.keys, ', ')}`;
    case 'invalid_key':
      return `Invalid key in ${issue.origin}`;
    case 'invalid_element':
      return `Invalid value in ${issue.origin}`;
    default:
      return 'Invalid input';
  }
}

/**
 * English messages for the issues a schema gives no message of its own (`zod/mini` loads no locale),
 * passed to every parse the library makes, so its errors read the same whatever the app's zod config.
 */
export const PARSE_CONTEXT: z.core.ParseContext<z.core.$ZodIssue> = Object.freeze({ error: englishMessage });

/** Formats zod issues as `path: message` lines. */
export function formatIssues(error: z.core.$ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Validates options with a zod schema, throwing {@link InvalidOptionsError} with readable paths. */
export function parseOptions<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value ?? {}, PARSE_CONTEXT);
  if (result.success) return result.data;
  const issues = formatIssues(result.error);
  throw new InvalidOptionsError(
    `Invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
}

/**
 * Zod schema of one validated event row (the shape `parseEvents` returns). Useful to validate rows
 * that come from elsewhere or to derive a JSON Schema (`z.toJSONSchema(eventRowSchema)`). A `zod/mini`
 * schema: checks without a message of their own use the app's zod locale (`z.config(z.locales.en())`).
 *
 * @example
 * ```ts
 * eventRowSchema.parse({ influencerId: '7', impressions: 100, clicks: 3, addToCart: 1, purchases: 1,
 *   revenue: 25, cost: null, date: '2025-09-01', category: null, platform: null, campaign: null,
 *   followerCount: null, extra: {} });
 * ```
 */
export const eventRowSchema = /* @__PURE__ */ (() => {
  // Built in a pure function so that bundles which never use it drop it (and the zod parts only it needs).
  const count = z.number().check(z.int(), z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER));
  const money = z.number().check(z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER));
  return z.strictObject({
    influencerId: z.string().check(z.refine((s: string) => s.trim().length > 0, 'an influencer id cannot be blank')),
    impressions: count,
    clicks: count,
    addToCart: count,
    purchases: count,
    revenue: z.nullable(money),
    cost: z.nullable(money),
    date: z.nullable(z.iso.date()),
    category: z.nullable(z.string()),
    platform: z.nullable(z.string()),
    campaign: z.nullable(z.string()),
    followerCount: z.nullable(count),
    extra: z.record(z.string(), z.string()),
  });
})();
