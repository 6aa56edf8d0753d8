/**
 * Node.js adapter: read event files and streams without loading them whole.
 * @module influencer-funnel/node
 */
import { createReadStream } from 'node:fs';
import { InfluencerFunnelError, InvalidInputError, InvalidOptionsError } from '../errors.js';
import { ChunkDecoder } from '../ingest/decode.js';
import { CsvEventCollector, type ParsedEvents } from '../ingest/parse.js';
import { ingestOptionsSchema, parseOptions, type IngestOptions } from '../schema.js';

/** Options of {@link readEventsCSV}. */
export interface ReadEventsOptions extends IngestOptions {
  /** Called after each chunk with the bytes read so far (for progress bars). */
  readonly onProgress?: (bytesRead: number) => void;
}

/** What {@link readEventsCSV} reads: a path, a file URL, or any async iterable of bytes or text (a Readable stream). */
export type CsvSource = string | URL | AsyncIterable<Uint8Array | string>;

/**
 * Reads a CSV file or stream chunk by chunk into validated event rows and a row report. The text is
 * never held whole, so a file larger than memory can be read as long as its rows fit. Bytes are
 * UTF-8, or UTF-16 when they start with its byte-order mark; chunks may split characters, line
 * ends and quoted fields anywhere. Same rules and report as `parseEventsCSV`.
 *
 * @throws {InvalidInputError} the file cannot be read (missing, a directory, no permission).
 * @throws {MissingColumnError} / {DuplicateColumnError} / {EmptyInputError} / {StrictModeError} as `parseEventsCSV`.
 *
 * @example
 * ```ts
 * import { readEventsCSV } from 'influencer-funnel/node';
 * const events = await readEventsCSV('examples/data/events.csv');
 * console.log(events.report.used, events.report.rejected);
 * ```
 */
export async function readEventsCSV(source: CsvSource, options: ReadEventsOptions = {}): Promise<ParsedEvents> {
  const { onProgress, ...ingest } = options ?? {};
  const opts = parseOptions(ingestOptionsSchema, ingest, 'ingest options');
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new InvalidOptionsError('`onProgress` must be a function.', [{ path: 'onProgress', message: 'expected a function' }]);
  }
  const name = typeof source === 'string' ? `"${source}"` : source instanceof URL ? `"${source.href}"` : 'the input';
  const collector = new CsvEventCollector(opts);
  const decoder = new ChunkDecoder();
  let bytes = 0;
  try {
    const stream = openSource(source);
    for await (const chunk of stream) {
      if (typeof chunk === 'string') {
        bytes += chunk.length;
        collector.push(chunk);
      } else if (chunk instanceof Uint8Array) {
        bytes += chunk.byteLength;
        collector.push(decoder.decode(chunk));
      } else {
        throw new InvalidInputError('readEventsCSV: a stream chunk is neither text nor bytes.');
      }
      onProgress?.(bytes);
    }
  } catch (error) {
    if (error instanceof InfluencerFunnelError) throw error;
    if (isSystemError(error)) throw new InvalidInputError(`Cannot read ${name}: ${error.message}`, { cause: error.code });
    throw error;
  }
  collector.push(decoder.end());
  return collector.finish();
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
