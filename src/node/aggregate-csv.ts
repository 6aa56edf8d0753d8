/**
 * Streaming CSV -> per-influencer aggregate, on one thread or split across worker threads.
 * @module
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Accumulator, validateBy, type Aggregate } from '../aggregate.js';
import { PeriodCells, type PeriodGranularity, type PeriodTable } from '../period-cells.js';
import { InfluencerFunnelError, InvalidInputError, InvalidOptionsError, StrictModeError, type ErrorCode } from '../errors.js';
import type { RowError, RowReport } from '../ingest/report.js';
import { REASON_TEXT } from '../ingest/values.js';
import { ingestOptionsSchema, parseOptions, type IngestOptions } from '../schema.js';
import { readError, scanChunks, scanFile, scanFileRaw, type FileRange } from './read.js';
import type { RawScanResult, ScanResult, ScanSettings } from './scan.js';

/** Progress of {@link aggregateEventsCSV}. */
export interface ScanProgress {
  /** Bytes read so far. */
  readonly bytes: number;
  /** File size, when the input is a file. */
  readonly totalBytes: number | null;
  /** Data rows read so far (used and rejected). */
  readonly rows: number;
}

/** Options of {@link aggregateEventsCSV}. */
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
   * `'week'`, `'month'`. `analyze(await aggregateEventsCSV(path, { periods: true }))` is the report
   * rows give.
   */
  readonly periods?: boolean | PeriodGranularity;
  /**
   * Worker threads for a file: a number, or `'auto'` (the default: every core for files of 128 MB
   * and more, one thread below). Other sources are read on the calling thread.
   */
  readonly workers?: number | 'auto';
  /** Called as bytes are read (about every megabyte). */
  readonly onProgress?: (progress: ScanProgress) => void;
  /**
   * Where the worker script is, for bundlers that move files: by default `scan-worker.js` next to
   * this module.
   */
  readonly workerURL?: URL | string;
}

/** What {@link aggregateEventsCSV} returns; `analyze` accepts it as it is. */
export interface AggregatedEvents<D extends string = never> {
  readonly aggregate: Aggregate<D>;
  readonly report: RowReport;
  /** Totals per influencer and period, with `periods`. */
  readonly periods?: PeriodTable;
}

/** What the streaming reader reads: a path, a file URL, or any async iterable of bytes or text. */
export type EventSource = string | URL | AsyncIterable<Uint8Array | string>;

/**
 * Files below this size are read on one thread under `workers: 'auto'`: each worker starts with cold
 * code, so splitting pays only on larger files (measured on 2 cores: slower at 67 MB, faster at 336 MB).
 */
const AUTO_SPLIT_BYTES = 128 << 20;

/**
 * Reads a CSV file or stream straight into per-influencer totals, without building row objects:
 * a byte-level scanner feeds mergeable accumulators, and the row report is exactly the one
 * `parseEventsCSV` gives (same rejections, reasons, anomalies and line numbers). Memory stays constant
 * in the input size (it grows with the number of groups). Large files are split across worker
 * threads at line boundaries and the partial aggregates merged exactly.
 *
 * @example
 * ```ts
 * import { analyze } from 'influencer-funnel';
 * import { aggregateEventsCSV } from 'influencer-funnel/node';
 * const events = await aggregateEventsCSV('examples/data/events.csv', { periods: true });
 * events.report.used; // 3000
 * const report = analyze(events); // the same report as analyze(await readEventsCSV('examples/data/events.csv'))
 * ```
 */
