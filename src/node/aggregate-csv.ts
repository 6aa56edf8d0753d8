/**
 * Streaming CSV -> per-influencer aggregate from files, on one thread or split across worker threads;
 * other sources go to the main entry's `aggregateEventsCSV`.
 * @module
 */
import { availableParallelism } from 'node:os';
import { existsSync, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  aggregateEventsCSV as aggregateEventsInput,
  finishStream,
  planStream,
  type AggregateEventsOptions as CoreOptions,
  type AggregatedEvents,
  type StreamPlan,
} from '../aggregate/aggregate-events-csv.js';
import { Accumulator } from '../aggregate/aggregate.js';
import { exportAccumulator, exportPeriodCells, mergeAccumulator, mergePeriodCells, type RawAccumulator, type RawPeriodCells } from '../aggregate/raw-state.js';
import { InfluencerFunnelError, InvalidInputError, InvalidOptionsError, type ErrorCode } from '../contract/errors.js';
import type { CsvInput } from '../ingest/byte-source.js';
import type { RowError, RowReport } from '../ingest/report.js';
import { readError, scanFile, type FileRange } from './read.js';
import { startsWithGzip, streamPath } from './stream-path.js';

export type { AggregatedEvents, ScanProgress } from '../aggregate/aggregate-events-csv.js';

/** Options of {@link aggregateEventsCSV}. */
export interface AggregateEventsOptions<D extends string = never> extends CoreOptions<D> {
  /**
   * Worker threads for a file: a number, or `'auto'` (the default: every core for files of 128 MB
   * and more, one thread below). Other sources are read on the calling thread, and so are gzip
   * files and paths that cannot seek (a FIFO, `/dev/stdin`, a `<(zcat ...)` substitution).
   */
  readonly workers?: number | 'auto';
  /**
   * Where the worker script is, for bundlers that move files: by default `scan-worker.js` next to
   * this module.
   */
  readonly workerURL?: URL | string;
}

/** What the streaming reader reads: a path, a file URL, or anything the main entry's reader takes. */
export type EventSource = string | URL | Exclude<CsvInput, string>;

/** What a range of a file gives: its events summed (as raw accumulator state) and its report. */
export interface PartResult {
  readonly raw: RawAccumulator;
  readonly periodsRaw?: RawPeriodCells;
  readonly report: RowReport;
  readonly lines: number;
  readonly bytes: number;
}

/**
 * Files below this size are read on one thread under `workers: 'auto'`: each worker starts with cold
 * code, so splitting pays only on larger files (measured on 2 cores: slower at 67 MB, faster at 336 MB).
 */
const AUTO_SPLIT_BYTES = 128 << 20;

/**
 * Reads a CSV file (a path or file URL) or stream straight into per-influencer totals, without
 * building row objects: the one scanner feeds the one accumulator batch by batch, and the row report
 * is exactly the one `parseEventsCSV` gives (same rejections, reasons, anomalies and line numbers).
 * Memory stays constant in the input size (it grows with the number of groups). Large files are split
 * across worker threads at line boundaries and the partial aggregates merged exactly. A gzip file
 * (recognised by its first bytes, whatever its name) is decompressed as it is read, and a path that
 * is not a regular file (a FIFO, `/dev/stdin`, a device) is read front to back without seeking, both
 * on one thread. Text, bytes, Blobs, web streams and Node streams (`process.stdin`) go to the main
 * entry's `aggregateEventsCSV`.
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
  const { workers: workersOption, workerURL, ...rest } = options ?? {};
  const workers = resolveWorkers(workersOption);
  if (typeof source !== 'string' && !(source instanceof URL)) return aggregateEventsInput(source, rest);
  const plan = planStream(rest as CoreOptions<string> & Record<string, unknown>);
  const onProgress = rest.onProgress;
  const path = source;
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw readError(error, typeof path === 'string' ? `"${path}"` : 'the input');
  }
  const size = info.size;
  // A pipe, FIFO or device cannot seek, and gzip is decompressed as it is read: streamed on this thread.
  if (!info.isFile() && !info.isDirectory()) return streamPath<D>(path, rest, null);
  if (info.isFile() && (await startsWithGzip(path))) return streamPath<D>(path, rest, size);
  const progress = onProgress ? (bytes: number, rows: number) => onProgress({ bytes, totalBytes: size, rows }) : undefined;
  const threads = workers === 'auto' ? (size >= AUTO_SPLIT_BYTES ? Math.min(availableParallelism(), 16) : 1) : workers;
  const url = threads > 1 ? (workerURL !== undefined ? new URL(String(workerURL), pathToFileURL(process.cwd() + '/')) : defaultWorkerURL()) : null;
  const utf8 = plan.settings.encoding === undefined || plan.settings.encoding === 'utf8';
  if (threads > 1 && url && utf8 && !(await startsWithUtf16Mark(path))) return scanSplit<D>(path, size, threads, plan, url, progress);
  const acc = new Accumulator<string>(plan.by, plan.rowRates, plan.periods);
  const whole = await scanFile(path, { start: 0 }, plan.settings, acc, progress);
  return finishStream<D>(acc, whole.report, plan);
}

/** Whether a file starts with a UTF-16 byte-order mark (such a file is read on one thread). */
async function startsWithUtf16Mark(path: string | URL): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  } finally {
    await handle.close();
  }
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

