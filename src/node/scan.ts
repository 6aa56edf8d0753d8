/**
 * The byte-level event scanner: UTF-8 bytes in, per-group accumulators and a row report out, with no
 * row objects and no allocation per row on its fast path.
 *
 * Validation is not re-implemented here. The fast path takes a physical line only when every cell is
 * trivially valid: counts of 1 to 15 ASCII digits, amounts of `digits[.digits]` with at most 15
 * digits, no quote byte, no carriage return except before the line feed, and exactly the header's
 * number of fields. Ids, dates and text cells are decoded once per distinct byte string and run
 * through the shared value parsers (`parseId`, the compiled date parser, `parseText`); the results
 * are cached by bytes. Any other line (quotes, blank lines, odd values, wrong field counts, lone
 * carriage returns) is decoded and read by the shared {@link CsvRecordReader}, then checked by the
 * shared row builder, exactly as `parseEventsCSV` does.
 *
 * Record boundaries: a quoted field can hold line breaks, so a slow segment that starts at a record
 * boundary is extended line by line until the shared reader says it ends at one. The test is a probe:
 * the segment is parsed followed by a sentinel line; the sentinel comes out as a record of its own
 * only when the reader is outside a quoted field at the end of the segment. Only a `"` can close a
 * quoted field, so the probe runs again only when a line with a quote byte is added.
 * @module
 */
import { Accumulator, fillCellRow, type Aggregate, type RawAccumulator } from '../aggregate.js';
import { isoDayNumber, PeriodCells, type PeriodGranularity, type PeriodTable, type RawPeriodCells } from '../period-cells.js';
import { planColumns, type ColumnPlan } from '../ingest/columns.js';
import { CsvRecordReader } from '../ingest/csv-reader.js';
import { ReportBuilder, type RowReport } from '../ingest/report.js';
import { EmptyInputError } from '../errors.js';
import { createRecordBuilder, isBlankRecord, type RecordBuilder } from '../ingest/rows.js';
import { compileDateParser, parseId, parseText, type DateParser, type Parsed } from '../ingest/values.js';
import type { ColumnMapping } from '../schema.js';
import type { EventRow } from '../types.js';
import { PairTable } from '../pair-table.js';
import { Buffer } from 'node:buffer';
import { ByteTable } from './byte-table.js';

/** What the scanner needs to know (options already validated). */
export interface ScanSettings {
  readonly columns?: ColumnMapping;
  readonly dateFormat?: string;
  readonly maxErrors?: number;
  readonly by: readonly string[];
  /** Keep the per-row rate sums of the classic preset (default true). */
  readonly rowRates?: boolean;
  /** Also sum per influencer and period (with `by` empty), at this granularity. */
  readonly periods?: PeriodGranularity;
}

/** A scanner's result with the accumulator's raw state in place of the aggregate. */
export type RawScanResult = Omit<ScanResult, 'aggregate' | 'periods'> & { readonly raw: RawAccumulator; readonly periodsRaw?: RawPeriodCells };

