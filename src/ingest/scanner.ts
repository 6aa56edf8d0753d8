/**
 * The one CSV reader: UTF-8 bytes in, validated events as columns ({@link EventTable}) and a row report
 * out, with no object per event on its fast path. Every way in (text, bytes, files, streams, workers)
 * ends here; text and UTF-16 reach it as UTF-8 (see `byte-source`).
 *
 * Validation is not re-implemented here. The fast path takes a physical line only when every cell is
 * trivially valid: counts of 1 to 15 ASCII digits, amounts of `digits[.digits]` with at most 15
 * digits, no quote byte, no carriage return except before the line feed, and exactly the header's
 * number of fields. Ids, dates and text cells are decoded once per distinct byte string and run
 * through the shared value parsers (`parseId`, the compiled date parser, `parseText`); the results
 * are cached by bytes. Any other line (quotes, blank lines, odd values, wrong field counts, lone
 * carriage returns) is decoded and read by the shared {@link CsvRecordReader}, then checked by the
 * shared record builder.
 *
 * Record boundaries: a quoted field can hold line breaks, so a slow segment that starts at a record
 * boundary is extended line by line until the shared reader says it ends at one. The test is a probe:
 * the segment is parsed followed by a sentinel line; the sentinel comes out as a record of its own
 * only when the reader is outside a quoted field at the end of the segment. Only a `"` can close a
 * quoted field, so the probe runs again only when a line with a quote byte is added.
 * @module
 */
import { EmptyInputError, InvalidInputError } from '../contract/errors.js';
import { FIELDS, NUMBER_FIELDS, OPTIONAL_FIELDS, TEXT_FIELDS, type NumberField } from '../contract/fields.js';
import type { ColumnMapping, Encoding } from '../contract/schema.js';
import { ByteTable } from './byte-table.js';
import { planColumns, type ColumnPlan } from './columns.js';
import { CsvRecordReader } from './csv-reader.js';
import { EventTableBuilder, type EventTable, type TextColumnBuilder } from './event-table.js';
import { ReportBuilder, type RowReport } from './report.js';
import { createRecordBuilder, isBlankRecord, type RecordBuilder } from './rows.js';
import { countBreaks, decoder, detectDelimiter, firstInvalidUtf8, grownCodes } from './text-bytes.js';
import { compileDateParser, parseId, parseText, type DateParser, type Parsed } from './values.js';

/** What the scanner needs to know (options already validated). */
export interface ScanSettings {
  readonly columns?: ColumnMapping;
  readonly dateFormat?: string;
  readonly maxErrors?: number;
  /** The field delimiter; by default detected from the header line (`,`, `;`, tab or `|`). */
  readonly delimiter?: string;
  /** The encoding of the bytes, which the feeder turns into UTF-8 (see `byte-source`); default UTF-8. */
  readonly encoding?: Encoding;
  /**
   * The optional text columns to keep in the events (known text fields and extra columns, by key);
   * default every one. The others are still checked, never decoded, so memory does not grow with them.
   */
  readonly keep?: readonly string[];
}

/** Called with each full batch of events and the input position of its first event. */
export type EventBatchListener = (events: EventTable, position: number) => void;

