/**
 * Totals per influencer and period (day, ISO week or month) in typed arrays: what the trend chart
 * reads. With `auto` granularity the cells follow the trend's own rule (day up to 120 days of data,
 * week up to two years, else month) while the data streams in: day cells are rolled up into week
 * and month cells once the dates seen span more than 120 days, and week cells are dropped past two
 * years, so memory follows influencers × periods shown, not the input's rows.
 * @module
 */
import { addToPartials, partialsValue } from '../base/exact-sum.js';
import { formatDayNumber, isoDayNumber, monthStartOf, periodStartDay, weekStartOf, type PeriodUnit } from '../base/calendar.js';

/** A trend's period unit, or `auto` (day up to 120 days of data, week up to two years, else month). */
export type PeriodGranularity = PeriodUnit | 'auto';

/**
 * Totals per influencer and period, one entry per cell, as columns: what `trend` and `analyze` read
 * (`aggregateEventsCSV(path, { periods: true })` returns one). Money is exactly summed per cell.
 * Columns of day cells are views (`subarray`) of the one buffer the cells were summed in: cloning a
 * column copies that whole buffer, and transferring its buffer to a worker empties every column.
 * `column.slice()` makes a column of its own.
 */
export interface PeriodTable {
  readonly unit: PeriodUnit;
  /** First and last date of the dated rows (`YYYY-MM-DD`), `null` when no row had a date. */
  readonly first: string | null;
  readonly last: string | null;
  /** Whether any dated row had revenue / cost. */
  readonly hasRevenue: boolean;
  readonly hasCost: boolean;
  /** Distinct influencer ids; `influencer[i]` indexes into it. */
  readonly ids: readonly string[];
  readonly influencer: Int32Array;
  /** First day of each cell's period, as days since 1970-01-01. */
  readonly start: Int32Array;
  readonly rows: Float64Array;
  readonly impressions: Float64Array;
  readonly clicks: Float64Array;
  readonly addToCart: Float64Array;
  readonly purchases: Float64Array;
  /** Exactly rounded sums; NaN where no row of the cell had a value. */
  readonly revenue: Float64Array;
  readonly cost: Float64Array;
}

/** Spans (days, first and last included) up to which `auto` shows days, then weeks. */
const AUTO_DAYS = 120;
const AUTO_WEEKS = 731;

/** The unit `auto` picks for dates spanning `days` days (first and last included). */
export function autoUnitForSpan(days: number): PeriodUnit {
  return days <= AUTO_DAYS ? 'day' : days <= AUTO_WEEKS ? 'week' : 'month';
}

// Which number of a cell is which (see CellTable for where number `k` of cell `c` is kept).
const ROWS = 0;
const IMPRESSIONS = 1;
const CLICKS = 2;
const ADD_TO_CART = 3;
const PURCHASES = 4;
const REVENUE_HI = 5;
const REVENUE_LO = 6;
const REVENUE_ROWS = 7;
const COST_HI = 8;
const COST_LO = 9;
const COST_ROWS = 10;
/** Numbers per cell without cost, and with it. */
const W = 8;
/** @internal */
export const W_COST = 11;

/**
 * Cells of one unit, found by (influencer, period start). Rows mostly come in date order for each
 * influencer (date-ordered or influencer-ordered files), so a period later than any the influencer
 * has is known to be new and is appended without hashing; its last cell serves repeats. Only a row
 * earlier than the influencer's latest period needs the hash index, which then takes in the cells
 * appended since it was last used.
 *
 * Number `k` of cell `c` is `d[c * cs + k * ks]`. Day cells are kept as columns (`cs = 1`,
 * `ks = cap`): rows mostly open a new day cell, so the columns fill in order, and
 * {@link PeriodCells.table} hands them out as they are instead of copying every cell. Week and month
 * cells, which rows revisit all week or month long, are kept cell by cell (`cs = w`, `ks = 1`), so
 * that a row updates one cache line, not one per column.
 * @internal
 */
export class CellTable {
  size = 0;
  influencer: Int32Array = new Int32Array(1024);
  start: Int32Array = new Int32Array(1024);
  /** Cells the arrays have room for. */
  cap = 1024;
  d: Float64Array;
  /** Strides between cells and between numbers (see the class note). */
  cs: number;
  ks: number;
  /** Terms that neither `hi` nor `lo` held exactly, by `cell * 2 + (cost ? 1 : 0)` (rare). */
  readonly extra = new Map<number, number[]>();
  /** Hash slots of the cells below `indexed` by (influencer, start): cell + 1, 0 for empty. */
  private heads = new Int32Array(2048);
  private shift = 32 - 11;
  private indexed = 0;
  /** Per influencer: its last cell and that cell's start (-1: none yet), and its latest start. */
  private lastStart = new Int32Array(256);
  private lastCell = new Int32Array(256).fill(-1);
  private maxStart = new Int32Array(256);

