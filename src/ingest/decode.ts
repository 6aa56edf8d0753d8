/**
 * Bytes to text for CSV input: UTF-8 by default, UTF-16 (little or big endian) when the bytes start
 * with its byte-order mark, as spreadsheet software writes "Unicode" text. Chunks may split a
 * character or the byte-order mark anywhere. Invalid sequences become U+FFFD instead of throwing.
 * @module
 */

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

function sniff(bytes: Uint8Array): Encoding | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes.length >= 2) return 'utf-8';
  return null;
}

/** Views any byte container as a `Uint8Array` without copying. */
export function asBytes(input: Uint8Array | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
}

/**
 * Decodes a stream of byte chunks to text, choosing the encoding from a byte-order mark. The
 * byte-order mark itself is dropped.
 *
 * @example
 * ```ts
 * const decoder = new ChunkDecoder();
 * const text = decoder.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])) + decoder.end(); // 'a'
 * ```
 */
export class ChunkDecoder {
  private decoder: TextDecoder | null = null;
  private head: Uint8Array | null = null;

  /** Decodes the next chunk; returns the text complete so far (possibly empty). */
  decode(chunk: Uint8Array): string {
    if (this.decoder) return this.decoder.decode(chunk, { stream: true });
    const bytes = this.head ? concat(this.head, chunk) : chunk;
    const encoding = sniff(bytes);
    if (encoding === null) {
      this.head = bytes.slice();
      return '';
    }
    this.head = null;
    this.decoder = new TextDecoder(encoding);
    return this.decoder.decode(bytes, { stream: true });
  }

  /** Flushes the last bytes (an incomplete character becomes U+FFFD). */
  end(): string {
    if (!this.decoder) {
      const head = this.head;
      this.head = null;
      this.decoder = new TextDecoder('utf-8');
      return head ? this.decoder.decode(head) : '';
    }
    return this.decoder.decode();
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Decodes a whole byte buffer (see {@link ChunkDecoder}).
 *
 * @example
 * ```ts
 * decodeBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00])); // 'a' (UTF-16LE with its byte-order mark)
 * ```
 */
export function decodeBytes(bytes: Uint8Array): string {
  const decoder = new ChunkDecoder();
  return decoder.decode(bytes) + decoder.end();
}