/** A scanner's result: the aggregate, the report, and where it stopped. */
export interface ScanResult {
  readonly aggregate: Aggregate<string>;
  readonly report: RowReport;
  /** Physical lines read (line breaks as the CSV reader counts them). */
  readonly lines: number;
  /** Bytes consumed, up to the end of the last record read. */
  readonly bytes: number;
  /** The header cells, once read. */
  readonly header: readonly string[] | null;
  /** Totals per influencer and period, when the settings ask for them. */
  readonly periods?: PeriodTable;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const DOT = 46;
const D0 = 48;
const D9 = 57;
/** The dot as the digit loops see it: ('.' - '0') >>> 0. */
const DOT_DIGIT = (DOT - D0) >>> 0;

/** Marks the probe line; no CSV delimiter or quote in it, and no plausible data. */
const SENTINEL = '\u0000\u0001influencer-funnel:record-boundary\u0001\u0000';

// Cell kinds of the fast path.
const SKIP = 0;
const ID = 1;
const COUNT = 2;
const MONEY = 3;
const FOLLOWERS = 4;
const DATE = 5;
const CATEGORY = 6;
/** Text cell whose value is needed (a `by` dimension): decoded once per distinct value. */
const TEXT_VALUE = 7;
/** Text cell that is only checked (empty = null): never decoded, so memory does not grow with it. */
const TEXT_CHECK = 8;

/** Bytes that end an unquoted text cell: comma, line feed, carriage return, quote. */
const STOP = new Uint8Array(256);
STOP[COMMA] = STOP[LF] = STOP[CR] = STOP[QUOTE] = 1;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Numeric ids below this without leading zeros use a direct table instead of hashing. */
const DIRECT_IDS = 1 << 20;

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

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const streamDecoder = () => new TextDecoder('utf-8', { ignoreBOM: true });

/** Incremental scanner over UTF-8 bytes pushed in chunks of any size, split anywhere. */
export class EventScanner {
  private plan: ColumnPlan | null = null;
  private report: ReportBuilder | null = null;
  private onData: RecordBuilder | null = null;
  private readonly acc: Accumulator<string>;
  private readonly by: readonly string[];
  private readonly getters: ((row: EventRow) => string | null)[];
  private readonly dims: (string | null)[];
  /** Next physical line number. */
  private line = 1;
  /** Used rows so far: the position of the next used row. */
  private position = 0;
  /** Bytes of complete lines consumed. */
  private consumed = 0;
  /** Incomplete line carried to the next chunk. */
  private carry: Buffer = Buffer.allocUnsafe(1 << 12);
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
  /** For COUNT / MONEY / FOLLOWERS cells: index into `acc.row`. */
  private slotOf = new Uint8Array(0);
  private nullName: string[] = [];
  /** Cells whose null is counted, in the row builder's field order. */
  private nullOrder = new Int32Array(0);
  private nulls = new Uint8Array(0);
  /** Some null flag may still be set (a line with an empty cell went the slow way). */
  private nullsDirty = false;
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private textValues: (string | null)[] = [];
  /** For `by` dimensions: the cell index of each, or -1 when the column is absent. */
  private dimCells = new Int32Array(0);
  private idTable = new ByteTable<Parsed<string>>(1 << 14);
  private directIds = new Int32Array(0);
  private dateTable = new ByteTable<Parsed<string | null>>(256);
  private textTables: ByteTable<Parsed<string | null>>[] = [];
  private parseDate: DateParser;
  /** Grouped by date alone: groups by (id entry, date entry). */
  private pairDate = false;
  private readonly pairs = new PairTable();
  /** Per id-table entry: its group slot without `by` (>= 0), -3 valid id without a slot yet, -2 invalid id, -1 not seen. */
  private idSlots: Int32Array = new Int32Array(1024).fill(-1);
  /** Per id-table entry: the category-table entry of its last row (-1: none yet). */
  private lastCategoryOf: Int32Array = new Int32Array(1024).fill(-1);
  /** Per date-table entry its `Accumulator.dateKey` (NaN: not yet, or not an ISO date). */
  private dateKeys: Float64Array = new Float64Array(256).fill(NaN);
  /** Per category text-table entry its accumulator category code (-1: not yet). */
  private categoryCodes: Int32Array = new Int32Array(64).fill(-1);
  /** Totals per influencer and period, and the day number of each date-table entry (NaN: not yet). */
  private readonly cells: PeriodCells | null;
  private dateDays: Float64Array = new Float64Array(256).fill(NaN);
  private readonly slowDays = new Map<string, number>();

  constructor(
    private readonly settings: ScanSettings,
    header?: readonly string[],
  ) {
    this.by = settings.by;
    this.acc = new Accumulator(settings.by, settings.rowRates ?? true);
    this.cells = settings.periods !== undefined ? new PeriodCells(settings.periods) : null;
    this.dims = new Array(settings.by.length).fill(null);
    this.getters = settings.by.map((key) =>
      ['date', 'category', 'platform', 'campaign'].includes(key)
        ? (row: EventRow) => (row as unknown as Record<string, string | null>)[key] ?? null
        : (row: EventRow) => (Object.prototype.hasOwnProperty.call(row.extra, key) ? row.extra[key]! : null),
    );
    this.parseDate = compileDateParser(settings.dateFormat);
    if (header) {
      // A scanner given the header starts inside the file, at a record boundary.
      this.setPlan([...header]);
      this.started = true;
    }
  }

