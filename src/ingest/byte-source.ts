/**
 * Feeding the one scanner: every input (text, bytes, a `Blob`, a web `ReadableStream`, an async
 * iterable) becomes UTF-8 bytes pushed into an {@link EventScanner}. UTF-8 passes through untouched;
 * UTF-16 (little or big endian, recognised by its byte-order mark) and text are transcoded chunk by
 * chunk, so the scanner and its row report are the same for every encoding.
 * @module
 */
import { InvalidInputError } from '../contract/errors.js';
import type { Encoding } from '../contract/schema.js';
import { GZIP_IN_MEMORY, gunzipSource, isGzip, type ChunkSource } from './gzip.js';
import { EventScanner, type EventBatchListener, type ScanResult, type ScanSettings } from './scanner.js';

/** What the readers accept: text, bytes, a `Blob` (a browser `File`), a web stream or an async iterable of chunks. */
export type CsvInput =
  | string
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

/** Reports bytes read and rows seen so far. */
export type ChunkListener = (bytes: number, rows: number) => void;

/**
 * Turns chunks of bytes (UTF-8, or UTF-16 by its byte-order mark, or the encoding given) or text into
 * UTF-8 for a scanner. Chunks may split characters and the byte-order mark anywhere.
 */
export class Utf8Feeder {
  /** The decoder of a UTF-16 or Windows-1252 input (a UTF-16 byte-order mark, or the encoding given); null for UTF-8. */
  private decoder: TextDecoder | null = null;
  /** ISO-8859-1 input: each byte is the code point, encoded to UTF-8 directly. */
  private readonly latin1: boolean;
  /** The first byte, held until the second tells whether a UTF-16 byte-order mark starts the input. */
  private head: Uint8Array | null = null;
  private sniffed = false;
  private readonly encoder = new TextEncoder();
  /** A high surrogate at the end of the last text chunk, kept for the next one. */
  private pendingHigh = '';

  constructor(
    private readonly scanner: EventScanner,
    encoding: Encoding = 'utf8',
  ) {
    this.latin1 = encoding === 'latin1';
    if (encoding === 'utf16le' || encoding === 'windows-1252') {
      this.decoder = new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'windows-1252');
      this.sniffed = true;
    } else if (this.latin1) {
      this.sniffed = true;
    }
  }

  /** Feeds a chunk of bytes. */
  bytes(chunk: Uint8Array): void {
    if (!this.sniffed) {
      const bytes = this.head ? concat(this.head, chunk) : chunk;
      if (bytes.length < 2) {
        this.head = bytes.slice();
        return;
      }
      this.head = null;
      this.sniffed = true;
      if (bytes[0] === 0xff && bytes[1] === 0xfe) this.decoder = new TextDecoder('utf-16le');
      else if (bytes[0] === 0xfe && bytes[1] === 0xff) this.decoder = new TextDecoder('utf-16be');
      chunk = bytes;
    }
    if (this.decoder) this.text(this.decoder.decode(chunk, { stream: true }));
    else if (this.latin1) this.scanner.push(latin1ToUtf8(chunk));
    else this.scanner.push(chunk);
  }

  /** Feeds a chunk of text. */
  text(chunk: string): void {
    let text = this.pendingHigh + chunk;
    this.pendingHigh = '';
    // A pair split across chunks encodes as one character.
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.pendingHigh = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text.length > 0) this.scanner.push(this.encoder.encode(text));
  }

  /** Ends the input. */
  end(): void {
    if (this.head) {
      this.scanner.push(this.head);
      this.head = null;
    }
    if (this.decoder) {
      const rest = this.decoder.decode();
      if (rest) this.text(rest);
    }
    if (this.pendingHigh) this.scanner.push(this.encoder.encode(this.pendingHigh));
    this.pendingHigh = '';
    this.scanner.end();
  }
}

/** ISO-8859-1 bytes as UTF-8: bytes below 0x80 as they are, the others as two bytes. */
function latin1ToUtf8(bytes: Uint8Array): Uint8Array {
  let high = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) high++;
  if (high === 0) return bytes;
  const out = new Uint8Array(bytes.length + high);
  let j = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) out[j++] = b;
    else {
      out[j++] = 0xc0 | (b >> 6);
      out[j++] = 0x80 | (b & 0x3f);
    }
  }
  return out;
}

