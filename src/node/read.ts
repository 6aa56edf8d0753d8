/**
 * Feeding the scanner: a byte range of a file, or any async iterable of chunks.
 * @module
 */
import { open } from 'node:fs/promises';
import { InvalidInputError } from '../errors.js';
import { EventScanner, type RawScanResult, type ScanResult, type ScanSettings } from './scan.js';

/** Bytes read per call; the buffer is reused, so memory does not grow with the file. */
export const CHUNK_BYTES = 1 << 20;

/** Reports bytes read and rows seen so far. */
export type ChunkListener = (bytes: number, rows: number) => void;

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

/** Scans a byte range of a file with a reused buffer. */
export async function scanFile(path: string | URL, range: FileRange, settings: ScanSettings, onChunk?: ChunkListener): Promise<ScanResult> {
  return (await scanFileWith(path, range, settings, onChunk)).result();
}

/** As {@link scanFile}, with the accumulator's raw state (what a worker hands back). */
export async function scanFileRaw(path: string | URL, range: FileRange, settings: ScanSettings, onChunk?: ChunkListener): Promise<RawScanResult> {
  return (await scanFileWith(path, range, settings, onChunk)).rawResult();
}

async function scanFileWith(path: string | URL, range: FileRange, settings: ScanSettings, onChunk?: ChunkListener): Promise<EventScanner> {
  const scanner = new EventScanner(settings, range.header);
  if (range.limit !== undefined) scanner.stopAt(range.limit);
  if (range.headerOnly) scanner.stopAfterHeader();
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
    const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)] as const;
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
      scanner.push(bytesRead === size ? chunk : chunk.subarray(0, bytesRead));
      onChunk?.(read, scanner.rows);
      if (scanner.done) break;
      pending ??= handle.read(buffers[which]!, 0, size, position);
    }
    scanner.end();
  } catch (error) {
    throw readError(error, typeof path === 'string' ? `"${path}"` : 'the input');
  } finally {
    // A read still in flight (the scanner stopped early) finishes before the file is closed.
    if (pending) await pending.catch(() => undefined);
    await handle.close();
  }
  return scanner;
}

/** Scans an async iterable of byte (or text) chunks. */
export async function scanChunks(
  source: AsyncIterable<Uint8Array | string>,
  settings: ScanSettings,
  onChunk?: ChunkListener,
): Promise<ScanResult> {
  const scanner = new EventScanner(settings);
  const encoder = new TextEncoder();
  let bytes = 0;
  let pendingHigh = '';
  try {
    for await (const chunk of source) {
      let data: Uint8Array;
      if (typeof chunk === 'string') {
        // Keep a trailing high surrogate with the next chunk so that a pair split across chunks
        // encodes as one character.
        let text = pendingHigh + chunk;
        pendingHigh = '';
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          pendingHigh = text.slice(-1);
          text = text.slice(0, -1);
        }
        data = encoder.encode(text);
      } else if (chunk instanceof Uint8Array) {
        data = chunk;
      } else {
        throw new InvalidInputError('Chunks must be Uint8Array or string.');
      }
      bytes += data.length;
      scanner.push(data);
      onChunk?.(bytes, scanner.rows);
    }
  } catch (error) {
    throw readError(error, 'the input');
  }
  if (pendingHigh) scanner.push(encoder.encode(pendingHigh));
  scanner.end();
  return scanner.result();
}