export async function aggregateEventsCSV<const D extends string = never>(
  source: EventSource,
  options: AggregateEventsOptions<D> = {},
): Promise<AggregatedEvents<D>> {
  const { by: byOption, workers: workersOption, onProgress, workerURL, rowRates, periods: periodsOption, ...ingest } = options;
  const opts = parseOptions(ingestOptionsSchema, ingest, 'ingest options');
  const by = validateBy(byOption) as readonly string[];
  if (periodsOption !== undefined && typeof periodsOption !== 'boolean' && !['auto', 'day', 'week', 'month'].includes(periodsOption as string)) {
    throw new InvalidOptionsError('`periods` must be a boolean, "auto", "day", "week" or "month".', [{ path: 'periods', message: 'expected a boolean or a period unit' }]);
  }
  const periods: PeriodGranularity | undefined = periodsOption === true ? 'auto' : periodsOption === false || periodsOption === undefined ? undefined : periodsOption;
  if (periods !== undefined && by.length > 0) {
    throw new InvalidOptionsError('`periods` sums per influencer and period: leave `by` empty.', [{ path: 'by', message: 'must be empty with periods' }]);
  }
  const workers = resolveWorkers(workersOption);
  if (rowRates !== undefined && typeof rowRates !== 'boolean') {
    throw new InvalidOptionsError('`rowRates` must be a boolean.', [{ path: 'rowRates', message: 'expected a boolean' }]);
  }
  const settings: ScanSettings = {
    by,
    ...(rowRates !== undefined && { rowRates }),
    ...(opts.columns !== undefined && { columns: opts.columns }),
    ...(opts.dateFormat !== undefined && { dateFormat: opts.dateFormat }),
    ...(opts.maxErrors !== undefined && { maxErrors: opts.maxErrors }),
    ...(periods !== undefined && { periods }),
  };
  let result: { aggregate: Aggregate<string>; report: RowReport; periods?: PeriodTable };
  if (typeof source === 'string' || source instanceof URL) {
    const path = source;
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      throw readError(error, typeof path === 'string' ? `"${path}"` : 'the input');
    }
    const progress = onProgress ? (bytes: number, rows: number) => onProgress({ bytes, totalBytes: size, rows }) : undefined;
    const threads = workers === 'auto' ? (size >= AUTO_SPLIT_BYTES ? Math.min(availableParallelism(), 16) : 1) : workers;
    const url = threads > 1 ? (workerURL !== undefined ? new URL(String(workerURL), pathToFileURL(process.cwd() + '/')) : defaultWorkerURL()) : null;
    if (threads > 1 && url) {
      result = await scanSplit(path, size, threads, settings, url, progress);
    } else {
      const whole = await scanFile(path, { start: 0 }, settings, progress);
      result = { aggregate: whole.aggregate, report: whole.report, ...(whole.periods && { periods: whole.periods }) };
    }
  } else if (source && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const progress = onProgress ? (bytes: number, rows: number) => onProgress({ bytes, totalBytes: null, rows }) : undefined;
    const whole = await scanChunks(source, settings, progress);
    result = { aggregate: whole.aggregate, report: whole.report, ...(whole.periods && { periods: whole.periods }) };
  } else {
    throw new InvalidInputError('aggregateEventsCSV requires a path, a file URL or an async iterable of chunks.');
  }
  if (opts.strict && result.report.rejected > 0) {
    const first = result.report.errors[0];
    throw new StrictModeError(result.report, result.report.rejected, first ? first.message : REASON_TEXT.empty);
  }
  return result as AggregatedEvents<D>;
}

function resolveWorkers(workers: number | 'auto' | undefined): number | 'auto' {
  if (workers === undefined || workers === 'auto') return 'auto';
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1) {
    throw new InvalidOptionsError('`workers` must be a positive integer or "auto".', [{ path: 'workers', message: 'expected a positive integer or "auto"' }]);
  }
  return workers;
}

/**
 * The built worker script (`scan-worker.js`, or `.cjs` from the CommonJS build) next to this code or
 * in `node/` beside it (when the build moved this code into a shared chunk); null when running from
 * TypeScript sources, which then read on one thread.
 */
function defaultWorkerURL(): URL | null {
  try {
    const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
    if (!here || !/\.(c|m)?js$/.test(here)) return null;
    const name = here.endsWith('.cjs') ? 'scan-worker.cjs' : 'scan-worker.js';
    for (const candidate of [`./${name}`, `./node/${name}`]) {
      const url = new URL(candidate, here);
      if (existsSync(url)) return url;
    }
    return null;
  } catch {
    return null;
  }
}