/** What a scan gives once its input has ended. */
export interface ScanResult {
  /** The events not yet handed to a batch listener (all of them without one). */
  readonly events: EventTable;
  /** Input position (among used rows) of the first of {@link events}. */
  readonly position: number;
  readonly report: RowReport;
  /** Physical lines read (line breaks as the CSV reader counts them). */
  readonly lines: number;
  /** Bytes consumed, up to the end of the last record read. */
  readonly bytes: number;
  /** The header cells. */
  readonly header: readonly string[];
  /** The field delimiter (given or detected). */
  readonly delimiter: string;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const DOT = 46;
const D0 = 48;
/** The dot as the digit loops see it: ('.' - '0') >>> 0. */
const DOT_DIGIT = (DOT - D0) >>> 0;

/** Marks the probe line; no CSV delimiter or quote in it, and no plausible data. */
const SENTINEL = '\u0000\u0001influencer-funnel:record-boundary\u0001\u0000';

// Cell kinds of the fast path (0: a cell that is not read).
const ID = 1;
const COUNT = 2;
const MONEY = 3;
/** An optional count (engagements, the follower count): empty is null. */
const OPTIONAL_COUNT = 4;
const DATE = 5;
/** Text cell whose value is kept: decoded once per distinct value. */
const TEXT_VALUE = 7;
/** Text cell that is only checked (empty = null): never decoded. */
const TEXT_CHECK = 8;

/** The fast path's cell kind of each numeric field, from its kind in the field list. */
const NUMBER_KIND = Object.fromEntries(
  FIELDS.filter((f) => NUMBER_FIELDS.includes(f.field as NumberField)).map((f) => [f.field, f.kind === 'money' ? MONEY : f.kind === 'count' && f.required ? COUNT : OPTIONAL_COUNT]),
) as Readonly<Record<NumberField, number>>;


const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Numeric ids below this without leading zeros use a direct table instead of hashing. */
const DIRECT_IDS = 1 << 20;

/** Events per batch handed to a listener. */
const BATCH = 1 << 14;

interface Segment {
  bytes: Uint8Array;
  length: number;
  /** Absolute line number of its first line. */
  line: number;
  /** The segment starts the input (a byte-order mark there is the reader's to drop). */
  first: boolean;
}

interface ProbeRecord {
  readonly fields: string[];
  readonly line: number;
  readonly malformed: boolean;
}

/** Incremental scanner over UTF-8 bytes pushed in chunks of any size, split anywhere. */
export class EventScanner {
  private plan: ColumnPlan | null = null;
  private report: ReportBuilder | null = null;
  private onData: RecordBuilder | null = null;
  private events: EventTableBuilder | null = null;
  /** Input position of the first event in the builder. */
  private batchStart = 0;
  /** Next physical line number. */
  private line = 1;
  /** Bytes of complete lines consumed. */
  private consumed = 0;
  /** Incomplete line carried to the next chunk. */
  private carry: Uint8Array = new Uint8Array(1 << 12);
  private carryView = new DataView(this.carry.buffer, this.carry.byteOffset, this.carry.byteLength);
  /** A view of the bytes the fast path reads (the chunk, or the carry buffer), for reading four at a time. */
  private view = this.carryView;
  private carryLength = 0;
  private segment: Segment | null = null;
  /** Stop at the first record boundary at or after this many bytes. */
  private limit = Infinity;
  private stopWhenPlanned = false;
  /** Set when the scanner stopped at `limit` (or after the header). */
  done = false;
  private started = false;

  // Fast path, compiled from the plan.
  private kinds = new Uint8Array(0);
  /** For numeric cells: the builder column written. */
  private numberColumns: Float64Array[] = [];
  private numberField: (NumberField | null)[] = [];
  /** For kept text cells (TEXT_VALUE, DATE): the builder's text column written, by cell. */
  private textColumns: (TextColumnBuilder | null)[] = [];
  private nullName: string[] = [];
  /** Cells whose null is counted, in the row builder's field order. */
  private nullOrder = new Int32Array(0);
  private nulls = new Uint8Array(0);
  /** Some null flag may still be set (a line with an empty cell went the slow way). */
  private nullsDirty = false;
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  /** Cells of the four counts, for the report's funnel anomalies. */
  private countCells = new Int32Array(4);
  /** The date cell and the kept text cells, resolved after the line's cells are found. */
  private resolvedCells = new Int32Array(0);
  /**
   * Per resolved text cell, per id code: the text table entry of that influencer's last row (-1:
   * none yet). Each influencer mostly keeps its category (or platform), so the entry is tried
   * before hashing.
   */
  private lastEntryOfId: Int32Array[] = [];
  /** Events the builder has room for before it must grow. */
  private capacity = 0;
  /** Per resolved text cell: text table entry + 1 by a hash of the cell's length and end bytes (0: none). */
  private cellCaches: Int32Array[] = [];
  private idTable = new ByteTable<Parsed<string>>(1 << 14);
  /** Per id-table entry: the id's code in the events (-2: invalid id, -1: not seen). */
  private idCodes: Int32Array = new Int32Array(1024).fill(-1);
  private directIds = new Int32Array(0);
  private dateTable = new ByteTable<Parsed<string | null>>(256);
  /** Per date-table entry: the date's code in the events (-1: not yet). */
  private dateCodes: Int32Array = new Int32Array(256).fill(-1);
  private textTables: ByteTable<Parsed<string | null>>[] = [];
  /** Per kept text cell, per table entry: the value's code in the events (-2: not yet). */
  private textCodes: Int32Array[] = [];
  private parseDate: DateParser;
  /** The delimiter's byte; null until known (detected from the header line when not given). */
  private delimiter: number | null;
  /** Bytes that end an unquoted text cell: the delimiter, line feed, carriage return, quote. */
  private stop = new Uint8Array(256);
  /** The largest of them: a byte above it ends no cell (one comparison for most bytes). */
  private maxStop = 0;
  /** Whether the delimiter is below `-`, so that four bytes at a time can be tested for a stop byte. */
  private wideSkip = false;
  /** Where the line being read by the fast path starts in its chunk, for messages about its bytes. */
  private lineStart = 0;

