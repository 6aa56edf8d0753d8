/**
 * Node.js adapter: read event files and streams without loading them whole.
 * @module influencer-funnel/node
 */
import { createReadStream } from 'node:fs';
import { InvalidInputError } from '../errors.js';
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
 * never held whole, so a file larger than memory can be read as long as its rows fit.
 *
 * @example
 * ```ts
 * import { readEventsCSV } from 'influencer-funnel/node';
 * const events = await readEventsCSV('events.csv', { columns: { addToCart: 'leads' } });
 * console.log(events.report.used, events.report.rejected);
 * ```
 */
export async function readEventsCSV(source: CsvSource, options: ReadEventsOptions = {}): Promise<ParsedEvents> {
  const { onProgress, ...ingest } = options;
  const opts = parseOptions(ingestOptionsSchema, ingest, 'ingest options');
  const stream = openSource(source);
  const decoder = new TextDecoder('utf-8');
  const collector = new CsvEventCollector(opts);
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      if (typeof chunk === 'string') {
        bytes += chunk.length;
        collector.reader.push(chunk);
      } else {
        bytes += chunk.byteLength;
        collector.reader.push(decoder.decode(chunk, { stream: true }));
      }
      onProgress?.(bytes);
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code)) {
      throw new InvalidInputError(`Cannot read ${typeof source === 'string' ? `"${source}"` : 'the input'}: ${error.message}`, { cause: error.code });
    }
    throw error;
  }
  collector.reader.push(decoder.decode());
  return collector.finish();
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