/** Views any byte container as a `Uint8Array` without copying. */
export function asBytes(input: Uint8Array | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
}

/** Whether `input` is text or bytes held in memory (read synchronously). */
export function isInMemory(input: unknown): input is string | Uint8Array | ArrayBuffer | ArrayBufferView {
  return typeof input === 'string' || input instanceof ArrayBuffer || ArrayBuffer.isView(input);
}

/** Scans text or bytes held in memory (gzip bytes are an error: they are decompressed by {@link scanInput}). */
export function scanInMemory(input: string | Uint8Array | ArrayBuffer | ArrayBufferView, settings: ScanSettings, onBatch?: EventBatchListener): ScanResult {
  if (typeof input !== 'string' && isGzip(asBytes(input))) throw new InvalidInputError(GZIP_IN_MEMORY);
  const scanner = new EventScanner(settings, undefined, onBatch);
  const feeder = new Utf8Feeder(scanner, settings.encoding);
  if (typeof input === 'string') feeder.text(input);
  else feeder.bytes(asBytes(input));
  feeder.end();
  return scanner.result();
}

/**
 * Scans any {@link CsvInput}; `onBatch` receives the events in batches as they are read (the result
 * then holds only the last, partial batch). Bytes that start with the gzip magic number (`1f 8b`)
 * are decompressed as they are read; `onChunk` then counts the compressed bytes.
 */
export async function scanInput(input: CsvInput, settings: ScanSettings, onBatch?: EventBatchListener, onChunk?: ChunkListener): Promise<ScanResult> {
  if (isInMemory(input)) {
    if (typeof input === 'string' || !isGzip(asBytes(input))) return scanInMemory(input, settings, onBatch);
    const bytes = asBytes(input);
    input = (async function* () {
      yield bytes;
    })();
  }
  const scanner = new EventScanner(settings, undefined, onBatch);
  const feeder = new Utf8Feeder(scanner, settings.encoding);
  if (typeof Blob !== 'undefined' && input instanceof Blob) input = input.stream();
  let opened: ChunkSource;
  if (isReadableStream(input)) {
    const reader = input.getReader();
    opened = { next: () => reader.read(), close: () => reader.releaseLock() };
  } else if (input !== null && typeof input === 'object' && typeof (input as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const iterator = (input as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    let finished = false;
    opened = {
      next: async () => {
        const next = await iterator.next();
        if (next.done) finished = true;
        return next;
      },
      // As `for await` does: an iterator stopped early is told to finish.
      close: async () => {
        if (!finished) await iterator.return?.();
      },
    };
  } else {
    throw new InvalidInputError('Expected CSV text, bytes, a Blob, a ReadableStream or an async iterable of chunks.');
  }
  let bytes = 0;
  let failed = true;
  let gunzipped: Awaited<ReturnType<typeof gunzipSource>> | null = null;
  try {
    gunzipped = await gunzipSource(opened);
    const { source, gzip, inputBytes } = gunzipped;
    for (;;) {
      const { done, value: chunk } = await source.next();
      if (done) break;
      if (typeof chunk === 'string') {
        bytes += chunk.length;
        feeder.text(chunk);
      } else if (chunk instanceof Uint8Array) {
        bytes += chunk.byteLength;
        feeder.bytes(chunk);
      } else {
        throw new InvalidInputError('A chunk of the input is neither text nor bytes (Uint8Array).');
      }
      onChunk?.(gzip ? inputBytes() : bytes, scanner.rows);
      if (scanner.done) break;
    }
    failed = false;
  } finally {
    const closing = (gunzipped ? gunzipped.source : opened).close();
    // An error already on its way wins over one from letting the source go.
    if (failed) await Promise.resolve(closing).catch(() => undefined);
    else await closing;
  }
  feeder.end();
  return scanner.result();
}

function isReadableStream(input: unknown): input is ReadableStream<Uint8Array> {
  return input !== null && typeof input === 'object' && typeof (input as ReadableStream).getReader === 'function';
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
