/**
 * The contract: zod schemas of options, column mappings and event rows, shared by every entry point.
 * @module
 */
import { en } from 'zod/locales';
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
}

/**
 * English messages for the issues a schema gives no message of its own (`zod/mini` loads no locale),
 * passed to every parse the library makes, so its errors read the same whatever the app's zod config.
 */
export const PARSE_CONTEXT: z.core.ParseContext<z.core.$ZodIssue> = Object.freeze({ error: en().localeError });

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