  /** Stops at the first record boundary at or after `bytes` (for splitting a file into ranges). */
  stopAt(bytes: number): void {
    this.limit = bytes;
  }

  /** Stops at the first record boundary after the header. */
  stopAfterHeader(): void {
    this.stopWhenPlanned = true;
  }

  /** Whether the header has been read. */
  get planned(): boolean {
    return this.plan !== null;
  }

  /** Used rows so far. */
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
    this.compile(plan);
  }

  private compile(plan: ColumnPlan): void {
    const width = plan.report.found.length;
    const kinds = new Uint8Array(width);
    const slotOf = new Uint8Array(width);
    const names: string[] = new Array(width).fill('');
    const ix = plan.index;
    const set = (index: number, kind: number, name: string, slot = 0) => {
      if (index < 0) return;
      kinds[index] = kind;
      slotOf[index] = slot;
      names[index] = name;
    };
    set(ix.influencerId, ID, 'influencerId');
    set(ix.impressions, COUNT, 'impressions', 0);
    set(ix.clicks, COUNT, 'clicks', 1);
    set(ix.addToCart, COUNT, 'addToCart', 2);
    set(ix.purchases, COUNT, 'purchases', 3);
    set(ix.revenue, MONEY, 'revenue', 4);
    set(ix.cost, MONEY, 'cost', 5);
    set(ix.followerCount, FOLLOWERS, 'followerCount', 6);
    set(ix.date, DATE, 'date');
    set(ix.category, CATEGORY, 'category');
    set(ix.platform, this.by.includes('platform') ? TEXT_VALUE : TEXT_CHECK, 'platform');
    set(ix.campaign, this.by.includes('campaign') ? TEXT_VALUE : TEXT_CHECK, 'campaign');
    for (const { key, index } of plan.extras) set(index, this.by.includes(key) ? TEXT_VALUE : TEXT_CHECK, key);
    // Nulls are counted in the row builder's order: optional fields, then extras.
    const order: number[] = [];
    for (const field of ['revenue', 'cost', 'date', 'category', 'platform', 'campaign', 'followerCount'] as const) {
      if (ix[field] >= 0) order.push(ix[field]);
    }
    for (const { index } of plan.extras) order.push(index);
    this.kinds = kinds;
    this.slotOf = slotOf;
    this.nullName = names;
    this.nullOrder = Int32Array.from(order);
    this.nulls = new Uint8Array(width);
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
    this.textValues = new Array(width).fill(null);
    this.textTables = Array.from({ length: width }, () => new ByteTable<Parsed<string | null>>(64));
    const cellOf = (key: string): number => {
      if (key === 'date' || key === 'category' || key === 'platform' || key === 'campaign') return ix[key];
      return plan.extras.find((e) => e.key === key)?.index ?? -1;
    };
    this.dimCells = Int32Array.from(this.by.map(cellOf));
    this.pairDate = this.by.length === 1 && this.by[0] === 'date' && ix.date >= 0;
    // The per-entry arrays grow as entries come. Assigning them here as well (after their field
    // initialisers) marks the fields as reassigned before the fast path is first optimised: a field
    // first reassigned while it compiles throws that compilation away.
    this.directIds = new Int32Array(1 << 14);
    this.idSlots = new Int32Array(1 << 14).fill(-1);
    this.lastCategoryOf = new Int32Array(1 << 14).fill(-1);
    this.dateKeys = new Float64Array(256).fill(NaN);
    this.categoryCodes = new Int32Array(64).fill(-1);
    this.dateDays = new Float64Array(256).fill(NaN);
  }

