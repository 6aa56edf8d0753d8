/**
 * Ingest entry points: records (objects) and CSV text or bytes in, validated rows and a row report out.
 * @module
 */
import { InvalidInputError, StrictModeError } from '../errors.js';
import { ingestOptionsSchema, parseOptions, type IngestOptions } from '../schema.js';
import type { EventRow } from '../types.js';
import { planColumns, type ColumnPlan } from './columns.js';
import { CsvRecordReader } from './csv-reader.js';
import { ReportBuilder, type RowReport } from './report.js';
import { createRowBuilder, type RowBuilder } from './rows.js';
import { REASON_TEXT } from './values.js';

/** Validated rows and what happened to every input row. */
export interface ParsedEvents {
  readonly rows: EventRow[];
  readonly report: RowReport;
}

function finish(rows: EventRow[], report: ReportBuilder, options: IngestOptions): ParsedEvents {
  const built = report.build();
  if (options.strict && built.rejected > 0) {
    const first = built.errors[0];
    throw new StrictModeError(built, built.rejected, first ? first.message : REASON_TEXT.empty);
  }
  return { rows, report: built };
}

/**
 * Validates records (plain objects, e.g. parsed JSON) into event rows. Keys may be camelCase fields
 * (`addToCart`), snake_case columns (`add_to_cart`) or mapped names; values may be numbers or text.
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
  const first = records.find((r) => r !== null && typeof r === 'object');
  const keys = first ? Object.keys(first) : [];
  const plan = planColumns(keys, opts.columns);
  const report = new ReportBuilder(plan.report, opts.maxErrors);
  const build = createRowBuilder(plan, report, opts.dateFormat);
  const rows: EventRow[] = [];
  for (let r = 0; r < records.length; r++) {
    const record = records[r];
    if (record === null || typeof record !== 'object') {
      report.reject(r + 1, '(record)', record, 'invalid_type');
      continue;
    }
    const row = build((i) => (record as Record<string, unknown>)[keys[i]!], r + 1);
    if (row) rows.push(row);
  }
  return finish(rows, report, opts);
}

/** Builds rows from CSV records as they arrive: the first record is the header. */
export class CsvEventCollector {
  private plan: ColumnPlan | null = null;
  private report: ReportBuilder | null = null;
  private build: RowBuilder | null = null;
  private readonly rows: EventRow[] = [];
  readonly reader: CsvRecordReader;

  constructor(private readonly options: IngestOptions) {
    this.reader = new CsvRecordReader((fields, line, malformed) => this.onRecord(fields, line, malformed));
  }

  private onRecord(fields: string[], line: number, malformed: boolean): void {
    if (!this.plan) {
      if (fields.length === 1 && fields[0]!.trim() === '') return; // blank lines before the header
      this.plan = planColumns(fields, this.options.columns);
      this.report = new ReportBuilder(this.plan.report, this.options.maxErrors);
      this.build = createRowBuilder(this.plan, this.report, this.options.dateFormat);
      return;
    }
    const report = this.report!;
    if (fields.length === 1 && fields[0] === '') {
      report.blankLines++;
      return;
    }
    if (malformed) return report.reject(line, '(row)', fields.join(','), 'malformed_quotes');
    const width = this.plan.report.found.length;
    if (fields.length !== width) {
      return report.reject(line, '(row)', `${fields.length} fields, header has ${width}`, 'field_count');
    }
    const row = this.build!((i) => fields[i], line);
    if (row) this.rows.push(row);
  }

  /** Ends the input and returns the rows and report. */
  finish(): ParsedEvents {
    this.reader.end();
    if (!this.plan) {
      // No header at all: every required column is missing.
      planColumns([], this.options.columns);
    }
    return finish(this.rows, this.report!, this.options);
  }
}

/**
 * Parses CSV text (or UTF-8 bytes) into event rows. RFC 4180: quoted fields with commas, quotes and
 * line breaks, CRLF/LF/CR line ends, a byte-order mark, blank lines; headers match after trimming
 * and case-folding.
 *
 * @example
 * ```ts
 * const { rows, report } = parseEventsCSV('influencer_id,impressions,clicks,add_to_cart,purchases,revenue\n7,1000,20,4,1,19.99\n');
 * rows[0].influencerId; // '7'
 * report.used; // 1
 * ```
 */
export function parseEventsCSV(input: string | Uint8Array | ArrayBuffer, options: IngestOptions = {}): ParsedEvents {
  const opts = parseOptions(ingestOptionsSchema, options, 'ingest options');
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input instanceof Uint8Array || input instanceof ArrayBuffer) text = new TextDecoder('utf-8').decode(input);
  else throw new InvalidInputError('parseEventsCSV requires CSV text, a Uint8Array or an ArrayBuffer.');
  const collector = new CsvEventCollector(opts);
  collector.reader.push(text);
  return collector.finish();
}
