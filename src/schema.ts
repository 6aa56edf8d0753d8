/**
 * The contract: zod schemas of options, column mappings and event rows, shared by every entry point.
 * @module
 */
import { z } from 'zod';
import { InvalidOptionsError } from './errors.js';
import { EVENT_FIELDS, type EventField } from './fields.js';

/** Column mapping: event field -> column name in the input (`{ addToCart: 'leads' }`). */
export type ColumnMapping = Partial<Record<EventField, string>>;

const fieldEnum = z.enum(EVENT_FIELDS as [EventField, ...EventField[]]);

/** Date format tokens: `YYYY`, `YY`, `MM`, `M`, `DD`, `D`, separated by `-`, `/`, `.` or nothing. */
export const DATE_FORMAT_PATTERN = /^(?:YYYY|YY|MM|M|DD|D)(?:[-/.]?(?:YYYY|YY|MM|M|DD|D)){2}$/;

/** Zod schema of the column mapping. */
export const columnMappingSchema = z
  .partialRecord(fieldEnum, z.string().trim().min(1, 'a column name cannot be empty'))
  .describe('event field -> input column name');

/** Zod schema of the ingest options. */
export const ingestOptionsSchema = z
  .object({
    columns: columnMappingSchema.optional(),
    dateFormat: z
      .string()
      .regex(DATE_FORMAT_PATTERN, 'use tokens YYYY, YY, MM, M, DD, D with -, / or . between them (e.g. DD-MM-YYYY, M/D/YY)')
      .refine((f) => /Y/.test(f) && /M/.test(f) && /D/.test(f), 'a date format needs a year, a month and a day')
      .optional(),
    strict: z.boolean().optional(),
    maxErrors: z.number().int().nonnegative().optional(),
  })
  .strict();

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
}

/** Formats zod issues as `path: message` lines. */
export function formatIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Validates options with a zod schema, throwing {@link InvalidOptionsError} with readable paths. */
export function parseOptions<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = formatIssues(result.error);
  throw new InvalidOptionsError(
    `Invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
}

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const money = z.number().nonnegative().finite().max(Number.MAX_SAFE_INTEGER);
const isoDate = z.iso.date();

/**
 * Zod schema of one validated event row (the shape `parseEvents` returns). Useful to validate rows
 * that come from elsewhere or to derive a JSON Schema.
 *
 * @example
 * ```ts
 * eventRowSchema.parse({ influencerId: '7', impressions: 100, clicks: 3, addToCart: 1, purchases: 1,
 *   revenue: 25, cost: null, date: '2025-09-01', category: null, platform: null, campaign: null,
 *   followerCount: null, extra: {} });
 * ```
 */
export const eventRowSchema = z
  .object({
    influencerId: z.string().refine((s) => s.trim().length > 0, 'an influencer id cannot be blank'),
    impressions: count,
    clicks: count,
    addToCart: count,
    purchases: count,
    revenue: money.nullable(),
    cost: money.nullable(),
    date: isoDate.nullable(),
    category: z.string().nullable(),
    platform: z.string().nullable(),
    campaign: z.string().nullable(),
    followerCount: count.nullable(),
    extra: z.record(z.string(), z.string()),
  })
  .strict();