  constructor(
    private readonly settings: ScanSettings,
    header?: readonly string[],
    private readonly onBatch?: EventBatchListener,
  ) {
    this.parseDate = compileDateParser(settings.dateFormat);
    this.delimiter = null;
    if (settings.delimiter !== undefined) this.useDelimiter(settings.delimiter);
    else if (header) this.useDelimiter(',');
    if (header) {
      // A scanner given the header starts inside the file, at a record boundary.
      this.setPlan([...header]);
      this.started = true;
    }
  }

  private useDelimiter(delimiter: string): void {
    const d = delimiter.charCodeAt(0);
    this.delimiter = d;
    const stop = new Uint8Array(256);
    stop[d] = stop[LF] = stop[CR] = stop[QUOTE] = 1;
    this.stop = stop;
    this.maxStop = Math.max(d, LF, CR, QUOTE);
    this.wideSkip = d < 0x2d && d < 0x80;
  }

  /** The delimiter in use (`,` until known). */
  get delimiterText(): string {
    return String.fromCharCode(this.delimiter ?? 44);
  }

  /** Stops at the first record boundary at or after `bytes` (for splitting a file into ranges). */
  stopAt(bytes: number): void {
    this.limit = bytes;
  }

  /** Stops at the first record boundary after the header. */
  stopAfterHeader(): void {
    this.stopWhenPlanned = true;
  }

  /** Data rows read so far (used and rejected). */
  get rows(): number {
    return this.report?.rows ?? 0;
  }

  /** Bytes consumed up to the last complete line (or record). */
  get bytes(): number {
    return this.consumed;
  }

  private setPlan(header: string[]): void {
    const plan = planColumns(header, this.settings.columns);
    this.plan = plan;
    this.report = new ReportBuilder(plan.report, this.settings.maxErrors);
    this.onData = createRecordBuilder(plan, this.report, this.settings.dateFormat);
    const keep = this.settings.keep ? new Set(this.settings.keep) : null;
    const kept = (key: string) => keep === null || keep.has(key);
    const fields = new Set<string>();
    for (const field of NUMBER_FIELDS) if (plan.index[field] >= 0) fields.add(field);
    for (const field of TEXT_FIELDS) if (plan.index[field] >= 0 && kept(field)) fields.add(field);
    const extras = plan.extras.map((e) => e.key).filter(kept);
    this.events = new EventTableBuilder({ fields, extras }, this.onBatch ? BATCH : 1024);
    this.compile(plan, kept);
  }

