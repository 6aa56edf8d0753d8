/**
 * CSV straight into per-influencer totals: the one scanner hands its events to the one accumulator
 * batch by batch, so memory follows the number of influencers (and periods), not the input's rows.
 * Runs anywhere (browsers, workers, Deno, Bun); `influencer-funnel/node` adds files and threads.
 * @module
 */
import { Accumulator, validateBy, type Aggregate } from './aggregate.js';
import { InvalidOptionsError } from '../contract/errors.js';
import { scanInput, type CsvInput } from '../ingest/byte-source.js';
import { checkStrict, scanSettingsOf } from '../ingest/parse.js';
import type { RowReport } from '../ingest/report.js';
import type { ScanSettings } from '../ingest/scanner.js';
import type { PeriodGranularity, PeriodTable } from './period-cells.js';
import { ingestOptionsSchema, parseOptions, type IngestOptions } from '../contract/schema.js';

/** Progress of `aggregateEventsCSV`. */
export interface ScanProgress {
  /** Bytes read so far (characters, for text chunks). */
  readonly bytes: number;
  /** Input size, when known (a file or a `Blob`). */
  readonly totalBytes: number | null;
  /** Data rows read so far (used and rejected). */
  readonly rows: number;
}

/** Options of `aggregateEventsCSV`. */
export interface AggregateEventsOptions<D extends string = never> extends IngestOptions {
  /** Dimensions to group by besides the influencer, as in `aggregate`. */
  readonly by?: readonly D[];
  /**
   * Keep the exact sums of per-row rates that only the `classic` preset reads (default `true`, as in
   * `aggregate`); `false` saves six divisions and exact sums per row.
   */
  readonly rowRates?: boolean;
  /**
   * Also sum per influencer and period, and return those totals as `periods` beside per-influencer
   * totals (`by` must then be empty): `true` (or `'auto'`) for the granularity `analyze`'s trend
   * picks by default (day up to 120 days of data, week up to two years, else month; cells are
   * coarsened as the dates come in, so memory follows influencers × periods, not rows), or `'day'`,
   * `'week'`, `'month'`. `analyze(await aggregateEventsCSV(input, { periods: true }))` is the report
   * the events give.
   */
  readonly periods?: boolean | PeriodGranularity;
  /** Called as chunks are read. */
  readonly onProgress?: (progress: ScanProgress) => void;
}

/** What `aggregateEventsCSV` returns; `analyze` accepts it as it is. */
export interface AggregatedEvents<D extends string = never> {
  readonly aggregate: Aggregate<D>;
  readonly report: RowReport;
  /** Totals per influencer and period, with `periods`. */
  readonly periods?: PeriodTable;
}

/** Validated options of a streamed aggregation. @internal */
export interface StreamPlan {
  readonly by: readonly string[];
  readonly rowRates: boolean;
  readonly periods: PeriodGranularity | undefined;
  readonly ingest: IngestOptions;
  readonly settings: ScanSettings;
}

/** Checks the options of `aggregateEventsCSV` (both entries). @internal */
export function planStream(options: AggregateEventsOptions<string> & Record<string, unknown>): StreamPlan {
  const { by: byOption, onProgress, rowRates, periods: periodsOption, ...rest } = options ?? {};
  const opts = parseOptions(ingestOptionsSchema, rest, 'ingest options');
  const by = validateBy(byOption) as readonly string[];
  if (periodsOption !== undefined && typeof periodsOption !== 'boolean' && !['auto', 'day', 'week', 'month'].includes(periodsOption as string)) {
    throw new InvalidOptionsError('`periods` must be a boolean, "auto", "day", "week" or "month".', [{ path: 'periods', message: 'expected a boolean or a period unit' }]);
  }
  const periods: PeriodGranularity | undefined = periodsOption === true ? 'auto' : periodsOption === false || periodsOption === undefined ? undefined : periodsOption;
  if (periods !== undefined && by.length > 0) {
    throw new InvalidOptionsError('`periods` sums per influencer and period: leave `by` empty.', [{ path: 'by', message: 'must be empty with periods' }]);
  }
  if (rowRates !== undefined && typeof rowRates !== 'boolean') {
    throw new InvalidOptionsError('`rowRates` must be a boolean.', [{ path: 'rowRates', message: 'expected a boolean' }]);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new InvalidOptionsError('`onProgress` must be a function.', [{ path: 'onProgress', message: 'expected a function' }]);
  }
  // The accumulator reads the date and the category, and the `by` dimensions; other text is only checked.
  const keep = ['date', 'category', ...by];
  return { by, rowRates: rowRates ?? true, periods, ingest: opts, settings: scanSettingsOf(opts, keep) };
}

/** The aggregate of a finished stream, with its report and period totals, checked under `strict`. @internal */
export function finishStream<D extends string>(acc: Accumulator<string>, report: RowReport, plan: StreamPlan): AggregatedEvents<D> {
  checkStrict(report, plan.ingest);
  const periods = acc.periodTable();
  return { aggregate: acc.result() as unknown as Aggregate<D>, report, ...(periods && { periods }) };
}

/**
 * Reads CSV (text, bytes, a `Blob` such as a browser `File`, a web `ReadableStream` such as
 * `file.stream()` or `fetch().body`, or an async iterable of chunks) straight into per-influencer
 * totals: the same scanner as `parseEventsCSV`, so the same row report, feeding the same accumulator as
 * `aggregate`, batch by batch, so memory does not grow with the input. UTF-8, or UTF-16 by its
 * byte-order mark.
 *
 * @example
 * ```ts
 * // response = await fetch('/events.csv'); input = <input type="file">
 * const report = analyze(await aggregateEventsCSV(response.body, { periods: true })); // = analyze(parseEventsCSV(text))
 * const fromFile = await aggregateEventsCSV(input.files[0]); // a File: its bytes, streamed
 * fromFile.aggregate.groups.length; // 100
 * ```
 */
export async function aggregateEventsCSV<const D extends string = never>(input: CsvInput, options: AggregateEventsOptions<D> = {}): Promise<AggregatedEvents<D>> {
  const plan = planStream(options as AggregateEventsOptions<string> & Record<string, unknown>);
  const acc = new Accumulator<string>(plan.by, plan.rowRates, plan.periods);
  const total = typeof Blob !== 'undefined' && input instanceof Blob ? input.size : null;
  const onProgress = options.onProgress;
  const result = await scanInput(
    input,
    plan.settings,
    (batch, position) => acc.addTable(batch, position),
    onProgress ? (bytes, rows) => onProgress({ bytes, totalBytes: total, rows }) : undefined,
  );
  acc.addTable(result.events, result.position);
  return finishStream(acc, result.report, plan);
}
