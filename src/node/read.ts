/**
 * Feeding the scanner from a file: a byte range, read with two reused buffers.
 * @module
 */
import { open } from 'node:fs/promises';
import type { Accumulator } from '../aggregate/aggregate.js';
import { InvalidInputError } from '../contract/errors.js';
import { Utf8Feeder, type ChunkListener } from '../ingest/byte-source.js';
import { EventScanner, type ScanResult, type ScanSettings } from '../ingest/scanner.js';

/** Bytes read per call; the buffers are reused, so memory does not grow with the file. */
export const CHUNK_BYTES = 1 << 20;

/** What to scan in a file: from `start`, up to the first record boundary at or after `start + limit`. */
export interface FileRange {
  readonly start: number;
  readonly limit?: number;
  /** Header cells when the range starts after the header. */
  readonly header?: readonly string[];
  /** Stop after the header (and return where it ended). */
  readonly headerOnly?: boolean;
}

/** Turns an operating-system error into a typed input error. */
export function readError(error: unknown, what: string): unknown {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code)) {
    return new InvalidInputError(`Cannot read ${what}: ${error.message}`, { cause: error.code });
  }
  return error;
}

/**
 * Scans a byte range of a file. With an accumulator, the events go into it batch by batch (the
 * result's `events` is then empty); without one they are returned. A range that starts the file is
 * read through the UTF-8 feeder (so a UTF-16 file is transcoded); a range inside it is UTF-8 bytes.
 */
export async function scanFile(
  path: string | URL,
  range: FileRange,
  settings: ScanSettings,
  acc: Accumulator<string> | null,
  onChunk?: ChunkListener,
): Promise<ScanResult> {
  const scanner = new EventScanner(settings, range.header, acc ? (batch, position) => acc.addTable(batch, position) : undefined);
  if (range.limit !== undefined) scanner.stopAt(range.limit);
  if (range.headerOnly) scanner.stopAfterHeader();
  const feeder = range.start === 0 && !range.header ? new Utf8Feeder(scanner, settings.encoding) : null;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw readError(error, typeof path === 'string' ? `"${path}"` : 'the input');
  }
  // Two buffers: the next chunk is read (on libuv's thread pool) while this one is scanned, so
  // reading overlaps scanning instead of alternating with it. The scanner copies what it keeps.
  let pending: Promise<{ bytesRead: number }> | null = null;
  try {
    const size = range.headerOnly ? 1 << 16 : CHUNK_BYTES;
    const buffers = [new Uint8Array(size), new Uint8Array(size)] as const;
    let which = 0;
    let position = range.start;
    let read = 0;
    pending = handle.read(buffers[0], 0, size, position);
    for (;;) {
      const { bytesRead }: { bytesRead: number } = await pending!;
      pending = null;
      if (bytesRead === 0) break;
      const chunk = buffers[which]!;
      position += bytesRead;
      read += bytesRead;
      which ^= 1;
      // (Only the header is wanted: it is nearly always in the first chunk, so no read ahead.)
      if (!range.headerOnly) pending = handle.read(buffers[which]!, 0, size, position);
      const bytes = bytesRead === size ? chunk : chunk.subarray(0, bytesRead);
      if (feeder) feeder.bytes(bytes);
      else scanner.push(bytes);
      onChunk?.(read, scanner.rows);
      if (scanner.done) break;
      pending ??= handle.read(buffers[which]!, 0, size, position);
    }
    if (feeder) feeder.end();
    else scanner.end();
  } catch (error) {
    throw readError(error, typeof path === 'string' ? `"${path}"` : 'the input');
  } finally {
    // A read still in flight (the scanner stopped early) finishes before the file is closed.
    if (pending) await pending.catch(() => undefined);
    await handle.close();
  }
  const result = scanner.result();
  if (acc) acc.addTable(result.events, result.position);
  return result;
}