  private compile(plan: ColumnPlan, kept: (key: string) => boolean): void {
    const width = plan.report.found.length;
    const events = this.events!;
    const kinds = new Uint8Array(width);
    const names: string[] = new Array(width).fill('');
    this.numberField = new Array(width).fill(null);
    this.textColumns = new Array(width).fill(null);
    const ix = plan.index;
    const set = (index: number, kind: number, name: string) => {
      if (index < 0) return;
      kinds[index] = kind;
      names[index] = name;
    };
    set(ix.influencerId, ID, 'influencerId');
    for (const field of NUMBER_FIELDS) {
      set(ix[field], NUMBER_KIND[field], field);
      if (ix[field] >= 0) this.numberField[ix[field]] = field;
    }
    for (const field of TEXT_FIELDS) {
      const index = ix[field];
      if (index < 0) continue;
      const column = events.texts[field];
      set(index, field === 'date' ? DATE : column ? TEXT_VALUE : TEXT_CHECK, field);
      this.textColumns[index] = column;
    }
    for (const { key, index } of plan.extras) {
      const column = kept(key) ? events.extras.get(key)! : null;
      set(index, column ? TEXT_VALUE : TEXT_CHECK, key);
      this.textColumns[index] = column;
    }
    this.countCells = Int32Array.of(ix.impressions, ix.clicks, ix.addToCart, ix.purchases);
    const resolved: number[] = [];
    for (let f = 0; f < width; f++) if (kinds[f] === DATE || kinds[f] === TEXT_VALUE) resolved.push(f);
    this.resolvedCells = Int32Array.from(resolved);
    this.lastEntryOfId = Array.from({ length: width }, () => new Int32Array(1024).fill(-1));
    this.cellCaches = Array.from({ length: width }, () => new Int32Array(4096));
    // Nulls are counted in the row builder's order: optional fields, then extras.
    const order: number[] = [];
    for (const field of OPTIONAL_FIELDS) if (ix[field] >= 0) order.push(ix[field]);
    for (const { index } of plan.extras) order.push(index);
    this.kinds = kinds;
    this.nullName = names;
    this.nullOrder = Int32Array.from(order);
    this.nulls = new Uint8Array(width);
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
    this.textTables = Array.from({ length: width }, () => new ByteTable<Parsed<string | null>>(64));
    this.textCodes = Array.from({ length: width }, () => new Int32Array(64).fill(-2));
    this.refreshColumns();
    // The per-entry arrays grow as entries come. Assigning them here as well (after their field
    // initialisers) marks the fields as reassigned before the fast path is first optimised: a field
    // first reassigned while it compiles throws that compilation away.
    this.directIds = new Int32Array(1 << 14);
    this.idCodes = new Int32Array(1 << 14).fill(-1);
    this.dateCodes = new Int32Array(256).fill(-1);
  }

  /** The builder's numeric columns by cell (after the builder grew). */
  private refreshColumns(): void {
    const events = this.events!;
    const empty = new Float64Array(0);
    this.numberColumns = this.numberField.map((field) => (field === null ? empty : events.numbers[field]!));
    this.capacity = events.numbers.impressions!.length;
  }

  /** Makes room in the builder for one more event. */
  private reserve(): void {
    const events = this.events!;
    events.reserve();
    if (events.numbers.impressions!.length !== this.capacity) this.refreshColumns();
  }

  /** Feeds the next chunk of bytes. */
  push(chunk: Uint8Array): void {
    if (this.done) return;
    const n = chunk.length;
    let p = 0;
    if (this.carryLength > 0) {
      const lf = chunk.indexOf(LF);
      if (lf < 0) {
        this.keep(chunk, 0, n);
        return;
      }
      this.keep(chunk, 0, lf + 1);
      // The carried line is complete: scan it from the carry buffer (which nothing writes meanwhile).
      const length = this.carryLength;
      this.carryLength = 0;
      this.view = this.carryView;
      this.line1(this.carry, 0, length);
      p = lf + 1;
    }
    // Lines before the chunk's last line feed are complete: found once per chunk, not per line.
    const complete = chunk.lastIndexOf(LF) + 1;
    this.view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (p < n) {
      if (this.done) return;
      if (this.segment === null && this.plan !== null) {
        if (this.consumed >= this.limit) {
          this.done = true;
          return;
        }
        if (p >= complete) break; // an incomplete line: carried to the next chunk
        const q = this.fastLine(chunk, p);
        if (q > 0) {
          this.consumed += q - p;
          p = q;
          continue;
        }
      }
      const lf = chunk.indexOf(LF, p);
      if (lf < 0) break;
      this.slowLine(chunk, p, lf + 1);
      p = lf + 1;
    }
    if (p < n && !this.done) this.keep(chunk, p, n);
  }

  /** Ends the input: the last line need not end with a line break. */
  end(): void {
    if (this.done) return;
    if (this.carryLength > 0) {
      const tail = this.carry.subarray(0, this.carryLength);
      this.carryLength = 0;
      this.appendSegment(tail, 0, tail.length);
    }
    if (this.segment) this.flushSegment(true);
    this.done = true;
  }