  constructor(
    readonly unit: PeriodUnit,
    readonly w: number,
    readonly columnar = unit === 'day',
  ) {
    this.d = new Float64Array(this.cap * w);
    this.cs = columnar ? 1 : w;
    this.ks = columnar ? this.cap : 1;
  }

  private static hash(g: number, start: number, shift: number): number {
    // Multiplicative hashing of the pair (g, start) packed as g * 2^23 + start (days fit 23 bits).
    return Math.imul((g << 23) ^ (start & 0x7fffff) ^ Math.imul(g >>> 9, 0x85ebca6b), 0x9e3779b1) >>> shift;
  }

  cell(g: number, start: number): number {
    if (g >= this.lastCell.length) this.growInfluencers(g);
    const last = this.lastCell[g]!;
    if (last >= 0 && this.lastStart[g] === start) return last;
    if (last < 0 || start > this.maxStart[g]!) {
      // Later than any period of this influencer: a new cell, indexed when the index is next needed.
      this.maxStart[g] = start;
      return this.append(g, start);
    }
    if (this.indexed < this.size) this.catchUp();
    const heads = this.heads;
    const mask = heads.length - 1;
    let h = CellTable.hash(g, start, this.shift);
    for (;;) {
      const e = heads[h]!;
      if (e === 0) break;
      if (this.influencer[e - 1] === g && this.start[e - 1] === start) {
        this.lastCell[g] = e - 1;
        this.lastStart[g] = start;
        return e - 1;
      }
      h = (h + 1) & mask;
    }
    const c = this.append(g, start);
    this.catchUp();
    return c;
  }

  private append(g: number, start: number): number {
    const c = this.size;
    if (c >= this.cap) this.grow();
    this.size = c + 1;
    this.influencer[c] = g;
    this.start[c] = start;
    this.lastCell[g] = c;
    this.lastStart[g] = start;
    return c;
  }

  /** Puts the cells appended since the last lookup into the hash index. */
  private catchUp(): void {
    while (this.size * 2 > this.heads.length) {
      this.heads = new Int32Array(this.heads.length * 2);
      this.shift--;
      this.indexed = 0;
    }
    const heads = this.heads;
    const mask = heads.length - 1;
    for (let c = this.indexed; c < this.size; c++) {
      let h = CellTable.hash(this.influencer[c]!, this.start[c]!, this.shift);
      while (heads[h] !== 0) h = (h + 1) & mask;
      heads[h] = c + 1;
    }
    this.indexed = this.size;
  }

  private growInfluencers(g: number): void {
    const cap = Math.max(g + 1, this.lastCell.length * 2);
    const grown = (a: Int32Array, fill: number) => {
      const b = new Int32Array(cap).fill(fill);
      b.set(a);
      return b;
    };
    this.lastStart = grown(this.lastStart, 0);
    this.lastCell = grown(this.lastCell, -1);
    this.maxStart = grown(this.maxStart, 0);
  }

  private grow(): void {
    const cap = this.cap * 2;
    const influencer = new Int32Array(cap);
    influencer.set(this.influencer);
    this.influencer = influencer;
    const start = new Int32Array(cap);
    start.set(this.start);
    this.start = start;
    this.d = this.resized(cap, this.w);
    this.cap = cap;
    if (this.columnar) this.ks = cap;
  }

  /** The numbers in a new array with room for `cap` cells of `w` numbers (the first `this.w` copied). */
  resized(cap: number, w: number): Float64Array {
    const d = new Float64Array(cap * w);
    if (!this.columnar) {
      if (w === this.w) d.set(this.d.subarray(0, this.size * w));
      else for (let c = 0; c < this.size; c++) d.set(this.d.subarray(c * this.w, (c + 1) * this.w), c * w);
    } else {
      for (let k = 0; k < this.w; k++) d.set(this.d.subarray(k * this.cap, k * this.cap + this.size), k * cap);
    }
    return d;
  }

  /** Adds `x` exactly to the money sum in numbers `at` (hi) and `at + 1` (lo) of cell `c`. */
  money(c: number, at: number, x: number, which: number): void {
    const d = this.d;
    const i = c * this.cs + at * this.ks;
    const a = d[i]!;
    const s = a + x;
    const bv = s - a;
    const e = a - (s - bv) + (x - bv);
    d[i] = s;
    if (e === 0) return;
    const j = i + this.ks;
    const l = d[j]!;
    const s2 = l + e;
    const b2 = s2 - l;
    const e2 = l - (s2 - b2) + (e - b2);
    d[j] = s2;
    if (e2 === 0) return;
    const k = c * 2 + which;
    let list = this.extra.get(k);
    if (!list) this.extra.set(k, (list = []));
    addToPartials(list, e2);
  }

