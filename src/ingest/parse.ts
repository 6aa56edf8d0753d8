/**
 * Ingest entry points: records (objects) and CSV text or bytes in, validated events (columns) and a
 * row report out.
 * @module
 */
import { InvalidInputError, InvalidOptionsError, shownText, StrictModeError } from '../contract/errors.js';
import { ingestOptionsSchema, parseOptions, type IngestOptions } from '../contract/schema.js';
import { isInMemory, scanInMemory } from './byte-source.js';
import { planColumns } from './columns.js';
import { EventTableBuilder, type EventTable } from './event-table.js';
import { ReportBuilder, type RowReport } from './report.js';
import { createRowBuilder } from './rows.js';
import type { ScanSettings } from './scanner.js';
import { idNormalizer, REASON_TEXT, REJECT_REASONS } from './values.js';

/** Validated events (as columns) and what happened to every input row. */
export interface ParsedEvents {
  readonly events: EventTable;
  readonly report: RowReport;
}

/**
 * Checks a finished read against its options: a `dateFormat` for an input without a date column
 * means nothing and is an error; under `strict`, a report with a rejected row is an error. @internal
 */
export function checkStrict(report: RowReport, options: IngestOptions): void {
  if (options.dateFormat !== undefined && report.columns.found.length > 0 && !Object.prototype.hasOwnProperty.call(report.columns.mapped, 'date')) {
    const found = report.columns.found;
    throw new InvalidOptionsError(
      `\`dateFormat\` ("${shownText(options.dateFormat, 60)}") is given but the input has no date column ` +
        `(columns found: ${found.slice(0, 30).map((c) => `"${shownText(c, 60)}"`).join(', ')}${found.length > 30 ? ` and ${found.length - 30} more` : ''}). ` +
        `Map the date column with the \`columns\` option (CLI: --map date=COLUMN), or leave \`dateFormat\` out.`,
      [{ path: 'dateFormat', message: 'the input has no date column' }],
    );
  }
  if (options.strict && report.rejected > 0) {
    const first = report.errors[0];
    const reason = REJECT_REASONS.find((r) => report.reasons[r] > 0) ?? 'empty';
    throw new StrictModeError(report, report.rejected, first ? first.message : REASON_TEXT[reason]);
  }
}

/** The scanner's settings of validated ingest options. @internal */
export function scanSettingsOf(options: IngestOptions, keep?: readonly string[]): ScanSettings {
  if (options.idNormalization !== undefined && options.idNormalization.length > 0) {
    // The streaming readers keep ids as read; the option is not dropped without a word.
    throw new InvalidOptionsError(
      '`idNormalization` is applied by parseEvents, parseEventsCSV and analyze; the streaming readers keep ids as read (and analyze reports near-duplicates): pass `idNormalization` to analyze instead.',
      [{ path: 'idNormalization', message: 'not applied by this reader' }],
    );
  }
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
  for (let r = 0; r < records.length; r++) {
    const record = records[r];
    if (record === null || typeof record !== 'object') continue;
    let keys: string[];
    try {
      keys = Object.keys(record);
    } catch (error) {
      throw unreadable(r, null, error);
    }
    for (const key of keys) seen.add(key);
  }
  return [...seen];
}

/** The typed error of a record whose keys or value could not be read (a throwing getter or proxy). */
function unreadable(r: number, key: string | null, error: unknown): InvalidInputError {
  const why = shownText(error instanceof Error ? error.message : String(error), 200);
  return new InvalidInputError(
    `Record ${r + 1}: reading ${key === null ? 'its keys' : `"${shownText(key, 60)}"`} threw (${why}); records must be plain data (no throwing getters or proxies).`,
    { record: r + 1, ...(key !== null && { key }) },
  );
}

/** The events with their ids normalised: the distinct ids mapped once, codes remapped to the merged ids. */
function normalizedIds(events: EventTable, normalize: ((id: string) => string) | null): EventTable {
  if (normalize === null) return events;
  const { codes, values } = events.influencerId;
  const merged: string[] = [];
  const codeOf = new Map<string, number>();
  const remap = new Int32Array(values.length);
  let changed = false;
  for (let c = 0; c < values.length; c++) {
    const id = normalize(values[c]!);
    let code = codeOf.get(id);
    if (code === undefined) codeOf.set(id, (code = merged.length)), merged.push(id);
    remap[c] = code;
    if (code !== c || id !== values[c]) changed = true;
  }
  if (!changed) return events;
  const n = events.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = remap[codes[i]!]!;
  return { ...events, influencerId: { codes: out, values: merged } };
}

/**
 * The events with their ids normalised as asked, before they become influencers (the events given
 * are not mutated). @internal
 */
export function finishEvents(parsed: ParsedEvents, options: Pick<IngestOptions, 'idNormalization'>): ParsedEvents {
  const events = normalizedIds(parsed.events, idNormalizer(options.idNormalization));
  return events === parsed.events ? parsed : { events, report: parsed.report };
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
      try {
        return hasOwn.call(record, key) ? (record as Record<string, unknown>)[key] : undefined;
      } catch (error) {
        throw unreadable(r, key, error);
      }
    };
    const row = build(get, r + 1);
    if (row) events.addRow(row);
  }
  return finish(events.build(), report, opts);
}

function finish(events: EventTable, report: ReportBuilder, options: IngestOptions): ParsedEvents {
  const built = report.build();
  checkStrict(built, options);
  return finishEvents({ events, report: built }, options);
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
  const { idNormalization, ...scan } = opts;
  const { events, report } = scanInMemory(input, scanSettingsOf(scan));
  checkStrict(report, opts);
  return finishEvents({ events, report }, { ...(idNormalization !== undefined && { idNormalization }) });
}
