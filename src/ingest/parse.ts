/**
 * Ingest entry points: records (objects) and CSV text or bytes in, validated rows and a row report out.
 * @module
 */
import { EmptyInputError, InvalidInputError, StrictModeError } from '../errors.js';
import { ingestOptionsSchema, parseOptions, type IngestOptions } from '../schema.js';
import type { EventRow } from '../types.js';
import { planColumns, type ColumnPlan } from './columns.js';
import { CsvRecordReader } from './csv-reader.js';
import { ReportBuilder, type RowReport } from './report.js';
import { asBytes, decodeBytes } from './decode.js';
import { createRecordBuilder, createRowBuilder, isBlankRecord, type RecordBuilder } from './rows.js';
import { REASON_TEXT, REJECT_REASONS } from './values.js';

/** Validated rows and what happened to every input row. */
export interface ParsedEvents {
  readonly rows: EventRow[];
  readonly report: RowReport;
}

function finish(rows: EventRow[], report: ReportBuilder, options: IngestOptions): ParsedEvents {
  const built = report.build();
  if (options.strict && built.rejected > 0) {
    const first = built.errors[0];
    const reason = REJECT_REASONS.find((r) => built.reasons[r] > 0) ?? 'empty';
    throw new StrictModeError(built, built.rejected, first ? first.message : REASON_TEXT[reason]);
  }
  return { rows, report: built };
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
 * const { rows, report } = parseEvents([
 *   { influencer_id: 'ana', impressions: 1000, clicks: 30, leads: 6, purchases: 2, revenue: 59.8 },
 *   { influencer_id: 'ben', impressions: -5, clicks: 0, leads: 0, purchases: 0 },
 * ], { columns: { addToCart: 'leads' } });
 * rows.length; // 1
 * report.reasons.negative; // 1
 * ```
 */
export function parseEvents(records: readonly unknown[], options: IngestOptions = {}): ParsedEvents {
  const opts = parseOptions(ingestOptionsSchema, options, 'ingest options');
  if (!Array.isArray(records)) throw new InvalidInputError('parseEvents requires an array of records.');
  if (records.length === 0) {
    const empty = new ReportBuilder({ found: [], mapped: {}, extra: {}, ignored: [] }, opts.maxErrors, 'record');
    return finish([], empty, opts);
  }
  const keys = recordKeys(records);
  const plan = planColumns(keys, opts.columns);
  const report = new ReportBuilder(plan.report, opts.maxErrors, 'record');
  const build = createRowBuilder(plan, report, opts.dateFormat);
  const rows: EventRow[] = [];
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
    if (row) rows.push(row);
  }
  return finish(rows, report, opts);
}

/**
 * Builds rows from CSV text as it arrives: push chunks of text with {@link CsvEventCollector.push}
 * (or straight into `reader`), then call {@link CsvEventCollector.finish}. The first non-blank
 * record is the header.
 *
 * @example
 * ```ts
 * const collector = new CsvEventCollector({ columns: { addToCart: 'leads' } });
 * collector.push('influencer_id,impressions,clicks,leads,purchases\n7,1000,2');
 * collector.push('0,4,1\n');
 * collector.finish().rows[0].clicks; // 20
 * ```
 */
export class CsvEventCollector {
  private plan: ColumnPlan | null = null;
  private report: ReportBuilder | null = null;
  private onData: RecordBuilder | null = null;
  private readonly rows: EventRow[] = [];
  private readonly options: IngestOptions;
  /** The record reader; pushing text here is the same as {@link CsvEventCollector.push}. */
  readonly reader: CsvRecordReader;

  constructor(options: IngestOptions = {}) {
    this.options = parseOptions(ingestOptionsSchema, options, 'ingest options');
    this.reader = new CsvRecordReader((fields, line, malformed) => this.onRecord(fields, line, malformed));
  }

  /** Feeds the next chunk of CSV text. */
  push(text: string): void {
    this.reader.push(text);
  }

  private onRecord(fields: string[], line: number, malformed: boolean): void {
    if (this.onData) {
      const row = this.onData(fields, line, malformed);
      if (row) this.rows.push(row);
      return;
    }
    if (isBlankRecord(fields)) return; // blank lines before the header
    this.plan = planColumns(fields, this.options.columns);
    this.report = new ReportBuilder(this.plan.report, this.options.maxErrors);
    this.onData = createRecordBuilder(this.plan, this.report, this.options.dateFormat);
  }

  /**
   * Ends the input and returns the rows and report.
   * @throws {EmptyInputError} when the input had no header row.
   * @throws {StrictModeError} under `strict` when a row was rejected.
   */
  finish(): ParsedEvents {
    this.reader.end();
    if (!this.report) throw new EmptyInputError('The CSV input is empty: no header row was found.');
    return finish(this.rows, this.report, this.options);
  }
}

/**
 * Parses CSV text (or bytes: UTF-8, or UTF-16 with a byte-order mark) into event rows. RFC 4180:
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
 * const { rows, report } = parseEventsCSV('influencer_id,impressions,clicks,add_to_cart,purchases,revenue\n007,1000,20,4,1,19.99\n');
 * rows[0].influencerId; // '007'
 * report.used; // 1
 * ```
 */
export function parseEventsCSV(input: string | Uint8Array | ArrayBuffer | ArrayBufferView, options: IngestOptions = {}): ParsedEvents {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) text = decodeBytes(asBytes(input));
  else throw new InvalidInputError('parseEventsCSV requires CSV text, a Uint8Array or an ArrayBuffer.');
  const collector = new CsvEventCollector(options);
  collector.push(text);
  return collector.finish();
}