  /** The exact terms of a cell's money sum. */
  terms(c: number, which: number): number[] {
    const i = c * this.cs + (which === 0 ? REVENUE_HI : COST_HI) * this.ks;
    return [...(this.extra.get(c * 2 + which) ?? []), this.d[i + this.ks]!, this.d[i]!];
  }

  /** The same cells with room for cost sums (made when the first cost value arrives). */
  withCost(): CellTable {
    const t = new CellTable(this.unit, W_COST, this.columnar);
    t.size = this.size;
    t.influencer = this.influencer;
    t.start = this.start;
    t.cap = this.cap;
    t.d = this.resized(this.cap, W_COST);
    t.ks = this.columnar ? this.cap : 1;
    for (const [k, v] of this.extra) t.extra.set(k, v);
    t.heads = this.heads;
    t.shift = this.shift;
    t.indexed = this.indexed;
    t.lastStart = this.lastStart;
    t.lastCell = this.lastCell;
    t.maxStart = this.maxStart;
    return t;
  }
}

/**
 * Accumulates totals per (influencer slot, period). Influencers are small integers (an
 * accumulator's slots); {@link table} names them. Fed one row (or one group) at a time through
 * {@link row}: rows, impressions, clicks, addToCart, purchases, revenue and cost (NaN for none),
 * rows with revenue, rows with cost.
 * @internal
 */
export class PeriodCells {
  /** Tables kept: one unit, or week and month together while `auto` may still need either. @internal */
  tables: CellTable[];
  /** First and last day number added. @internal */
  minDay = Infinity;
  /** @internal */
  maxDay = -Infinity;
  /** Whether any row had revenue / cost. @internal */
  hasRevenue = false;
  /** @internal */
  hasCost = false;
  readonly row = new Float64Array(9);
  /** Whether {@link table} has handed out the cells. */
  private taken = false;

  constructor(readonly granularity: PeriodGranularity) {
    this.tables = [new CellTable(granularity === 'auto' ? 'day' : granularity, W)];
  }

  /** The last day added and its week and month starts (rows mostly come day by day). */
  private lastDay = NaN;
  private lastWeek = 0;
  private lastMonth = 0;

  /** Adds {@link row} to influencer `g` on day number `day`. */
  add(g: number, day: number): void {
    if (day < this.minDay || day > this.maxDay) this.widen(day, day);
    if (day !== this.lastDay) {
      this.lastDay = day;
      this.lastWeek = weekStartOf(day);
      this.lastMonth = monthStartOf(day);
    }
    const v = this.row;
    const revenue = v[5]!;
    const cost = v[6]!;
    if (v[7]! > 0) this.hasRevenue = true;
    if (cost === cost && !this.hasCost) this.addCost();
    if (v[8]! > 0) this.hasCost = true;
    const tables = this.tables;
    for (let t = 0; t < tables.length; t++) {
      const table = tables[t]!;
      const unit = table.unit;
      const c = table.cell(g, unit === 'day' ? day : unit === 'week' ? this.lastWeek : this.lastMonth);
      const d = table.d;
      const o = c * table.cs;
      const ks = table.ks;
      d[o + ROWS * ks]! += v[0]!;
      d[o + IMPRESSIONS * ks]! += v[1]!;
      d[o + CLICKS * ks]! += v[2]!;
      d[o + ADD_TO_CART * ks]! += v[3]!;
      d[o + PURCHASES * ks]! += v[4]!;
      d[o + REVENUE_ROWS * ks]! += v[7]!;
      if (revenue === revenue && revenue !== 0) table.money(c, REVENUE_HI, revenue, 0);
      if (table.w === W_COST) {
        d[o + COST_ROWS * ks]! += v[8]!;
        if (cost === cost && cost !== 0) table.money(c, COST_HI, cost, 1);
      }
    }
  }

  /** Gives every table room for cost sums. @internal */
  addCost(): void {
    this.tables = this.tables.map((t) => (t.w === W_COST ? t : t.withCost()));
    this.hasCost = true;
  }

  /** Takes in the dates from `from` to `to` and, under `auto`, coarsens the cells as the span needs. @internal */
  widen(from: number, to: number): void {
    this.minDay = Math.min(this.minDay, from);
    this.maxDay = Math.max(this.maxDay, to);
    if (this.granularity !== 'auto') return;
    const span = this.maxDay - this.minDay + 1;
    const units = this.tables.map((t) => t.unit);
    if (span > AUTO_DAYS && units[0] === 'day') {
      const day = this.tables[0]!;
      this.tables = [this.rolled(day, 'week'), this.rolled(day, 'month')];
    }
    if (span > AUTO_WEEKS && this.tables.length === 2) this.tables = [this.tables[1]!];
  }

