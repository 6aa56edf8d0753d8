/**
 * An incremental RFC 4180 record reader: quoted fields with commas, quotes and line breaks; CRLF, LF
 * and lone CR line ends; an optional byte-order mark; a missing final newline. Text arrives in chunks
 * of any size, split anywhere.
 * @module
 */

/** Receives one record: its fields, the 1-based physical line it starts on, and whether a quote was malformed. */
export type RecordSink = (fields: string[], line: number, malformed: boolean) => void;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Reads CSV text pushed in chunks and calls `sink` once per record (blank lines included, as `['']`). */
export class CsvRecordReader {
  private pending = '';
  private line = 1;
  private started = false;

  constructor(private readonly sink: RecordSink) {}

  /** Feeds the next chunk of text. */
  push(chunk: string): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.pending = this.pending.length ? this.pending + chunk : chunk;
    this.consume(false);
  }

  /** Flushes the last record (a file need not end with a newline). */
  end(): void {
    this.consume(true);
    this.pending = '';
  }

  /** Parses every complete record in `pending`; keeps the incomplete tail unless `final`. */
  private consume(final: boolean): void {
    const s = this.pending;
    const n = s.length;
    let pos = 0;
    while (pos < n) {
      const start = pos;
      const startLine = this.line;
      const fields: string[] = [];
      let malformed = false;
      let complete = false;
      let i = pos;
      for (;;) {
        // One field starting at i.
        if (i < n && s.charCodeAt(i) === QUOTE) {
          let value = '';
          let from = i + 1;
          let closed = false;
          for (;;) {
            const q = s.indexOf('"', from);
            if (q < 0) break;
            if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
              value += s.slice(from, q + 1);
              from = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) break; // cannot tell "" from " yet
            value += s.slice(from, q);
            i = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (!final) return this.keep(start, startLine);
            // Unterminated quote at end of input: take the rest as the field.
            value += s.slice(from);
            fields.push(value);
            malformed = true;
            i = n;
            complete = true;
            break;
          }
          // Text after the closing quote up to the delimiter is kept but marks the row malformed.
          let j = i;
          while (j < n) {
            const c = s.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
            j++;
          }
          if (j > i) {
            malformed = true;
            value += s.slice(i, j);
            i = j;
          }
          fields.push(value);
        } else {
          let j = i;
          while (j < n) {
            const c = s.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
            if (c === QUOTE) malformed = true;
            j++;
          }
          fields.push(s.slice(i, j));
          i = j;
        }
        if (i >= n) {
          if (!final) return this.keep(start, startLine);
          complete = true;
          break;
        }
        const c = s.charCodeAt(i);
        if (c === COMMA) {
          i++;
          if (i >= n && !final) return this.keep(start, startLine);
          continue;
        }
        if (c === CR) {
          if (i + 1 >= n && !final) return this.keep(start, startLine);
          i += i + 1 < n && s.charCodeAt(i + 1) === LF ? 2 : 1;
        } else {
          i++;
        }
        complete = true;
        break;
      }
      if (!complete) return this.keep(start, startLine);
      // Physical lines spanned by this record, including breaks inside quoted fields.
      this.line = startLine + countLineBreaks(s, start, i);
      pos = i;
      this.sink(fields, startLine, malformed);
    }
    this.pending = '';
  }

  private keep(start: number, startLine: number): void {
    this.pending = this.pending.slice(start);
    this.line = startLine;
  }
}

/** Line breaks (CRLF, LF or lone CR each count once) in s[from, to). */
function countLineBreaks(s: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR) {
      count++;
      if (i + 1 < to && s.charCodeAt(i + 1) === LF) i++;
    }
  }
  return count;
}

/**
 * Reads a whole CSV text into records.
 * @example
 * ```ts
 * readCsvRecords('a,b\r\n"x,1","say ""hi"""\n'); // [['a','b'], ['x,1', 'say "hi"']]
 * ```
 */
export function readCsvRecords(text: string): string[][] {
  const out: string[][] = [];
  const reader = new CsvRecordReader((fields) => out.push(fields));
  reader.push(text);
  reader.end();
  return out;
}