  /**
   * The events (those not yet handed to the batch listener), the report and where the scan stopped;
   * call after {@link end}.
   * @throws {EmptyInputError} the input had no header row.
   */
  result(): ScanResult {
    if (!this.plan || !this.report || !this.events) {
      throw new EmptyInputError('The CSV input is empty: no header row was found.');
    }
    const events = this.events;
    // Without a listener the table is the caller's: the builder's arrays as they are (a copy to the exact
    // length would double the memory at its peak), unless more than a quarter of them is unused.
    const table = this.onBatch || events.length >= 0.75 * this.capacity ? events.view() : events.build();
    return { events: table, position: this.batchStart, report: this.report.build(), lines: this.line - 1, bytes: this.consumed, header: this.plan.report.found, delimiter: this.delimiterText };
  }

  /** Hands a full batch to the listener. */
  private flushIfFull(): void {
    const events = this.events!;
    if (this.onBatch && events.length >= BATCH) {
      this.onBatch(events.view(), this.batchStart);
      this.batchStart += events.length;
      events.clear();
    }
  }

  private keep(chunk: Uint8Array, from: number, to: number): void {
    const need = this.carryLength + (to - from);
    if (need > this.carry.length) {
      const bigger = new Uint8Array(Math.max(need, this.carry.length * 2));
      bigger.set(this.carry.subarray(0, this.carryLength));
      this.carry = bigger;
      this.carryView = new DataView(bigger.buffer, bigger.byteOffset, bigger.byteLength);
    }
    this.carry.set(chunk.subarray(from, to), this.carryLength);
    this.carryLength = need;
  }

  /** One complete line (ending with a line feed) from the carry buffer. */
  private line1(bytes: Uint8Array, start: number, end: number): void {
    if (this.segment === null && this.plan !== null) {
      if (this.consumed >= this.limit) {
        this.done = true;
        return;
      }
      const q = this.fastLine(bytes, start);
      if (q > 0) {
        this.consumed += q - start;
        return;
      }
    }
    this.slowLine(bytes, start, end);
  }

  // ---------------------------------------------------------------------------------------------
  // Fast path