/** Byte offsets just after a line feed near each of `parts` equal shares of `[from, size)`. */
async function splitPoints(path: string | URL, from: number, size: number, parts: number): Promise<number[]> {
  const points = [from];
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    for (let k = 1; k < parts; k++) {
      let at = Math.max(points[points.length - 1]!, Math.floor(from + ((size - from) * k) / parts));
      let found = -1;
      while (found < 0 && at < size) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
        if (bytesRead === 0) break;
        const lf = buffer.subarray(0, bytesRead).indexOf(10);
        if (lf >= 0) found = at + lf + 1;
        else at += bytesRead;
      }
      if (found < 0 || found >= size) break;
      if (found > points[points.length - 1]!) points.push(found);
    }
  } finally {
    await handle.close();
  }
  points.push(size);
  return points;
}

interface WorkerOutcome {
  readonly result: RawScanResult;
}

function runWorker(url: URL, path: string, range: FileRange, settings: ScanSettings, onProgress: (bytes: number, rows: number) => void): Promise<WorkerOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: { path, range, settings } });
    let settled = false;
    worker.on('message', (message: { type: string; result?: RawScanResult; bytes?: number; rows?: number; name?: string; message?: string; code?: string }) => {
      if (message.type === 'progress') onProgress(message.bytes!, message.rows!);
      else if (message.type === 'done') {
        settled = true;
        resolve({ result: message.result! });
        void worker.terminate();
      } else if (message.type === 'error') {
        settled = true;
        reject(message.code ? new InfluencerFunnelError(message.code as ErrorCode, message.message ?? 'The scan worker failed.') : new Error(message.message));
        void worker.terminate();
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`The scan worker stopped with exit code ${code}.`));
    });
  });
}

/**
 * Splits a file at line boundaries across worker threads. A worker assumes its range starts at a
 * record boundary; the previous range's scanner, which reads past its end until its last record is
 * complete, tells whether it did. A range whose start fell inside a quoted field (a line break in a
 * quoted cell exactly at a split point) is read again on this thread from the true boundary, so the
 * result never depends on where the file was split.
 */
async function scanSplit(
  path: string | URL,
  size: number,
  threads: number,
  settings: ScanSettings,
  url: URL,
  onProgress: ((bytes: number, rows: number) => void) | undefined,
): Promise<{ aggregate: Aggregate<string>; report: RowReport; periods?: PeriodTable }> {
  const file = typeof path === 'string' ? path : fileURLToPath(path);
  const head = await scanFile(file, { start: 0, headerOnly: true }, settings);
  if (!head.header || head.bytes >= size) {
    return { aggregate: head.aggregate, report: head.report, ...(head.periods && { periods: head.periods }) };
  }
  const points = await splitPoints(file, head.bytes, size, threads);
  const progress = new Array<[number, number]>(points.length - 1).fill([0, 0]);
  const tell = () => {
    if (!onProgress) return;
    let bytes = head.bytes;
    let rows = head.report.rows;
    for (const [b, r] of progress) {
      bytes += b;
      rows += r;
    }
    onProgress(Math.min(bytes, size), rows);
  };
  // The first range is read on this thread (which would otherwise wait): one worker fewer to start
  // and to hold in memory.
  const outcomes = await Promise.all(
    points.slice(0, -1).map((start, k) => {
      const range = { start, limit: points[k + 1]! - start, header: head.header! };
      const onPart = (bytes: number, rows: number) => {
        progress[k] = [bytes, rows];
        tell();
      };
      return k === 0 ? scanFileRaw(file, range, settings, onPart).then((result) => ({ result })) : runWorker(url, file, range, settings, onPart);
    }),
  );
  const parts: (ScanResult | RawScanResult)[] = [head];
  let at = head.bytes;
  for (let k = 0; k < outcomes.length; k++) {
    const start = points[k]!;
    const end = points[k + 1]!;
    let part: ScanResult | RawScanResult;
    if (at === start) part = outcomes[k]!.result;
    else if (at >= end) continue; // the previous range's last record covered this one
    else part = await scanFileRaw(file, { start: at, limit: end - at, header: head.header }, settings);
    parts.push(part);
    at += part.bytes;
  }
  onProgress?.(size, parts.reduce((n, p) => n + p.report.rows, 0));
  return mergeParts(parts, settings);
}

