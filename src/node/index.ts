/**
 * Node.js adapter: read event files and streams without loading them whole.
 * @module influencer-funnel/node
 */
import { createReadStream } from 'node:fs';
import { InfluencerFunnelError, InvalidInputError, InvalidOptionsError } from '../contract/errors.js';
import { scanInput } from '../ingest/byte-source.js';
import { checkStrict, scanSettingsOf, type ParsedEvents } from '../ingest/parse.js';
import { ingestOptionsSchema, parseOptions, type IngestOptions } from '../contract/schema.js';

/** Options of {@link readEventsCSV}. */
export interface ReadEventsOptions extends IngestOptions {
  /** Called after each chunk with the bytes read so far (for progress bars). */
  readonly onProgress?: (bytesRead: number) => void;
}

/** What {@link readEventsCSV} reads: a path, a file URL, or any async iterable of bytes or text (a Readable stream). */
export type CsvSource = string | URL | AsyncIterable<Uint8Array | string>;

/**
 * Reads a CSV file or stream chunk by chunk into validated events (columns, see `EventTable`) and a
 * row report: the same scanner as `parseEventsCSV`, so the same events and report. The text is
 * never held whole. Bytes are UTF-8, or UTF-16 when they start with its byte-order mark; chunks may
 * split characters, line ends and quoted fields anywhere.
 *
 * @throws {InvalidInputError} the file cannot be read (missing, a directory, no permission).
 * @throws {MissingColumnError} / {DuplicateColumnError} / {EmptyInputError} / {StrictModeError} as `parseEventsCSV`.
 *
 * @example
 * ```ts
 * import { readEventsCSV } from 'influencer-funnel/node';
 * const { events, report } = await readEventsCSV('examples/data/events.csv');
 * console.log(events.length, report.used, report.rejected);
 * ```
 */
export async function readEventsCSV(source: CsvSource, options: ReadEventsOptions = {}): Promise<ParsedEvents> {
  const { onProgress, ...ingest } = options ?? {};
  const opts = parseOptions(ingestOptionsSchema, ingest, 'ingest options');
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new InvalidOptionsError('`onProgress` must be a function.', [{ path: 'onProgress', message: 'expected a function' }]);
  }
  const name = typeof source === 'string' ? `"${source}"` : source instanceof URL ? `"${source.href}"` : 'the input';
  let result;
  try {
    result = await scanInput(openSource(source), scanSettingsOf(opts), undefined, onProgress ? (bytes) => onProgress(bytes) : undefined);
  } catch (error) {
    if (error instanceof InfluencerFunnelError) throw error;
    if (isSystemError(error)) throw new InvalidInputError(`Cannot read ${name}: ${error.message}`, { cause: error.code });
    throw error;
  }
  checkStrict(result.report, opts);
  return { events: result.events, report: result.report };
}

function isSystemError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && /^(E[A-Z]+|ERR_INVALID_ARG_(TYPE|VALUE)|ERR_INVALID_URL.*)$/.test(error.code);
}

function openSource(source: CsvSource): AsyncIterable<Uint8Array | string> {
  if (typeof source === 'string' || source instanceof URL) return createReadStream(source, { highWaterMark: 1 << 20 });
  if (source && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') return source;
  throw new InvalidInputError('readEventsCSV requires a path, a file URL or an async iterable of chunks.');
}

export type { ParsedEvents } from '../ingest/parse.js';
export {
  aggregateEventsCSV,
  type AggregateEventsOptions,
  type AggregatedEvents,
  type EventSource,
  type ScanProgress,
} from './aggregate-csv.js';