  /**
   * Scans one line at `p`, which a line feed in `b` is known to end. Returns the index after its
   * line feed when the line was used; -2 when the line needs the slow path (nothing committed).
   * The loops below stop at a delimiter, and at the latest at that line feed, so they need no check
   * of the array's end.
   */
  private fastLine(b: Uint8Array, p: number): number {
    const view = this.view;
    const n = b.length;
    let x4 = 0;
    const kinds = this.kinds;
    const width = kinds.length;
    const events = this.events!;
    const row = events.length;
    if (row >= this.capacity) this.reserve();
    const stop = this.stop;
    const maxStop = this.maxStop;
    const wideSkip = this.wideSkip;
    const delimiter = this.delimiter!;
    this.lineStart = p;
    const numberColumns = this.numberColumns;
    const nulls = this.nulls;
    const starts = this.starts;
    const ends = this.ends;
    // Null flags are set only for empty cells and cleared after use (or here, after a line that
    // went the slow way).
    if (this.nullsDirty) {
      nulls.fill(0);
      this.nullsDirty = false;
    }
    let nullCells = 0;
    let i = p;
    let idCell = -1;
    for (let f = 0; f < width; f++) {
      const kind = kinds[f]!;
      const start = i;
      let c = 0;
      if (kind === COUNT || kind === MONEY || kind === OPTIONAL_COUNT) {
        let x = 0;
        // One unsigned comparison per byte: (c - '0') >>> 0 is below 10 only for a digit.
        let d = 0;
        while ((d = (b[i]! - D0) >>> 0) < 10) {
          x = x * 10 + d;
          i++;
        }
        let digits = i - start;
        if (d === DOT_DIGIT && kind === MONEY && digits > 0) {
          const dot = ++i;
          while ((d = (b[i]! - D0) >>> 0) < 10) {
            x = x * 10 + d;
            i++;
          }
          const fraction = i - dot;
          if (fraction === 0) return -2;
          digits += fraction;
          x /= POW10[fraction]!;
        }
        if (digits > 15) return -2;
        if (digits === 0) {
          // empty: null for amounts and follower counts; counts need a value
          if (kind === COUNT) return -2;
          nulls[f] = 1;
          nullCells++;
          this.nullsDirty = true;
          x = NaN;
        }
        numberColumns[f]![row] = x;
      } else {
        // Four bytes at a time while none is below '-' (every stop byte is, with a comma or tab
        // delimiter) and none is above 0x7f; then one comparison a byte, and the stop table below it.
        if (wideSkip) while (i + 4 <= n && (((x4 = view.getInt32(i, true)) - 0x2d2d2d2d) & ~x4 & 0x80808080) === 0 && (x4 & 0x80808080) === 0) i += 4;
        let high = 0;
        while ((c = b[i]!) > maxStop || stop[c] === 0) {
          high |= c;
          i++;
        }
        if (c === QUOTE) return -2;
        // A text that is not decoded is still checked to be UTF-8, as every reader checks it.
        if (high >= 0x80 && kind === TEXT_CHECK) this.checkUtf8(b, start, i);
        starts[f] = start;
        ends[f] = i;
        if (kind === ID) idCell = f;
        else if (kind === TEXT_CHECK) {
          // Only the emptiness of a text cell matters here; a value that the shared parser might
          // trim or refuse (a space or a non-ASCII byte at either end) goes the slow way.
          if (i === start) {
            nulls[f] = 1;
            nullCells++;
            this.nullsDirty = true;
          } else {
            const first = b[start]!;
            const last = b[i - 1]!;
            if (first <= 0x20 || first >= 0x7f || last <= 0x20 || last >= 0x7f) return -2;
          }
        }
      }
      // The delimiter.
      c = b[i]!;
      if (f < width - 1) {
        if (c !== delimiter) return -2;
        i++;
      } else if (c === LF) {
        i++;
      } else if (c === CR) {
        if (b[i + 1] !== LF) return -2;
        i += 2;
      } else {
        return -2;
      }
    }
    // Cells that go through the shared parsers, cached by bytes.
    if (idCell < 0) return -2;
    const idCode = this.idCode(b, starts[idCell]!, ends[idCell]!);
    if (idCode < 0) return -2;
    const resolved = this.resolvedCells;
    for (let k = 0; k < resolved.length; k++) {
      const f = resolved[k]!;
      if (kinds[f] === DATE) {
        const at = this.lookupIndex(this.dateTable, b, starts[f]!, ends[f]!, this.parseDate);
        const parsed = this.dateTable.values[at]!;
        if (!parsed.ok) return -2;
        if (parsed.value === null) {
          nulls[f] = 1;
          nullCells++;
          this.nullsDirty = true;
        }
        const column = this.textColumns[f];
        if (column) {
          if (at >= this.dateCodes.length) this.dateCodes = grownCodes(this.dateCodes, at, -1);
          let code = this.dateCodes[at]!;
          if (code === -1) this.dateCodes[at] = code = column.codeOf(parsed.value);
          column.codes[row] = code;
        }
      } else {
        const table = this.textTables[f]!;
        const s = starts[f]!;
        const e = ends[f]!;
        let lastOf = this.lastEntryOfId[f]!;
        if (idCode >= lastOf.length) this.lastEntryOfId[f] = lastOf = grownCodes(lastOf, idCode, -1);
        let at = lastOf[idCode]!;
        if (at < 0 || !table.matches(at, b, view, s, e)) {
          // Then a small cache keyed by the cell's length and its first and last four bytes, so a
          // column of a few values (or a few hundred) is read without hashing every cell.
          const len = e - s;
          const head = len >= 4 ? view.getInt32(s, true) : len > 0 ? b[s]! | (b[e - 1]! << 8) : 0;
          const tail = len >= 4 ? view.getInt32(e - 4, true) : 0;
          const slot = (Math.imul(head ^ Math.imul(tail, 0x2c1b3c6d) ^ len, 0x9e3779b1) >>> 20) & 0xfff;
          const cache = this.cellCaches[f]!;
          at = cache[slot]! - 1;
          if (at < 0 || !table.matches(at, b, view, s, e)) cache[slot] = (at = this.lookupIndex(table, b, s, e, parseText)) + 1;
          lastOf[idCode] = at;
        }
        const parsed = table.values[at]!;
        if (!parsed.ok) return -2;
        if (parsed.value === null) {
          nulls[f] = 1;
          nullCells++;
          this.nullsDirty = true;
        }
        let codes = this.textCodes[f]!;
        if (at >= codes.length) this.textCodes[f] = codes = grownCodes(codes, at, -2);
        let code = codes[at]!;
        if (code === -2) codes[at] = code = this.textColumns[f]!.codeOf(parsed.value);
        this.textColumns[f]!.codes[row] = code;
      }
    }
    // Commit: the report first (anomalies, nulls in the builder's order), then the event.
    const report = this.report!;
    if (nullCells > 0) {
      const order = this.nullOrder;
      for (let k = 0; k < order.length; k++) {
        const cell = order[k]!;
        if (nulls[cell] === 1) {
          report.countNull(this.nullName[cell]!);
          nulls[cell] = 0;
        }
      }
      this.nullsDirty = false;
    }
    const cc = this.countCells;
    report.use(numberColumns[cc[0]!]![row]!, numberColumns[cc[1]!]![row]!, numberColumns[cc[2]!]![row]!, numberColumns[cc[3]!]![row]!);
    events.ids.codes[row] = idCode;
    events.length = row + 1;
    this.flushIfFull();
    this.line++;
    return i;
  }

