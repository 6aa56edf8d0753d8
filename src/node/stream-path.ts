/**
 * Files that are read as a stream, on one thread: pipes, FIFOs and devices (`/dev/stdin`, a
 * `<(zcat ...)` substitution), which cannot seek, and gzip files, which are decompressed as they
 * are read (and so cannot be split at byte offsets).
 * @module
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  aggregateEventsCSV as aggregateEventsInput,
  type AggregateEventsOptions,
  type AggregatedEvents,
} from '../aggregate/aggregate-events-csv.js';
import { isGzip } from '../ingest/gzip.js';
import { readError } from './read.js';

/** Whether a regular file starts with the gzip magic number (false when it cannot be read: reading it reports why). */
export async function startsWithGzip(path: string | URL): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return isGzip(head.subarray(0, bytesRead));
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

/**
 * Reads a path front to back with a read stream, through the main entry's reader (gzip decompressed
 * there); progress reports the bytes read of the file, against `totalBytes` when known.
 */
export async function streamPath<D extends string>(
  path: string | URL,
  options: AggregateEventsOptions<D>,
  totalBytes: number | null,
): Promise<AggregatedEvents<D>> {
  const onProgress = options.onProgress;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    return await aggregateEventsInput<D>(stream, {
      ...options,
      ...(onProgress && { onProgress: (p) => onProgress({ ...p, totalBytes }) }),
    });
  } catch (error) {
    throw readError(error, typeof path === 'string' ? `"${path}"` : 'the input');
  } finally {
    stream.destroy();
  }
}
