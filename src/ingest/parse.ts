/**
 * Ingest entry points: records (objects) and CSV text or bytes in, validated events (columns) and a
 * row report out.
 * @module
 */
import { InvalidInputError, StrictModeError } from '../contract/errors.js';
import { ingestOptionsSchema, parseOptions, type IngestOptions } from '../contract/schema.js';
import { isInMemory, scanInMemory } from './byte-source.js';
import { planColumns } from './columns.js';
import { EventTableBuilder, type EventTable } from './event-table.js';
import { ReportBuilder, type RowReport } from './report.js';
import { createRowBuilder } from './rows.js';
import type { ScanSettings } from './scanner.js';
import { REASON_TEXT, REJECT_REASONS } from './values.js';

/** Validated events (as columns) and what happened to every input row. */
export interface ParsedEvents {
  readonly events: EventTable;
  readonly report: RowReport;
}

/** Under `strict`, a report with a rejected row is an error. @internal */
export function checkStrict(report: RowReport, options: IngestOptions): void {
  if (options.strict && report.rejected > 0) {
    const first = report.errors[0];
    const reason = REJECT_REASONS.find((r) => report.reasons[r] > 0) ?? 'empty';
    throw new StrictModeError(report, report.rejected, first ? first.message : REASON_TEXT[reason]);
  }
}

/** The scanner's settings of validated ingest options. @internal */
export function scanSettingsOf(options: IngestOptions, keep?: readonly string[]): ScanSettings {
  return {
    ...(options.columns !== undefined && { columns: options.columns }),
    ...(options.dateFormat !== undefined && { dateFormat: options.dateFormat }),
    ...(options.maxErrors !== undefined && { maxErrors: options.maxErrors }),
    ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
    ...(options.encoding !== undefined && { encoding: options.encoding }),
    ...(keep !== undefined && { keep }),
  };
}

/** Keys of the records in first-seen order: the union, since JSON often leaves out null fields. */
function recordKeys(records: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const record of records) {
    if (record === null || typeof record !== 'object') continue;
    for (const key of Object.keys(record)) seen.add(key);
  }
  return [...seen];
}

/**
 * Validates records (plain objects, e.g. parsed JSON) into event rows. Keys may be camelCase fields
 * (`addToCart`), snake_case columns (`add_to_cart`) or mapped names; values may be numbers or text.
 * Columns are the union of the records' own keys (a key missing from a record reads as empty);
 * inherited properties are never read, so keys such as `constructor` or `__proto__` are safe.
 * An empty array gives no rows and an empty report.
 *
 * @example
 * ```ts
 * const { events, report } = parseEvents([
 *   { influencer_id: 'ana', impressions: 1000, clicks: 30, leads: 6, purchases: 2, revenue: 59.8 },
 *   { influencer_id: 'ben', impressions: -5, clicks: 0, leads: 0, purchases: 0 },
 * ], { columns: { addToCart: 'leads' } });
 * events.length; // 1
 * report.reasons.negative; // 1
 * ```
 */
export function parseEvents(records: readonly unknown[], options: IngestOptions = {}): ParsedEvents {
  const opts = parseOptions(ingestOptionsSchema, options, 'ingest options');
  if (!Array.isArray(records)) throw new InvalidInputError('parseEvents requires an array of records.');
  const keys = records.length === 0 ? [] : recordKeys(records);
  const plan = records.length === 0 ? null : planColumns(keys, opts.columns);
  const report = new ReportBuilder(plan ? plan.report : { found: [], mapped: {}, extra: {}, ignored: [] }, opts.maxErrors, 'record');
  const fields = new Set<string>();
  if (plan) for (const [field, index] of Object.entries(plan.index)) if (index >= 0) fields.add(field);
  const events = new EventTableBuilder({ fields, extras: plan ? plan.extras.map((e) => e.key) : [] }, Math.max(16, records.length));
  if (!plan) return finish(events.build(), report, opts);
  const build = createRowBuilder(plan, report, opts.dateFormat);
  const hasOwn = Object.prototype.hasOwnProperty;
  for (let r = 0; r < records.length; r++) {
    const record = records[r];
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      report.reject(r + 1, '(record)', record, 'invalid_type', 'not an object');
      continue;
    }
    const get = (i: number): unknown => {
      const key = keys[i]!;
      return hasOwn.call(record, key) ? (record as Record<string, unknown>)[key] : undefined;
    };
    const row = build(get, r + 1);
    if (row) events.addRow(row);
  }
  return finish(events.build(), report, opts);
}

function finish(events: EventTable, report: ReportBuilder, options: IngestOptions): ParsedEvents {
  const built = report.build();
  checkStrict(built, options);
  return { events, report: built };
}

/**
 * Parses CSV text (or bytes: UTF-8, or UTF-16 with a byte-order mark) into validated events, as
 * columns ({@link EventTable}), with the row report. The same scanner reads every input. RFC 4180:
 * quoted fields with commas, quotes and line breaks, CRLF/LF/CR line ends, a byte-order mark, blank
 * lines, with or without a final line break; headers match after trimming and case-folding.
 *
 * @throws {MissingColumnError} a required column is missing (the message suggests the mapping).
 * @throws {DuplicateColumnError} two header cells name the same field.
 * @throws {EmptyInputError} no header row.
 * @throws {StrictModeError} `strict` and a row was rejected.
 *
 * @example
 * ```ts
 * const { events, report } = parseEventsCSV('influencer_id,impressions,clicks,add_to_cart,purchases,revenue\n007,1000,20,4,1,19.99\n');
 * events.influencerId.values; // ['007']
 * events.revenue; // Float64Array [19.99]
 * report.used; // 1
 * ```
 */
export function parseEventsCSV(input: string | Uint8Array | ArrayBuffer | ArrayBufferView, options: IngestOptions = {}): ParsedEvents {
  const opts = parseOptions(ingestOptionsSchema, options, 'ingest options');
  if (!isInMemory(input)) throw new InvalidInputError('parseEventsCSV requires CSV text, a Uint8Array or an ArrayBuffer.');
  const { events, report } = scanInMemory(input, scanSettingsOf(opts));
  checkStrict(report, opts);
  return { events, report };
}