/**
 * Merges consecutive parts into one accumulator: positions and line numbers continue from one part
 * to the next. Workers' parts arrive as raw accumulator state and are merged without building
 * their groups as objects.
 */
function mergeParts(
  parts: readonly (ScanResult | RawScanResult)[],
  settings: ScanSettings,
): { aggregate: Aggregate<string>; report: RowReport; periods?: PeriodTable } {
  let usedBefore = 0;
  let linesBefore = 0;
  const acc = new Accumulator(settings.by, settings.rowRates ?? true);
  const cells = settings.periods !== undefined ? new PeriodCells(settings.periods) : null;
  const reports: { report: RowReport; lineOffset: number }[] = [];
  const dims: (string | null)[] = new Array(settings.by.length);
  for (const part of parts) {
    if ('raw' in part) {
      const slots = acc.mergeRaw(part.raw, usedBefore);
      if (cells && part.periodsRaw) cells.mergeRaw(part.periodsRaw, slots);
    } else {
      // The header part (no rows), or a part read on this thread.
      if (cells && part.aggregate.groups.length > 0) throw new Error('A part with rows must arrive as raw state when periods are summed.');
      for (const g of part.aggregate.groups) {
        for (let d = 0; d < settings.by.length; d++) dims[d] = ((g as Record<string, unknown>)[settings.by[d]!] as string | null) ?? null;
        // Positions of this part continue after the rows before it.
        const shifted = usedBefore > 0 ? { ...g, state: { ...g.state, firstSeen: g.state.firstSeen + usedBefore } } : g;
        acc.merge(acc.slot(g.influencerId, dims), shifted);
      }
    }
    reports.push({ report: part.report, lineOffset: linesBefore });
    usedBefore += part.report.used;
    linesBefore += part.lines;
  }
  const report = mergeReports(reports, settings.maxErrors);
  return { aggregate: acc.result(), report, ...(cells && { periods: cells.table(acc.ids) }) };
}

/**
 * Merges the row reports of consecutive parts of one input: counts add up, and the error sample is
 * rebuilt (by the shared report builder, with line numbers shifted) in input order and capped.
 */
export function mergeReports(parts: readonly { readonly report: RowReport; readonly lineOffset: number }[], maxErrors = 100): RowReport {
  const first = parts[0]!.report;
  const errors: RowError[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(first)) {
    if (typeof value === 'number') out[key] = 0;
    else if (value && typeof value === 'object' && !Array.isArray(value) && key !== 'columns') out[key] = {};
    else out[key] = value;
  }
  for (const { report, lineOffset } of parts) {
    for (const [key, value] of Object.entries(report)) {
      if (typeof value === 'number') out[key] = (out[key] as number) + value;
      else if (key !== 'columns' && value && typeof value === 'object' && !Array.isArray(value)) {
        const target = out[key] as Record<string, number>;
        for (const [k, n] of Object.entries(value as Record<string, number>)) target[k] = (target[k] ?? 0) + n;
      }
    }
    for (const error of report.errors) {
      if (errors.length >= maxErrors) break;
      // Same error, its line shifted to the whole file's numbering (the message starts "line N").
      const line = error.line + lineOffset;
      errors.push({ ...error, line, message: error.message.replace(/^(\S+) \d+/, `$1 ${line}`) });
    }
  }
  out.errors = errors;
  return out as unknown as RowReport;
}