/** Scans a range of a file on this thread into raw accumulator state, as a worker does. */
export async function scanPart(path: string, range: FileRange, plan: StreamPlan, onChunk?: (bytes: number, rows: number) => void): Promise<PartResult> {
  const acc = new Accumulator<string>(plan.by, plan.rowRates, plan.periods);
  const result = await scanFile(path, range, plan.settings, acc, onChunk);
  const periodsRaw = acc.cells ? exportPeriodCells(acc.cells) : undefined;
  return { raw: exportAccumulator(acc), ...(periodsRaw && { periodsRaw }), report: result.report, lines: result.lines, bytes: result.bytes };
}

function runWorker(url: URL, path: string, range: FileRange, plan: StreamPlan, onProgress: (bytes: number, rows: number) => void): Promise<PartResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: { path, range, plan } });
    let settled = false;
    worker.on('message', (message: { type: string; result?: PartResult; bytes?: number; rows?: number; name?: string; message?: string; code?: string; details?: Record<string, unknown> }) => {
      if (message.type === 'progress') onProgress(message.bytes!, message.rows!);
      else if (message.type === 'done') {
        settled = true;
        resolve(message.result!);
        void worker.terminate();
      } else if (message.type === 'error') {
        settled = true;
        reject(message.code ? revived(message.name ?? 'InfluencerFunnelError', message.code as ErrorCode, message.message ?? 'The scan worker failed.', message.details ?? {}) : new Error(message.message));
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
async function scanSplit<D extends string>(
  path: string | URL,
  size: number,
  threads: number,
  plan: StreamPlan,
  url: URL,
  onProgress: ((bytes: number, rows: number) => void) | undefined,
): Promise<AggregatedEvents<D>> {
  const file = typeof path === 'string' ? path : fileURLToPath(path);
  const head = await scanFile(file, { start: 0, headerOnly: true }, plan.settings, null);
  // The ranges after the header read it with the header's delimiter.
  plan = { ...plan, settings: { ...plan.settings, delimiter: head.delimiter } };
  const points = head.bytes >= size ? [head.bytes] : await splitPoints(file, head.bytes, size, threads);
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
  // A range whose start fell inside a quoted field may fail (a quote "left open" at the end of the
  // file): its outcome is only read when the range turns out to start at a record boundary.
  const outcomes = await Promise.all(
    points.slice(0, -1).map((start, k) => {
      const range = { start, limit: points[k + 1]! - start, header: head.header };
      const onPart = (bytes: number, rows: number) => {
        progress[k] = [bytes, rows];
        tell();
      };
      const part = k === 0 ? scanPart(file, range, plan, onPart) : runWorker(url, file, range, plan, onPart);
      return part.then(
        (result): PartResult | { readonly error: unknown } => result,
        (error: unknown) => ({ error }),
      );
    }),
  );
  // The header's rows (blank lines before it), then each range that starts where the last ended.
  const acc = new Accumulator<string>(plan.by, plan.rowRates, plan.periods);
  const reports: { report: RowReport; lineOffset: number }[] = [{ report: head.report, lineOffset: 0 }];
  let usedBefore = head.report.used;
  let linesBefore = head.lines;
  let at = head.bytes;
  for (let k = 0; k < outcomes.length; k++) {
    const start = points[k]!;
    const end = points[k + 1]!;
    let part: PartResult;
    const lines = linesBefore;
    try {
      if (at === start) {
        const outcome = outcomes[k]!;
        if ('error' in outcome) throw outcome.error;
        part = outcome;
      } else if (at >= end) continue; // the previous range's last record covered this one
      else part = await scanPart(file, { start: at, limit: end - at, header: head.header }, plan);
    } catch (error) {
      throw inWholeFile(error, lines, at);
    }
    const slots = mergeAccumulator(acc, part.raw, usedBefore);
    if (acc.cells && part.periodsRaw) mergePeriodCells(acc.cells, part.periodsRaw, slots);
    reports.push({ report: part.report, lineOffset: linesBefore });
    usedBefore += part.report.used;
    linesBefore += part.lines;
    at += part.bytes;
  }
  onProgress?.(size, reports.reduce((n, p) => n + p.report.rows, 0));
  return finishStream<D>(acc, mergeReports(reports, plan.settings.maxErrors), plan);
}

/** A typed error that crossed from a worker, as the class it was thrown as. */
function revived(name: string, code: ErrorCode, message: string, details: Record<string, unknown>): InfluencerFunnelError {
  const error = code === 'INVALID_INPUT' ? new InvalidInputError(message, details) : new InfluencerFunnelError(code, message, details);
  if (error.name !== name) Object.defineProperty(error, 'name', { value: name, configurable: true, writable: true });
  return error;
}

/**
 * An error of a range's scan with its line and byte in the whole file's numbering: the range starts
 * after `linesBefore` lines, at byte `start` (messages start with "Line N").
 */
function inWholeFile(error: unknown, linesBefore: number, start: number): unknown {
  if (!(error instanceof InvalidInputError) || typeof error.details.line !== 'number') return error;
  const line = (error.details.line as number) + linesBefore;
  const details: Record<string, unknown> = { ...error.details, line };
  if (typeof details.offset === 'number') details.offset = (details.offset as number) + start;
  const message = error.message.replace(/^Line \d+/, `Line ${line}`).replace(/at offset \d+/, `at offset ${details.offset as number}`);
  return new InvalidInputError(message, details);
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
