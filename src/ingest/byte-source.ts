/**
 * Feeding the one scanner: every input (text, bytes, a `Blob`, a web `ReadableStream`, an async
 * iterable) becomes UTF-8 bytes pushed into an {@link EventScanner}. UTF-8 passes through untouched;
 * UTF-16 (little or big endian, recognised by its byte-order mark) and text are transcoded chunk by
 * chunk, so the scanner and its row report are the same for every encoding.
 * @module
 */
import { InvalidInputError } from '../errors.js';
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
 * Turns chunks of bytes (UTF-8, or UTF-16 by its byte-order mark) or text into UTF-8 for a scanner.
 * Chunks may split characters and the byte-order mark anywhere.
 */
export class Utf8Feeder {
  /** The UTF-16 decoder, once a UTF-16 byte-order mark was seen; null for UTF-8. */
  private utf16: TextDecoder | null = null;
  /** The first byte, held until the second tells whether a UTF-16 byte-order mark starts the input. */
  private head: Uint8Array | null = null;
  private sniffed = false;
  private readonly encoder = new TextEncoder();
  /** A high surrogate at the end of the last text chunk, kept for the next one. */
  private pendingHigh = '';

  constructor(private readonly scanner: EventScanner) {}

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
      if (bytes[0] === 0xff && bytes[1] === 0xfe) this.utf16 = new TextDecoder('utf-16le');
      else if (bytes[0] === 0xfe && bytes[1] === 0xff) this.utf16 = new TextDecoder('utf-16be');
      chunk = bytes;
    }
    if (this.utf16) this.text(this.utf16.decode(chunk, { stream: true }));
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
    if (this.utf16) {
      const rest = this.utf16.decode();
      if (rest) this.text(rest);
    }
    if (this.pendingHigh) this.scanner.push(this.encoder.encode(this.pendingHigh));
    this.pendingHigh = '';
    this.scanner.end();
  }
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

/** Scans text or bytes held in memory. */
export function scanInMemory(input: string | Uint8Array | ArrayBuffer | ArrayBufferView, settings: ScanSettings, onBatch?: EventBatchListener): ScanResult {
  const scanner = new EventScanner(settings, undefined, onBatch);
  const feeder = new Utf8Feeder(scanner);
  if (typeof input === 'string') feeder.text(input);
  else feeder.bytes(asBytes(input));
  feeder.end();
  return scanner.result();
}

/**
 * Scans any {@link CsvInput}; `onBatch` receives the events in batches as they are read (the result
 * then holds only the last, partial batch).
 */
export async function scanInput(input: CsvInput, settings: ScanSettings, onBatch?: EventBatchListener, onChunk?: ChunkListener): Promise<ScanResult> {
  if (isInMemory(input)) return scanInMemory(input, settings, onBatch);
  const scanner = new EventScanner(settings, undefined, onBatch);
  const feeder = new Utf8Feeder(scanner);
  let bytes = 0;
  const feed = (chunk: unknown): void => {
    if (typeof chunk === 'string') {
      bytes += chunk.length;
      feeder.text(chunk);
    } else if (chunk instanceof Uint8Array) {
      bytes += chunk.byteLength;
      feeder.bytes(chunk);
    } else {
      throw new InvalidInputError('A chunk of the input is neither text nor bytes (Uint8Array).');
    }
    onChunk?.(bytes, scanner.rows);
  };
  if (typeof Blob !== 'undefined' && input instanceof Blob) input = input.stream();
  if (isReadableStream(input)) {
    const reader = input.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        feed(value);
        if (scanner.done) break;
      }
    } finally {
      reader.releaseLock();
    }
  } else if (input !== null && typeof input === 'object' && typeof (input as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    for await (const chunk of input as AsyncIterable<unknown>) {
      feed(chunk);
      if (scanner.done) break;
    }
  } else {
    throw new InvalidInputError('Expected CSV text, bytes, a Blob, a ReadableStream or an async iterable of chunks.');
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