  /** The events' code of the id bytes `b[s, e)`, or -2 when they are not a valid id. */
  private idCode(b: Uint8Array, s: number, e: number): number {
    let direct = -1;
    if (e - s <= 6 && e > s && (b[s] !== D0 || e - s === 1)) {
      direct = 0;
      for (let k = s; k < e; k++) {
        const d = b[k]! - D0;
        if (d < 0 || d > 9) {
          direct = -1;
          break;
        }
        direct = direct * 10 + d;
      }
    }
    let entry: number;
    if (direct >= 0 && direct < DIRECT_IDS) {
      const directIds = this.directIds;
      let known = direct < directIds.length ? directIds[direct]! : 0;
      if (known === 0) known = this.directIdEntry(direct, b, s, e) + 1;
      entry = known - 1;
    } else {
      entry = this.idEntry(b, s, e);
    }
    let code = this.idCodes[entry]!;
    if (code === -1) {
      // First sight of this entry: its code, or -2 for an invalid id.
      const parsed = this.idTable.values[entry]!;
      this.idCodes[entry] = code = parsed.ok ? this.events!.ids.codeOf(parsed.value) : -2;
    }
    return code;
  }

  /**
   * The id table's entry for the id bytes `b[s, e)` (whose text is `String(direct)` when `direct` is
   * not -1), added (and parsed) on first sight; the codes kept per entry grow with the table.
   */
  private idEntry(b: Uint8Array, s: number, e: number, direct = -1): number {
    const h = ByteTable.hash(b, s, e);
    const found = this.idTable.find(b, s, e, h);
    if (found >= 0) return found;
    const index = this.idTable.add(b, s, e, h, parseId(direct >= 0 ? String(direct) : this.decode(b, s, e)));
    if (index >= this.idCodes.length) this.idCodes = grownCodes(this.idCodes, index, -1);
    return index;
  }

  /** {@link idEntry} for a small numeric id without leading zeros, remembered in the direct table. */
  private directIdEntry(direct: number, b: Uint8Array, s: number, e: number): number {
    if (direct >= this.directIds.length) {
      const grown = new Int32Array(Math.min(DIRECT_IDS, Math.max(1024, (direct + 1) * 2)));
      grown.set(this.directIds);
      this.directIds = grown;
    }
    // Its digits, without leading zeros, are the id's text.
    const index = this.idEntry(b, s, e, direct);
    this.directIds[direct] = index + 1;
    return index;
  }

  private lookupIndex(
    table: ByteTable<Parsed<string | null>>,
    b: Uint8Array,
    s: number,
    e: number,
    parse: (raw: unknown) => Parsed<string | null>,
  ): number {
    const last = table.findLast(b, this.view, s, e);
    if (last >= 0) return last;
    const h = ByteTable.hash(b, s, e);
    const found = table.find(b, s, e, h);
    if (found >= 0) return found;
    return table.add(b, s, e, h, parse(this.decode(b, s, e)));
  }

  /** The text of the cell `b[s, e)` of the line being read. */
  private decode(b: Uint8Array, s: number, e: number): string {
    try {
      return decoder.decode(b.subarray(s, e));
    } catch {
      throw this.notUtf8(this.line, this.consumed + (s - this.lineStart) + Math.max(0, firstInvalidUtf8(b.subarray(s, e))));
    }
  }

  private checkUtf8(b: Uint8Array, s: number, e: number): void {
    const at = firstInvalidUtf8(b.subarray(s, e));
    if (at >= 0) throw this.notUtf8(this.line, this.consumed + (s - this.lineStart) + at);
  }

