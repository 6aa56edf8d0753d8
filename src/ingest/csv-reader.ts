/**
 * An incremental RFC 4180 record reader: quoted fields with commas, quotes and line breaks; CRLF, LF
 * and lone CR line ends; an optional byte-order mark; a missing final newline. Text arrives in chunks
 * of any size, split anywhere (inside a field, between a CR and its LF, inside a doubled quote), and
 * every character is looked at once, so reading is linear in the input whatever its shape.
 *
 * Input that is not RFC 4180 never throws: a quote inside an unquoted field, text after a closing
 * quote, or a quote left open at the end of the input are kept as text and the record is flagged
 * `malformed`, for the caller to reject with a reason.
 * @module
 */

/** Receives one record: its fields, the 1-based physical line it starts on, and whether a quote was malformed. */
export type RecordSink = (fields: string[], line: number, malformed: boolean) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

// Where the reader is inside the current record.
/** At the start of a field (the record may not have started yet). */
const FIELD_START = 0;
/** Inside an unquoted field. */
const UNQUOTED = 1;
/** Inside a quoted field. */
const QUOTED = 2;
/** Just after a quote inside a quoted field: a doubled quote or the closing one. */
const QUOTE_IN_QUOTED = 3;
/** After the closing quote, before the delimiter. */
const AFTER_QUOTED = 4;
/** Just after a CR that ended a record: a following LF belongs to it. */
const AFTER_CR = 5;

/**
 * Reads CSV text pushed in chunks and calls `sink` once per record. A blank line is a record with
 * one empty field (`['']`); what it means is the caller's decision.
 *
 * @example
 * ```ts
 * const records: string[][] = [];
 * const reader = new CsvRecordReader((fields) => records.push(fields));
 * reader.push('id,note\r\n7,"a, b');
 * reader.push('"\r\n8,c');
 * reader.end();
 * records; // [['id', 'note'], ['7', 'a, b'], ['8', 'c']]
 * ```
 */
export class CsvRecordReader {
  private state = FIELD_START;
  private fields: string[] = [];
  private field = '';
  private malformed = false;
  /** Physical line (1-based) of the next character. */
  private line = 1;
  /** Line the current record started on. */
  private recordLine = 1;
  /** Whether the last character of quoted text counted so far was a CR (for a CRLF split across slices). */
  private quotedCR = false;
  /** Whether the quoted text counted so far ends with a line break. */
  private quotedEndsWithBreak = false;
  private started = false;
  /** Where a quote left open at the end of the input opened, and how many lines it ran over (null: none). */
  unclosedQuote: { readonly line: number; readonly lines: number } | null = null;
  /** The delimiter's character code. */
  private readonly delim: number;

  /** @param delimiter the field delimiter, one character (default `,`) */
  constructor(
    private readonly sink: RecordSink,
    delimiter = ',',
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** Feeds the next chunk of text. */
  push(chunk: string): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const s = chunk;
    const n = s.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case AFTER_CR: {
          if (s.charCodeAt(i) === LF) i++;
          this.state = FIELD_START;
          break;
        }
        case FIELD_START: {
          if (s.charCodeAt(i) === QUOTE) {
            i++;
            this.state = QUOTED;
            this.quotedCR = false;
          } else {
            this.state = UNQUOTED;
          }
          break;
        }
        case UNQUOTED:
        case AFTER_QUOTED: {
          let j = i;
          let c = 0;
          const delim = this.delim;
          while (j < n) {
            c = s.charCodeAt(j);
            if (c === delim || c === LF || c === CR) break;
            if (c === QUOTE) this.malformed = true;
            j++;
          }
          if (j > i) {
            if (this.state === AFTER_QUOTED) this.malformed = true;
            this.field += s.slice(i, j);
          }
          if (j >= n) return;
          i = this.delimiter(c, j);
          break;
        }
        case QUOTED: {
          const q = s.indexOf('"', i);
          const to = q < 0 ? n : q;
          if (to > i) {
            this.countQuotedBreaks(s, i, to);
            this.field += s.slice(i, to);
          }
          if (q < 0) return;
          i = q + 1;
          this.state = QUOTE_IN_QUOTED;
          break;
        }
        case QUOTE_IN_QUOTED: {
          if (s.charCodeAt(i) === QUOTE) {
            this.field += '"';
            this.quotedCR = false;
            i++;
            this.state = QUOTED;
          } else {
            this.state = AFTER_QUOTED;
          }
          break;
        }
      }
    }
  }

  /** Ends the input, flushing the last record (a file need not end with a line break). */
  end(): void {
    const state = this.state;
    if (state === AFTER_CR || (state === FIELD_START && this.fields.length === 0)) return;
    if (state === QUOTED) {
      // a quote left open at the end of the input
      this.malformed = true;
      // (A line break that ends the input ends the last line; it starts no new one.)
      this.unclosedQuote = { line: this.recordLine, lines: this.line - this.recordLine + (this.quotedEndsWithBreak ? 0 : 1) };
    }
    this.emit();
    this.state = FIELD_START;
  }

  /** Handles the delimiter or line break at `j`; returns the next position. */
  private delimiter(c: number, j: number): number {
    if (c === this.delim) {
      this.fields.push(this.field);
      this.field = '';
      this.state = FIELD_START;
      return j + 1;
    }
    this.emit();
    this.line++;
    this.recordLine = this.line;
    this.state = c === CR ? AFTER_CR : FIELD_START;
    return j + 1;
  }

  private emit(): void {
    const fields = this.fields;
    fields.push(this.field);
    const malformed = this.malformed;
    this.fields = [];
    this.field = '';
    this.malformed = false;
    this.sink(fields, this.recordLine, malformed);
  }

  /** Counts line breaks inside quoted text: CRLF, LF and lone CR each once, also when split across chunks. */
  private countQuotedBreaks(s: string, from: number, to: number): void {
    let breaks = 0;
    let prevCR = this.quotedCR;
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k);
      if (c === CR) breaks++;
      else if (c === LF && !prevCR) breaks++;
      prevCR = c === CR;
    }
    this.quotedCR = prevCR;
    const last = s.charCodeAt(to - 1);
    this.quotedEndsWithBreak = last === LF || last === CR;
    this.line += breaks;
  }
}

/**
 * Reads a whole CSV text into records (`delimiter` defaults to `,`).
 * @example
 * ```ts
 * readCsvRecords('a,b\r\n"x,1","say ""hi"""\n'); // [['a','b'], ['x,1', 'say "hi"']]
 * ```
 */
export function readCsvRecords(text: string, delimiter = ','): string[][] {
  const out: string[][] = [];
  const reader = new CsvRecordReader((fields) => out.push(fields), delimiter);
  reader.push(text);
  reader.end();
  return out;
}
