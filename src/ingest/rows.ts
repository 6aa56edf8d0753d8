/**
 * Turns one raw record (CSV fields or an object) into a validated {@link EventRow}, or a rejection
 * in the report. Shared by every ingest path.
 * @module
 */
import { FIELDS, type FieldSpec } from '../contract/fields.js';
import type { EventRow } from '../contract/types.js';
import type { ColumnPlan } from './columns.js';
import type { ReportBuilder } from './report.js';
import {
  compileDateParser,
  parseCount,
  parseExtra,
  parseId,
  parseMoney,
  parseOptionalCount,
  parseText,
  type DateParser,
  type Parsed,
} from './values.js';

/** Reads one record; `source` is a header index for CSV and a key for objects. */
export type RecordAccess = (source: number) => unknown;

/** A compiled row builder for one column plan. */
export type RowBuilder = (get: RecordAccess, line: number) => EventRow | null;

/**
 * Compiles a row builder. It returns the row (and counts it as used, with its anomalies) or `null`
 * after recording the rejection of its first failing cell (cells are checked in field order:
 * id, impressions, clicks, add-to-cart, purchases, revenue, cost, date, category, platform,
 * campaign, follower count, then extra columns, which never reject).
 *
 * @example
 * ```ts
 * const plan = planColumns(['influencer_id', 'impressions', 'clicks', 'add_to_cart', 'purchases']);
 * const report = new ReportBuilder(plan.report);
 * const build = createRowBuilder(plan, report);
 * const cells = ['7', '100', '4', '1', '1'];
 * build((i) => cells[i], 2); // { influencerId: '7', impressions: 100, ... }
 * ```
 */
export function createRowBuilder(plan: ColumnPlan, report: ReportBuilder, dateFormat?: string): RowBuilder {
  const ix = plan.index;
  const header = plan.report.found;
  const extras = plan.extras;
  // Each field's parser follows from its kind in the field list; cells are checked in its order.
  const parseDate: DateParser = compileDateParser(dateFormat);
  const parserOf = (f: FieldSpec): ((raw: unknown) => Parsed<unknown>) =>
    f.kind === 'id' ? parseId : f.kind === 'count' ? (f.required ? parseCount : parseOptionalCount) : f.kind === 'money' ? parseMoney : f.kind === 'date' ? parseDate : f.kind === 'text' ? parseText : parseOptionalCount;
  const fields = FIELDS.map((f) => ({ field: f.field, index: ix[f.field], parse: parserOf(f), fallback: f.kind === 'id' ? '' : f.required ? 0 : null }));

  return (get, line) => {
    const row: Record<string, unknown> = {};
    const take = (field: string, index: number, parse: (raw: unknown) => Parsed<unknown>): unknown => {
      const raw = get(index);
      const parsed = parse(raw);
      if (parsed.ok) {
        if (parsed.value === null && raw !== undefined) report.countNull(field);
        return parsed.value;
      }
      report.reject(line, header[index] ?? field, raw, parsed.reason);
      return REJECTED;
    };
    for (const { field, index, parse, fallback } of fields) {
      const value = index < 0 ? fallback : take(field, index, parse);
      if (value === REJECTED) return null;
      row[field] = value;
    }
    const extra = Object.create(null) as Record<string, string>;
    for (const { key, index } of extras) {
      const value = take(key, index, parseExtra);
      if (value !== null) extra[key] = value as string;
    }
    row.extra = extra;
    const event = row as unknown as EventRow;
    report.use(event.impressions, event.clicks, event.addToCart, event.purchases);
    return event;
  };
}

/** What a cell that rejected its row reads as. */
const REJECTED: unique symbol = Symbol('rejected');

/** Reads one CSV record: its fields, the physical line it starts on, and the reader's malformed flag. */
export type RecordBuilder = (fields: readonly string[], line: number, malformed: boolean) => EventRow | null;

/**
 * Whether a CSV record is blank: an empty line, or a line whose fields are all empty or white
 * space (`,,,`, as spreadsheets write below the data). Blank records are not rows.
 *
 * @example
 * ```ts
 * isBlankRecord(['']);           // true
 * isBlankRecord([' ', '', '']);  // true
 * isBlankRecord(['7', '', '']);  // false
 * ```
 */
export function isBlankRecord(fields: readonly string[]): boolean {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.length > 0 && f.trim() !== '') return false;
  }
  return true;
}

/**
 * Compiles the handler of one CSV data record, the single place where record-level rules live:
 * a blank record is counted under `blankLines` and skipped; a record flagged malformed by the
 * reader is rejected as `malformed_quotes`; a record with fewer fields than the header, or with
 * more whose extra cells are not all empty, is rejected as `field_count` (extra empty trailing
 * cells, as some exporters write, are ignored); anything else goes to the row builder.
 *
 * @example
 * ```ts
 * const plan = planColumns(['influencer_id', 'impressions', 'clicks', 'add_to_cart', 'purchases']);
 * const report = new ReportBuilder(plan.report);
 * const onRecord = createRecordBuilder(plan, report);
 * onRecord(['7', '100', '4', '1', '1', ''], 2, false); // a row (the empty sixth cell is ignored)
 * onRecord(['8', '100'], 3, false); // null, rejected as field_count
 * ```
 */
export function createRecordBuilder(plan: ColumnPlan, report: ReportBuilder, dateFormat?: string): RecordBuilder {
  const build = createRowBuilder(plan, report, dateFormat);
  const width = plan.report.found.length;
  return (fields, line, malformed) => {
    if (isBlankRecord(fields)) {
      report.blankLines++;
      return null;
    }
    if (malformed) {
      report.reject(line, '(row)', fields.join(','), 'malformed_quotes');
      return null;
    }
    if (fields.length !== width) {
      let extraContent = fields.length < width;
      for (let i = width; !extraContent && i < fields.length; i++) if (fields[i]!.trim() !== '') extraContent = true;
      if (extraContent) {
        report.reject(
          line,
          '(row)',
          fields.join(','),
          'field_count',
          `a row of ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${width}`,
        );
        return null;
      }
    }
    return build((i) => fields[i], line);
  };
}