  /** The error of bytes that are not UTF-8 on `line`, at byte `offset` of the input. */
  private notUtf8(line: number, offset: number): InvalidInputError {
    return new InvalidInputError(
      `Line ${line}: the bytes at offset ${offset} are not valid UTF-8. If the file was saved in another encoding, say which: encoding: 'windows-1252' or 'latin1' (CLI: --encoding windows-1252).`,
      { line, offset },
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Slow path: the shared reader and record builder.

  private slowLine(bytes: Uint8Array, start: number, end: number): void {
    this.appendSegment(bytes, start, end);
    let quote = false;
    for (let i = start; i < end; i++) {
      if (bytes[i] === QUOTE) {
        quote = true;
        break;
      }
    }
    const seg = this.segment!;
    // A segment still inside a quoted field can only close on a line with a quote byte.
    if (seg.length === end - start || quote) this.flushSegment(false);
  }

  private appendSegment(bytes: Uint8Array, start: number, end: number): void {
    let seg = this.segment;
    if (!seg) {
      seg = this.segment = { bytes: new Uint8Array(Math.max(256, end - start)), length: 0, line: this.line, first: !this.started };
      this.started = true;
    }
    const need = seg.length + (end - start);
    if (need > seg.bytes.length) {
      const bigger = new Uint8Array(Math.max(need, seg.bytes.length * 2));
      bigger.set(seg.bytes.subarray(0, seg.length));
      seg.bytes = bigger;
    }
    seg.bytes.set(bytes.subarray(start, end), seg.length);
    seg.length = need;
  }

  /** Parses the open segment; if it ends at a record boundary (or `final`), reads its records. */
  private flushSegment(final: boolean): void {
    const seg = this.segment!;
    const bytes = seg.bytes.subarray(0, seg.length);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      const at = firstInvalidUtf8(bytes);
      let line = seg.line;
      for (let k = 0; k < at; k++) if (bytes[k] === LF) line++;
      throw this.notUtf8(line, this.consumed + at);
    }
    if (this.delimiter === null) {
      // The header line decides the delimiter (blank lines before it do not).
      const first = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '');
      if (first === undefined && !final) {
        this.segment = null;
        this.consumed += seg.length;
        this.line = seg.line + countBreaks(text);
        return;
      }
      this.useDelimiter(detectDelimiter(first ?? ''));
    }
    const records: ProbeRecord[] = [];
    const reader = new CsvRecordReader((fields, line, malformed) => records.push({ fields, line, malformed }), this.delimiterText);
    // A leading sentinel line keeps a byte-order mark inside the file as data (the reader drops one
    // only at the start of its input); the segment that starts the file goes in as it is.
    const base = seg.first ? 0 : 1;
    if (!seg.first) reader.push(`${SENTINEL}\n`);
    reader.push(text);
    let lines: number;
    if (final) {
      reader.end();
      lines = -1;
      const open = reader.unclosedQuote;
      if (open) {
        const line = seg.line + open.line - 1 - base;
        throw new InvalidInputError(
          `Line ${line}: a quote opened here is never closed; it runs to the end of the input (${open.lines} line${open.lines === 1 ? '' : 's'}). Close the quote, or double the quote characters inside the cell ("").`,
          { line, lines: open.lines },
        );
      }
    } else {
      reader.push(`${SENTINEL}\n`);
      const last = records[records.length - 1];
      const closed = last !== undefined && records.length > base && last.fields.length === 1 && last.fields[0] === SENTINEL;
      if (!closed) return; // still inside a quoted field: keep reading lines
      records.pop();
      lines = last.line - 1 - base;
    }
    this.segment = null;
    for (let r = base; r < records.length; r++) {
      const record = records[r]!;
      this.onRecord(record.fields, seg.line + record.line - 1 - base, record.malformed);
    }
    this.line = lines >= 0 ? seg.line + lines : this.line;
    this.consumed += seg.length;
    if (this.stopWhenPlanned && this.plan) this.done = true;
  }

  /** One record, handled by the shared record builder. */
  private onRecord(fields: string[], line: number, malformed: boolean): void {
    if (this.onData) {
      const row = this.onData(fields, line, malformed);
      if (row) {
        this.reserve();
        this.events!.addRow(row);
        this.flushIfFull();
      }
      return;
    }
    if (isBlankRecord(fields)) return; // blank lines before the header
    this.setPlan(fields);
  }
}