  /** The cells of `from` rolled up into `unit` (coarser). */
  private rolled(from: CellTable, unit: PeriodUnit): CellTable {
    const to = new CellTable(unit, from.w);
    for (let c = 0; c < from.size; c++) this.copyCell(from, c, to, from.influencer[c]!, periodStartDay(from.start[c]!, unit));
    return to;
  }

  /** Adds cell `c` of `from` to the cell of (`g`, `start`) in `to`. @internal */
  copyCell(from: CellTable, c: number, to: CellTable, g: number, start: number): void {
    const t = to.cell(g, start);
    const a = from.d;
    const b = to.d;
    const o = c * from.cs;
    const ka = from.ks;
    const p = t * to.cs;
    const kb = to.ks;
    b[p + ROWS * kb]! += a[o + ROWS * ka]!;
    b[p + IMPRESSIONS * kb]! += a[o + IMPRESSIONS * ka]!;
    b[p + CLICKS * kb]! += a[o + CLICKS * ka]!;
    b[p + ADD_TO_CART * kb]! += a[o + ADD_TO_CART * ka]!;
    b[p + PURCHASES * kb]! += a[o + PURCHASES * ka]!;
    b[p + REVENUE_ROWS * kb]! += a[o + REVENUE_ROWS * ka]!;
    this.copyMoney(from, c, to, t, 0);
    if (from.w === W_COST) {
      b[p + COST_ROWS * kb]! += a[o + COST_ROWS * ka]!;
      this.copyMoney(from, c, to, t, 1);
    }
  }

  /** Adds the exact terms of one money sum of cell `c` of `from` to cell `t` of `to`. */
  private copyMoney(from: CellTable, c: number, to: CellTable, t: number, which: number): void {
    const at = which === 0 ? REVENUE_HI : COST_HI;
    const i = c * from.cs + at * from.ks;
    const hi = from.d[i]!;
    const lo = from.d[i + from.ks]!;
    if (hi !== 0) to.money(t, at, hi, which);
    if (lo !== 0) to.money(t, at, lo, which);
    const more = from.extra.get(c * 2 + which);
    if (more) for (const x of more) if (x !== 0) to.money(t, at, x, which);
  }

  /**
   * The cells of the unit the granularity calls for, as columns; `ids[g]` names influencer `g`. The
   * last call on these cells: the columns are the cells' own storage (views, not copies), and each
   * money sum's exact terms are rounded into its `hi` column in place.
   */
  table(ids: readonly string[]): PeriodTable {
    if (this.taken) throw new Error('PeriodCells.table() hands out the cells themselves: it cannot be called twice.');
    this.taken = true;
    const dated = this.minDay <= this.maxDay;
    const unit = this.granularity === 'auto' ? autoUnitForSpan(dated ? this.maxDay - this.minDay + 1 : 0) : this.granularity;
    const source = this.tables.find((t) => t.unit === unit) ?? this.tables[0]!;
    const t = source.unit === unit ? source : this.rolled(source, unit);
    const n = t.size;
    const { d, cs, ks } = t;
    // Columns are views of a columnar table's numbers; a table kept cell by cell is copied out.
    const column = (k: number) => {
      if (t.columnar) return d.subarray(k * ks, k * ks + n);
      const out = new Float64Array(n);
      for (let c = 0; c < n; c++) out[c] = d[c * cs + k]!;
      return out;
    };
    const money = (which: number, rowsAt: number) => {
      if (t.w < W_COST && which === 1) return new Float64Array(n).fill(NaN);
      const at = which === 0 ? REVENUE_HI : COST_HI;
      // Rounded into the hi numbers in place (this is the cells' last use), which a columnar table
      // then hands out as they are.
      for (let c = 0; c < n; c++) {
        const i = c * cs + at * ks;
        if (!(d[c * cs + rowsAt * ks]! > 0)) d[i] = NaN;
        else if (!t.extra.has(c * 2 + which)) {
          // Two terms: their exact sum rounded once.
          d[i] = d[i]! + d[i + ks]!;
        } else {
          const p: number[] = [];
          for (const x of t.terms(c, which)) if (x !== 0) addToPartials(p, x);
          d[i] = partialsValue(p);
        }
      }
      return column(at);
    };
    return {
      unit,
      first: dated ? formatDayNumber(this.minDay) : null,
      last: dated ? formatDayNumber(this.maxDay) : null,
      hasRevenue: this.hasRevenue,
      hasCost: this.hasCost,
      ids,
      influencer: t.influencer.subarray(0, n),
      start: t.start.subarray(0, n),
      rows: column(ROWS),
      impressions: column(IMPRESSIONS),
      clicks: column(CLICKS),
      addToCart: column(ADD_TO_CART),
      purchases: column(PURCHASES),
      revenue: money(0, REVENUE_ROWS),
      cost: money(1, COST_ROWS),
    };
  }
}
