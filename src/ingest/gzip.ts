/**
 * Gzip inputs, recognised by their first two bytes (`1f 8b`) whatever their name, and decompressed
 * on the fly with the runtime's `DecompressionStream('gzip')` (Node 18+, Deno, Bun, browsers), so a
 * `.csv.gz` reaches the scanner as the CSV bytes it holds, chunk by chunk.
 * @module
 */
import { InfluencerFunnelError, InvalidInputError } from '../contract/errors.js';

/** A source of chunks read one at a time (a stream reader, an async iterator). @internal */
export interface ChunkSource {
  /** The next chunk, or `done`. */
  next(): Promise<IteratorResult<unknown>>;
  /** Lets the source go (reading has ended, or stops early). Called once. */
  close(): Promise<void> | void;
}

/** Whether bytes start with the gzip magic number `1f 8b`. @internal */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The message for gzip bytes handed to a synchronous reader. @internal */
export const GZIP_IN_MEMORY =
  'The input is gzip-compressed (it starts with the bytes 1f 8b): parseEventsCSV reads CSV text or bytes synchronously; ' +
  'use aggregateEventsCSV, or readEventsCSV from influencer-funnel/node, which decompress gzip as they read.';

/** What {@link gunzipSource} gives: the CSV bytes' source, and how many input bytes were read so far. @internal */
export interface Gunzipped {
  readonly source: ChunkSource;
  readonly gzip: boolean;
  /** Bytes of the input (compressed, for gzip) read so far. */
  readonly inputBytes: () => number;
}

/**
 * Reads the first chunks of `source` until its first two bytes are known; when they are the gzip
 * magic number, returns a source of the decompressed bytes, otherwise a source that gives the same
 * chunks as `source` (the ones read ahead first). Text chunks are never gzip. Several gzip members
 * one after the other (`cat a.gz b.gz`) decompress to their contents one after the other. When this
 * throws, the caller still owns `source` (and closes it).
 * @internal
 */
export async function gunzipSource(source: ChunkSource): Promise<Gunzipped> {
  const head: unknown[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < 2) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    if (!(next.value instanceof Uint8Array)) break;
    headBytes += next.value.byteLength;
  }
  let consumed = 0;
  const replay: ChunkSource = {
    next: async () => {
      if (head.length > 0) return { done: false, value: head.shift() };
      if (ended) return { done: true, value: undefined };
      return source.next();
    },
    close: () => source.close(),
  };
  if (!startsWithGzip(head)) return { source: replay, gzip: false, inputBytes: () => consumed };
  if (typeof DecompressionStream === 'undefined') {
    throw new InvalidInputError('The input is gzip-compressed (it starts with the bytes 1f 8b), and this runtime has no DecompressionStream to decompress it: decompress it first.');
  }
  let sourceError: unknown;
  let closed = false;
  const closeSource = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await source.close();
  };
  const compressed = new ReadableStream<BufferSource>(
    {
      async pull(controller) {
        let next: IteratorResult<unknown>;
        try {
          next = await replay.next();
          if (!next.done && !(next.value instanceof Uint8Array)) throw new InvalidInputError('A chunk of a gzip-compressed input is not bytes (Uint8Array).');
        } catch (error) {
          sourceError ??= error;
          throw error;
        }
        if (next.done) {
          controller.close();
          return;
        }
        const chunk = next.value as Uint8Array<ArrayBuffer>;
        consumed += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel: closeSource,
    },
    { highWaterMark: 0 },
  );
  const reader = compressed.pipeThrough(new DecompressionStream('gzip')).getReader();
  let finished = false;
  return {
    gzip: true,
    inputBytes: () => consumed,
    source: {
      next: async () => {
        try {
          const next = await reader.read();
          if (next.done) finished = true;
          return next;
        } catch (error) {
          finished = true;
          // The source's own error (a file that cannot be read) as it is; the decompressor's as an input error.
          if (sourceError !== undefined) throw sourceError;
          if (error instanceof InfluencerFunnelError) throw error;
          throw new InvalidInputError(
            `The input is gzip-compressed (it starts with the bytes 1f 8b) but cannot be decompressed: ${error instanceof Error ? error.message : String(error)} (a truncated or damaged file?).`,
            { cause: error instanceof Error && 'code' in error ? String(error.code) : 'gzip' },
          );
        }
      },
      close: async () => {
        // Stopped early: cancelling the decompressed stream lets the source go; otherwise let it go here.
        if (!finished) await reader.cancel().catch(() => undefined);
        reader.releaseLock();
        await closeSource();
      },
    },
  };
}

function startsWithGzip(head: readonly unknown[]): boolean {
  const bytes: number[] = [];
  for (const chunk of head) {
    if (!(chunk instanceof Uint8Array)) return false;
    for (let i = 0; i < chunk.length && bytes.length < 2; i++) bytes.push(chunk[i]!);
    if (bytes.length >= 2) break;
  }
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}