  /** Feeds the next chunk of bytes. */
  push(input: Uint8Array): void {
    if (this.done) return;
    // Every byte array the fast path sees is a Buffer (chunks, the carry): one kind of array keeps
    // its optimised code from being thrown away when a line crosses a chunk boundary.
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
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

  /** As {@link result}, with the accumulator's raw state instead of the aggregate (for workers). */
  rawResult(): RawScanResult {
    const { aggregate: _unused, periods: _periods, ...rest } = this.result(true);
    return { ...rest, raw: this.acc.exportRaw(), ...(this.cells && { periodsRaw: this.cells.exportRaw() }) };
  }

  /** The aggregate and report so far (call after {@link end}). */
  result(skipAggregate = false): ScanResult {
    if (!this.plan || !this.report) {
      // No header at all, as parseEventsCSV says.
      throw new EmptyInputError('The CSV input is empty: no header row was found.');
    }
    return {
      aggregate: skipAggregate ? { by: this.by, groups: [] } : this.acc.result(),
      report: this.report!.build(),
      lines: this.line - 1,
      bytes: this.consumed,
      header: this.plan ? this.plan.report.found : null,
      ...(this.cells && !skipAggregate && { periods: this.cells.table(this.acc.ids) }),
    };
  }

  private keep(chunk: Uint8Array, from: number, to: number): void {
    const need = this.carryLength + (to - from);
    if (need > this.carry.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.carry.length * 2));
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
    const slotOf = this.slotOf;
    const width = kinds.length;
    const v = this.acc.row;
    const nulls = this.nulls;
    const starts = this.starts;
    const ends = this.ends;
    v[4] = NaN;
    v[5] = NaN;
    v[6] = -1;
    // Null flags are set only for empty cells and cleared after use (or here, after a line that
    // went the slow way).
    if (this.nullsDirty) {
      nulls.fill(0);
      this.nullsDirty = false;
    }
    let nullCells = 0;
    let i = p;
    let idCell = -1;
    let dateCell = -1;
    let dateAt = -1;
    let categoryCell = -1;
    for (let f = 0; f < width; f++) {
      const kind = kinds[f]!;
      const start = i;
      let c = 0;
      if (kind === COUNT || kind === MONEY || kind === FOLLOWERS) {
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
          x = kind === FOLLOWERS ? -1 : NaN;
        }
        v[slotOf[f]!] = x;
      } else {
        // Four bytes at a time while none is below '-' (every stop byte is: comma, quote, line
        // feed, carriage return); then one comparison a byte, and the stop table for a lower one.
        while (i + 4 <= n && (((x4 = view.getInt32(i, true)) - 0x2d2d2d2d) & ~x4 & 0x80808080) === 0) i += 4;
        while ((c = b[i]!) > COMMA || STOP[c] === 0) i++;
        if (c === QUOTE) return -2;
        starts[f] = start;
        ends[f] = i;
        if (kind === ID) idCell = f;
        else if (kind === DATE) dateCell = f;
        else if (kind === CATEGORY) categoryCell = f;
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
        if (c !== COMMA) return -2;
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
    let slot = -1;
    let idEntry: Parsed<string> | null = null;
    let idIndex = -1;
    /** Index + 1 of the single dimension's value in its byte table (0: none or several dimensions). */
    let dimIndex = 0;
    if (idCell >= 0) {
      const s = starts[idCell]!;
      const e = ends[idCell]!;
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
      let entry: Parsed<string>;
      if (direct >= 0 && direct < DIRECT_IDS) {
        const directIds = this.directIds;
        let known = direct < directIds.length ? directIds[direct]! : 0;
        // A new id only fills the tables; the lines below run for every row, so a file that starts
        // with many new ids does not leave them cold when the fast path is first optimised.
        if (known === 0) known = this.directIdEntry(direct, b, s, e) + 1;
        idIndex = known - 1;
        entry = this.idTable.values[idIndex]!;
      } else {
        idIndex = this.idEntry(b, s, e);
        entry = this.idTable.values[idIndex]!;
      }
      if (this.idSlots[idIndex] === -1) {
        // First sight of this entry: remember whether its id is valid (-2: not).
        if (!entry.ok) this.idSlots[idIndex] = -2;
        else this.idSlots[idIndex] = -3;
      }
      if (this.idSlots[idIndex] === -2) return -2;
      idEntry = entry;
    } else {
      return -2;
    }
    let date: string | null = null;
    if (dateCell >= 0) {
      const at = this.lookupIndex(this.dateTable, b, starts[dateCell]!, ends[dateCell]!, this.parseDate);
      const parsed = this.dateTable.values[at]!;
      dateAt = at;
      if (this.pairDate) dimIndex = at + 1;
      if (!parsed.ok) return -2;
      date = parsed.value;
      if (date === null) {
        nulls[dateCell] = 1;
        nullCells++;
        this.nullsDirty = true;
      }
    }
    let category: string | null = null;
    let categoryCode = -1;
    if (categoryCell >= 0) {
      const table = this.textTables[categoryCell]!;
      const cs = starts[categoryCell]!;
      const ce = ends[categoryCell]!;
      // Each influencer mostly keeps its category: try its last one before hashing.
      // (An influencer without one yet tries the previous row's, so the match runs from the start.)
      let at = this.lastCategoryOf[idIndex]!;
      if (at < 0) at = table.lastEntry;
      if (at < 0 || !table.matches(at, b, this.view, cs, ce)) at = this.lookupIndex(table, b, cs, ce, parseText);
      this.lastCategoryOf[idIndex] = at;
      const parsed = table.values[at]!;
      if (!parsed.ok) return -2;
      category = parsed.value;
      if (category === null) {
        nulls[categoryCell] = 1;
        nullCells++;
        this.nullsDirty = true;
      }
      if (category !== null) {
        if (at >= this.categoryCodes.length) this.categoryCodes = grownCodes(this.categoryCodes, at);
        categoryCode = this.categoryCodes[at]!;
        if (categoryCode < 0) this.categoryCodes[at] = categoryCode = this.acc.codeOf(category);
      }
    }
    if (this.by.length > 0) {
      for (let d = 0; d < this.by.length; d++) {
        const cell = this.dimCells[d]!;
        if (cell < 0) this.dims[d] = null;
        else if (cell === dateCell) this.dims[d] = date;
        else if (cell === categoryCell) this.dims[d] = category;
        else {
          const parsed = this.lookup(this.textTables[cell]!, b, starts[cell]!, ends[cell]!, parseText);
          if (!parsed.ok) return -2;
          this.dims[d] = parsed.value;
          if (parsed.value === null) {
            nulls[cell] = 1;
            nullCells++;
            this.nullsDirty = true;
          }
        }
      }
    }
    // Commit: the group (created only now, for a row that is used), the report first (anomalies,
    // nulls in the builder's order), then the accumulator.
    if (this.by.length === 0) {
      slot = this.idSlots[idIndex]!;
      if (slot < 0) this.idSlots[idIndex] = slot = this.acc.slot((idEntry as { value: string }).value, this.dims);
    } else if (dimIndex > 0) {
      // Grouped by date alone: the group is found by (id entry, date entry), two small integers.
      slot = this.pairs.get(idIndex, dimIndex);
      if (slot < 0) {
        // Not createUnindexed: two byte strings can parse to one id or one date (" 7" and "7"), so the
        // group may exist under another pair; the string index finds it.
        slot = this.acc.slot((idEntry as { value: string }).value, this.dims);
        this.pairs.set(idIndex, dimIndex, slot);
      }
    } else {
      slot = this.acc.slot((idEntry as { value: string }).value, this.dims);
    }
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
    report.use(v[0]!, v[1]!, v[2]!, v[3]!);
    let key = NaN;
    if (date !== null) {
      if (dateAt >= this.dateKeys.length) this.dateKeys = grownKeys(this.dateKeys, dateAt);
      key = this.dateKeys[dateAt]!;
      if (key !== key) this.dateKeys[dateAt] = key = Accumulator.dateKey(date);
    }
    this.acc.addCoded(slot, date, key, categoryCode, this.position++);
    if (this.cells && date !== null) this.addCell(slot, this.dayOfEntry(dateAt, date));
    this.line++;
    return i;
  }

  /**
   * The id table's entry for the id bytes `b[s, e)` (whose text is `String(direct)` when `direct` is
   * not -1), added (and parsed) on first sight; the arrays
   * kept per entry grow with the table (so the fast path never checks their length).
   */
  private idEntry(b: Uint8Array, s: number, e: number, direct = -1): number {
    const h = ByteTable.hash(b, s, e);
    const found = this.idTable.find(b, s, e, h);
    if (found >= 0) return found;
    const index = this.idTable.add(b, s, e, h, parseId(direct >= 0 ? String(direct) : decoder.decode(b.subarray(s, e))));
    if (index >= this.idSlots.length) {
      this.idSlots = grownCodes(this.idSlots, index);
      this.lastCategoryOf = grownCodes(this.lastCategoryOf, index);
    }
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

  /** Day number of the date at entry `at` of the date table (computed once per entry). */
  private dayOfEntry(at: number, date: string): number {
    if (at >= this.dateDays.length) this.dateDays = grownKeys(this.dateDays, at);
    let day = this.dateDays[at]!;
    if (day !== day) this.dateDays[at] = day = isoDayNumber(date);
    return day;
  }

  /** Adds the row in `acc.row` to the period cells of group `g` on day number `day`. */
  private addCell(g: number, day: number): void {
    if (day !== day) return;
    fillCellRow(this.cells!.row, this.acc.row);
    this.cells!.add(g, day);
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
    return table.add(b, s, e, h, parse(decoder.decode(b.subarray(s, e))));
  }

  private lookup(
    table: ByteTable<Parsed<string | null>>,
    b: Uint8Array,
    s: number,
    e: number,
    parse: (raw: unknown) => Parsed<string | null>,
  ): Parsed<string | null> {
    const h = ByteTable.hash(b, s, e);
    const found = table.find(b, s, e, h);
    if (found >= 0) return table.values[found]!;
    const parsed = parse(decoder.decode(b.subarray(s, e)));
    table.add(b, s, e, h, parsed);
    return parsed;
  }

  // ---------------------------------------------------------------------------------------------
  // Slow path: the shared reader and row builder.

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
    const text = streamDecoder().decode(seg.bytes.subarray(0, seg.length));
    const records: ProbeRecord[] = [];
    const reader = new CsvRecordReader((fields, line, malformed) => records.push({ fields, line, malformed }));
    // A leading sentinel line keeps a byte-order mark inside the file as data (the reader drops one
    // only at the start of its input); the segment that starts the file goes in as it is.
    const base = seg.first ? 0 : 1;
    if (!seg.first) reader.push(`${SENTINEL}\n`);
    reader.push(text);
    let lines: number;
    if (final) {
      reader.end();
      lines = -1;
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

  /** One record, handled by the same record builder as `parseEventsCSV`. */
  private onRecord(fields: string[], line: number, malformed: boolean): void {
    if (this.onData) {
      const row = this.onData(fields, line, malformed);
      if (row) this.addRow(row);
      return;
    }
    if (isBlankRecord(fields)) return; // blank lines before the header
    this.setPlan(fields);
  }

  private addRow(row: EventRow): void {
    for (let d = 0; d < this.getters.length; d++) this.dims[d] = this.getters[d]!(row);
    const g = this.acc.slot(row.influencerId, this.dims);
    const v = this.acc.row;
    v[0] = row.impressions;
    v[1] = row.clicks;
    v[2] = row.addToCart;
    v[3] = row.purchases;
    v[4] = row.revenue ?? NaN;
    v[5] = row.cost ?? NaN;
    v[6] = row.followerCount ?? -1;
    this.acc.add(g, row.date, row.category, this.position++);
    if (this.cells && row.date !== null) {
      let day = this.slowDays.get(row.date);
      if (day === undefined) this.slowDays.set(row.date, (day = isoDayNumber(row.date)));
      this.addCell(g, day);
    }
  }
}

function grownKeys(keys: Float64Array, at: number): Float64Array {
  const bigger = new Float64Array(Math.max(at + 1, keys.length * 2)).fill(NaN);
  bigger.set(keys);
  return bigger;
}

function grownCodes(codes: Int32Array, at: number): Int32Array {
  const bigger = new Int32Array(Math.max(at + 1, codes.length * 2)).fill(-1);
  bigger.set(codes);
  return bigger;
}
