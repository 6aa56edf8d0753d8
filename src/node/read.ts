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
  try {
    const buffer = Buffer.allocUnsafe(range.headerOnly ? 1 << 16 : CHUNK_BYTES);
    let position = range.start;
    let read = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      read += bytesRead;
      scanner.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      onChunk?.(read, scanner.rows);
      if (scanner.done) break;
    }
    scanner.end();
  } catch (error) {
    throw readError(error, typeof path === 'string' ? `"${path}"` : 'the input');
  } finally {
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
