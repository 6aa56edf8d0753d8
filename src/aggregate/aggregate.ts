/**
 * Per-influencer (and per any extra dimension) totals with exact, order-independent money sums.
 * Aggregates are plain data: they survive `structuredClone`/`postMessage`, and
 * {@link mergeAggregates} of the parts equals the aggregate of the whole.
 * @module
 */
import { InvalidInputError, InvalidOptionsError } from '../contract/errors.js';
import { checkExactCounts } from './exact-counts.js';
export type { EventColumns } from '../ingest/event-table.js';
import { addToPartials, canonicalPartials, partialsValue } from '../base/exact-sum.js';
import { compareIds, compareText } from '../base/ids.js';
import { dimensionColumn, eventTableOf, textAt, type EventColumns, type EventTable, type TextColumn } from '../ingest/event-table.js';
import { isoDayNumber } from '../base/calendar.js';
import { PeriodCells, type PeriodGranularity, type PeriodTable } from './period-cells.js';
import type { EventRow, FunnelTotals } from '../contract/types.js';
import { ROW_RATE_NAMES, type RowRateName, SUMS, REVENUE, COST, NOISE, BASE_SUMS, ROWS, IMPRESSIONS, CLICKS, ADD_TO_CART, PURCHASES, ENGAGEMENTS, ENGAGEMENT_ROWS, FIRST_SEEN, FIRST_FOLLOWERS, LATEST_FOLLOWERS, LATEST_KEY, FIRST_KEY, LAST_KEY, CATEGORY, CATEGORY_COUNT, CATEGORY2, CATEGORY2_COUNT, RPC_EXPOSURE, RPI_EXPOSURE, REVENUE_ROWS, COST_ROWS, NOISE_N, RATE_N } from './layout.js';
export { ROW_RATE_NAMES, type RowRateName } from './layout.js';

/** Dimensions `by` can name: the known text fields or any extra column (camelCase). */
export type Dimension = 'date' | 'category' | 'platform' | 'campaign' | (string & {});


/** The exact state behind a group's totals; what {@link mergeAggregates} combines. */
export interface GroupState {
  /** Exact-sum partials of revenue and cost (see `exact-sum`). */
  readonly revenue: number[];
  readonly cost: number[];
  /** Rows that carried a revenue / cost value. */
  revenueRows: number;
  costRows: number;
  /** Rows that carried an engagements count (absent in aggregates made before it existed: read as none). */
  engagementRows?: number;
  /** Rows per category value, for the most frequent category. */
  readonly categories: Map<string, number>;
  /** Input position of the group's first row (lower = earlier) and its follower count. */
  firstSeen: number;
  firstFollowers: number | null;
  /** Follower count on the latest date (ties: the largest). */
  latestFollowers: number | null;
  latestFollowersDate: string | null;
  /** Exact sums behind the within-influencer noise of revenue per click and per impression. */
  readonly noise: MoneyNoise;
  /**
   * Per-row rate sums (exact partials) and how many rows had a non-zero denominator; absent when
   * the aggregate was made with `rowRates: false` (only the `classic` preset reads them).
   */
  readonly rowRates?: Record<RowRateName, { readonly sum: number[]; n: number }>;
}

/**
 * Sums behind the within-influencer noise of a money ratio (revenue per click or per impression),
 * over the rows that had revenue and a positive exposure `c`: Σ v²/c and Σ v as exact partials, and
 * the number of such rows and their exposure total C. They give Σ c (v/c − V/C)² = Σ v²/c − V²/C,
 * the weighted spread of the rows' ratios around the influencer's, without keeping the rows.
 */
export interface NoiseSums {
  readonly squares: number[];
  readonly values: number[];
  /** Σ c over the same rows. */
  exposure: number;
  /** How many rows. */
  rows: number;
}

/** {@link NoiseSums} of revenue per click (`rpc`) and per impression (`rpi`). */
export interface MoneyNoise {
  readonly rpc: NoiseSums;
  readonly rpi: NoiseSums;
}

/** Totals of one influencer (and dimension values). */
export interface InfluencerTotals extends FunnelTotals {
  readonly influencerId: string;
  /** Event rows summed. */
  readonly rows: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly addToCart: number;
  readonly purchases: number;
  /** Sum of engagements; `null` when no row had them. */
  readonly engagements: number | null;
  /** Exactly rounded sum; `null` when no row had revenue. */
  readonly revenue: number | null;
  /** Exactly rounded sum; `null` when no row had cost. */
  readonly cost: number | null;
  /** Follower count on the latest date seen (ties: the largest). */
  readonly followerCount: number | null;
  /** Most frequent category (ties: first in code-unit order). */
  readonly category: string | null;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  /** Exact state for merging. */
  readonly state: GroupState;
}

/** Totals of one group: the influencer's totals plus the value of each `by` dimension. */
export type GroupTotals<D extends string = never> = InfluencerTotals & { readonly [K in D]: string | null };

/**
 * The result of {@link aggregate}: groups sorted by influencer id (numeric ids numerically), then
 * dimensions. Plain data, for spread, `structuredClone`, `postMessage` and JSON.
 */
export interface Aggregate<D extends string = never> {
  readonly by: readonly D[];
  readonly groups: readonly GroupTotals<D>[];
}

/**
 * One money ratio's noise sums per group as columns (see {@link NoiseSums}): the exact sums'
 * values, and 0 rows where a group has none to offer (fewer than two rows, or no exposure). @internal
 */
export interface NoiseColumn {
  readonly squares: Float64Array;
  readonly values: Float64Array;
  readonly exposure: Float64Array;
  readonly rows: Float64Array;
}

/** {@link NoiseColumn}s of revenue per click (`rpc`) and per impression (`rpi`). @internal */
export interface NoiseColumns {
  readonly rpc: NoiseColumn;
  readonly rpi: NoiseColumn;
}

/** Per-influencer totals as columns, in the aggregate's group order (`NaN`: null): what the report builder reads (see {@link totalsColumns}). @internal */
export interface GroupColumns extends Pick<PeriodTable, 'rows' | 'impressions' | 'clicks' | 'addToCart' | 'purchases' | 'revenue' | 'cost'> {
  /** Sum of engagements (`NaN`: no row had them). */
  readonly engagements: Float64Array;
  readonly ids: readonly string[];
  readonly latestFollowers: Float64Array;
  readonly firstFollowers: Float64Array;
  readonly category: readonly (string | null)[];
  readonly firstDate: readonly (string | null)[];
  readonly lastDate: readonly (string | null)[];
  readonly noise: NoiseColumns;
  /** Mean of each per-row rate (`NaN`: no row had its denominator); null when not asked for, or not kept. */
  readonly rowRateMeans: Readonly<Record<RowRateName, Float64Array>> | null;
}

/** Empty noise columns for `n` groups. @internal */
export function noiseColumns(n: number): NoiseColumns {
  const column = (): NoiseColumn => ({ squares: new Float64Array(n), values: new Float64Array(n), exposure: new Float64Array(n), rows: new Float64Array(n) });
  return { rpc: column(), rpi: column() };
}

/** Puts line `i`'s noise sums of one ratio into its columns, when they can show a spread (two rows or more, some exposure). @internal */
export function putNoise(column: NoiseColumn, i: number, sums: NoiseSums | undefined): void {
  if (!sums || sums.rows < 2 || !(sums.exposure > 0)) return;
  column.squares[i] = partialsValue(sums.squares);
  column.values[i] = partialsValue(sums.values);
  column.exposure[i] = sums.exposure;
  column.rows[i] = sums.rows;
}

/** A number, or NaN for anything else (null, undefined): the columns' null. */
const numberOrNaN = (v: unknown): number => (typeof v === 'number' ? v : NaN);

/**
 * An aggregate's per-influencer totals as the columns the report builder reads (hand-made groups too:
 * a missing state reads as none). Numbers pass as they are (a non-number becomes NaN); `withRowRates`
 * without per-row rates on every group gives `rowRateMeans: null`. @internal
 */
export function totalsColumns(groups: readonly InfluencerTotals[], withRowRates: boolean): GroupColumns {
  const n = groups.length;
  const number = () => new Float64Array(n);
  const cols = {
    ids: new Array<string>(n),
    rows: number(),
    impressions: number(),
    clicks: number(),
    addToCart: number(),
    purchases: number(),
    engagements: number(),
    revenue: number(),
    cost: number(),
    latestFollowers: number(),
    firstFollowers: number(),
    category: new Array<string | null>(n),
    firstDate: new Array<string | null>(n),
    lastDate: new Array<string | null>(n),
    noise: noiseColumns(n),
  };
  let means: Record<RowRateName, Float64Array> | null = null;
  if (withRowRates && groups.every((g) => g.state?.rowRates)) {
    means = {} as Record<RowRateName, Float64Array>;
    for (const name of ROW_RATE_NAMES) means[name] = number();
  }
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    cols.ids[i] = g.influencerId;
    cols.rows[i] = numberOrNaN(g.rows);
    cols.impressions[i] = numberOrNaN(g.impressions);
    cols.clicks[i] = numberOrNaN(g.clicks);
    cols.addToCart[i] = numberOrNaN(g.addToCart);
    // Purchases only ever enter as successes, read as `Math.min` reads them (null as 0), as the estimates always have.
    cols.purchases[i] = +g.purchases;
    cols.engagements[i] = numberOrNaN(g.engagements);
    // Revenue that is there but not a number is kept as -1: invalid, so the estimates report it.
    const r = g.revenue;
    cols.revenue[i] = r == null ? NaN : typeof r === 'number' && r === r ? r : -1;
    cols.cost[i] = numberOrNaN(g.cost);
    cols.latestFollowers[i] = numberOrNaN(g.followerCount);
    cols.firstFollowers[i] = numberOrNaN(g.state?.firstFollowers);
    cols.category[i] = g.category ?? null;
    cols.firstDate[i] = g.firstDate ?? null;
    cols.lastDate[i] = g.lastDate ?? null;
    putNoise(cols.noise.rpc, i, g.state?.noise?.rpc);
    putNoise(cols.noise.rpi, i, g.state?.noise?.rpi);
    if (means) {
      for (const name of ROW_RATE_NAMES) {
        const rate = g.state.rowRates![name];
        means[name][i] = rate.n > 0 ? partialsValue(rate.sum) / rate.n : NaN;
      }
    }
  }
  return { ...cols, rowRateMeans: means };
}

/** Options of {@link aggregate}. */
export interface AggregateOptions<D extends string> {
  /** Extra dimensions to group by besides the influencer (`['platform', 'date']`). */
  readonly by?: readonly D[];
  /** Position of the first row in a larger input (for `followerCount` of the first row across files). */
  readonly offset?: number;
  /**
   * Keep the exact sums of per-row rates that the `classic` preset averages (default `true`).
   * `false` skips six divisions and exact sums per row; such an aggregate has no `state.rowRates`.
   */
  readonly rowRates?: boolean;
}

const NOT_DIMENSIONS = new Set(['influencerId', 'impressions', 'clicks', 'addToCart', 'purchases', 'revenue', 'cost', 'followerCount', 'extra']);

function checkDimension(key: string): void {
  if (NOT_DIMENSIONS.has(key)) {
    throw new InvalidOptionsError(`Cannot group by "${key}": \`by\` takes text dimensions (date, category, platform, campaign or an extra column).`, [
      { path: 'by', message: `"${key}" is not a dimension` },
    ]);
  }
}

/** A date's key: its day number (see `period-cells`), NaN for a text that is no ISO date. */
const dateKey = isoDayNumber;

/** Orders two dates by their keys when both have one, else as text (which agrees on ISO dates). */
function compareDates(a: string, aKey: number, b: string, bKey: number): number {
  if (aKey === aKey && bKey === bKey) return aKey - bKey;
  return a < b ? -1 : a > b ? 1 : 0;
}

const NO_DIMS: readonly (string | null)[] = Object.freeze([]);

/** Slots of an event's numbers in `Accumulator.event`. */
const EVENT_IMPRESSIONS = 0;
const EVENT_CLICKS = 1;
const EVENT_ADD_TO_CART = 2;
const EVENT_PURCHASES = 3;
const EVENT_REVENUE = 4;
const EVENT_COST = 5;
const EVENT_FOLLOWERS = 6;
const EVENT_ENGAGEMENTS = 7;

/**
 * An empty array already in the elements kind of an array of objects (what it becomes on the first
 * push), so that code optimised on a filled accumulator also runs on a new one without deopting.
 */
function objectArray<T>(): T[] {
  const a: unknown[] = [null];
  a.length = 0;
  return a as T[];
}

/** Compacts a list of exact terms into Shewchuk partials when it grows past this. */
const SPILL_LIMIT = 64;

/**
 * A growable struct-of-arrays accumulator: one slot per group, counters and exact sums in typed
 * arrays, no allocation per row. {@link aggregate} (rows or columns), {@link mergeAggregates} and the
 * Node streaming scanner all feed one, so their results are identical by construction.
 * @internal
 */
export class Accumulator<D extends string = string> {
  size = 0;
  private cap = 0;
  /**
   * Every group's numbers, `w` per group (see the layout constants). Exact sums are a two-term
   * expansion (`hi + lo`) with the rare leftover terms spilled to `extra`; follower counts are -1
   * for none; dates have numeric keys (see {@link dateKey}); the category is a code with its count,
   * and `categories` holds the others once a second one appears.
   * @internal
   */
  d = new Float64Array(0);
  /** Spilled terms by `g * SUMS + k` (rare). @internal */
  readonly extra = new Map<number, number[]>();
  /** Per group: the date of the latest follower count, the first date and the last date. @internal */
  latestFollowersDate = objectArray<string | null>();
  /** @internal */
  firstDate = objectArray<string | null>();
  /** @internal */
  lastDate = objectArray<string | null>();
  /** Counts of a group's other categories, once it has a second one (sparse). @internal */
  readonly categories = new Map<number, Map<number, number>>();
  private readonly categoryCodes = new Map<string, number>();
  /** Category names by code. @internal */
  readonly categoryNames = objectArray<string>();
  readonly ids = objectArray<string>();
  readonly dims = objectArray<readonly (string | null)[]>();
  private readonly index = new Map<string, unknown>();

  /** Sums kept per row: revenue and cost, plus the six per-row rates when `rowRates`. @internal */
  readonly sums: number;
  /** Doubles per group, and where the `hi` and `lo` terms of the exact sums start. @internal */
  readonly w: number;
  /** @internal */
  readonly hi: number;
  /** @internal */
  readonly lo: number;

  /** Totals per group and period, when asked for (`by` empty): fed with the events. */
  readonly cells: PeriodCells | null;

  constructor(
    readonly by: readonly D[],
    readonly rowRates = true,
    periods?: PeriodGranularity,
  ) {
    this.cells = periods === undefined ? null : new PeriodCells(periods);
    this.sums = rowRates ? SUMS : BASE_SUMS;
    this.hi = REVENUE_ROWS + this.sums;
    this.lo = this.hi + this.sums;
    this.w = this.lo + this.sums;
    this.grow(64);
  }

  private grow(cap: number): void {
    const d = new Float64Array(cap * this.w);
    d.set(this.d.subarray(0, this.size * this.w));
    this.d = d;
    this.cap = cap;
  }

  /** The slot of a group, created on first sight. `dims` is read, not kept. */
  slot(id: string, dims: readonly (string | null)[]): number {
    if (dims.length === 0) {
      const found = this.index.get(id) as number | undefined;
      return found ?? this.create(id, dims, this.index, id);
    }
    const level = this.lastLevel(id, dims);
    const last = dims[dims.length - 1]!;
    const found = level.get(last) as number | undefined;
    return found ?? this.create(id, dims, level, last);
  }

  /** The index map that holds a group's slot under its last dimension value, created as needed (`dims` not empty). */
  private lastLevel(id: string, dims: readonly (string | null)[]): Map<string | null, unknown> {
    let level = this.index.get(id) as Map<string | null, unknown> | undefined;
    if (!level) this.index.set(id, (level = new Map()));
    for (let d = 0; d < dims.length - 1; d++) {
      let next = level.get(dims[d]!) as Map<string | null, unknown> | undefined;
      if (!next) level.set(dims[d]!, (next = new Map()));
      level = next;
    }
    return level;
  }

  private create(id: string, dims: readonly (string | null)[], map: Map<string | null, unknown>, key: string | null): number {
    const g = this.size;
    if (g >= this.cap) this.grow(this.cap * 2);
    this.size = g + 1;
    // A new group's block: zero counts and sums, and the sentinels of "none yet".
    const d = this.d;
    const o = g * this.w;
    d[o + FIRST_SEEN] = Infinity;
    d[o + FIRST_FOLLOWERS] = -1;
    d[o + LATEST_FOLLOWERS] = -1;
    // No date yet: every ISO date key is after the latest and first keys and before the last one
    // (see takeDate and takeFollowers).
    d[o + LATEST_KEY] = -Infinity;
    d[o + FIRST_KEY] = Infinity;
    d[o + LAST_KEY] = -Infinity;
    d[o + CATEGORY] = -1;
    d[o + CATEGORY2] = -1;
    map.set(key, g);
    this.ids.push(id);
    // Dimension values are only read: groups without dimensions share one empty array.
    this.dims.push(dims.length === 0 ? NO_DIMS : dims.slice());
    this.latestFollowersDate.push(null);
    this.firstDate.push(null);
    this.lastDate.push(null);
    return g;
  }

  /** Adds `x` exactly to sum `k` of group `g` (TwoSum into hi and lo; leftovers spilled, rarely). @internal */
  sum(g: number, k: number, x: number): void {
    const d = this.d;
    const i = g * this.w + this.hi + k;
    const a = d[i]!;
    const s = a + x;
    const bv = s - a;
    const e = a - (s - bv) + (x - bv);
    d[i] = s;
    if (e !== 0) {
      const j = g * this.w + this.lo + k;
      const l = d[j]!;
      const s2 = l + e;
      const b2 = s2 - l;
      const e2 = l - (s2 - b2) + (e - b2);
      d[j] = s2;
      if (e2 !== 0) this.spill(g * SUMS + k, e2);
    }
  }

  private spill(i: number, x: number): void {
    let list = this.extra.get(i);
    if (!list) this.extra.set(i, (list = []));
    list.push(x);
    if (list.length >= SPILL_LIMIT) {
      const p: number[] = [];
      for (const v of list) addToPartials(p, v);
      this.extra.set(i, p);
    }
  }

  /** Category `value` as a small integer, shared by every group (few distinct categories). @internal */
  categoryCode(value: string): number {
    let code = this.categoryCodes.get(value);
    if (code === undefined) {
      code = this.categoryNames.length;
      this.categoryCodes.set(value, code);
      this.categoryNames.push(value);
    }
    return code;
  }

  /** Adds `n` rows of category `code` to group `g`. @internal */
  countCategory(g: number, code: number, n: number): void {
    const d = this.d;
    const o = g * this.w;
    // A group's first category (and second) is taken on the way to counting it, so the counting
    // lines run from the group's first row (counts start at 0).
    let first = d[o + CATEGORY]!;
    if (first < 0) d[o + CATEGORY] = first = code;
    if (first === code) {
      d[o + CATEGORY_COUNT]! += n;
      return;
    }
    let second = d[o + CATEGORY2]!;
    if (second < 0) d[o + CATEGORY2] = second = code;
    if (second === code) {
      d[o + CATEGORY2_COUNT]! += n;
    } else {
      let map = this.categories.get(g);
      if (!map) this.categories.set(g, (map = new Map()));
      map.set(code, (map.get(code) ?? 0) + n);
    }
  }

  /** Takes a follower count on `date` (day key `key`) if it is group `g`'s latest. @internal */
  takeFollowers(g: number, date: string | null, key: number, followers: number): void {
    const d = this.d;
    const o = g * this.w;
    const latest = d[o + LATEST_FOLLOWERS]!;
    const latestKey = d[o + LATEST_KEY]!;
    // ISO dates on both sides (or none yet: -Infinity) compare by key. The same lines serve a
    // group's first row and its later ones, so they are warm when first optimised.
    if (key === key && latestKey === latestKey) {
      if (key < latestKey || (key === latestKey && followers <= latest)) return;
    } else if (latest >= 0) {
      const current = this.latestFollowersDate[g]!;
      // null dates count as earliest; ties on the date keep the largest count
      if (date === null) {
        if (current !== null || followers <= latest) return;
      } else if (current !== null) {
        const c = compareDates(date, key, current, d[o + LATEST_KEY]!);
        if (c < 0 || (c === 0 && followers <= latest)) return;
      }
    }
    d[o + LATEST_FOLLOWERS] = followers;
    d[o + LATEST_KEY] = key;
    this.latestFollowersDate[g] = date;
  }

  /** Widens group `g`'s first and last dates to `date` (day key `key`). @internal */
  takeDate(g: number, date: string, key: number): void {
    const d = this.d;
    const o = g * this.w;
    // ISO dates compare by key; none yet is +Infinity (first) and -Infinity (last), so a group's
    // first row takes the same lines as its later ones. Other dates compare as text.
    const firstKey = d[o + FIRST_KEY]!;
    if (key === key && firstKey === firstKey ? key < firstKey : this.firstDate[g] === null || compareDates(date, key, this.firstDate[g]!, firstKey) < 0) {
      this.firstDate[g] = date;
      d[o + FIRST_KEY] = key;
    }
    const lastKey = d[o + LAST_KEY]!;
    if (key === key && lastKey === lastKey ? key > lastKey : this.lastDate[g] === null || compareDates(date, key, this.lastDate[g]!, lastKey) > 0) {
      this.lastDate[g] = date;
      d[o + LAST_KEY] = key;
    }
  }

  private readonly terms = new Float64Array(SUMS);
  /** The sums the revenue terms go to: revenue, then the noise sums chosen per row (see addEvent). */
  private readonly revenueKeys = Int32Array.of(REVENUE, NOISE, NOISE + 2);

  /** Per id code of the table dictionary last read: its group's slot (-1: none yet); used when `by` is empty. */
  private idSlots: { values: readonly string[]; slots: Int32Array } = { values: [], slots: new Int32Array(0) };
  /** Per date code of the table dictionary last read: its day number. */
  private dateDays: { values: readonly string[]; days: Float64Array } = { values: [], days: new Float64Array(0) };
  /** Per category code of the table dictionary last read: the accumulator's category code. */
  private categoryOf: { values: readonly string[]; codes: Int32Array } = { values: [], codes: new Int32Array(0) };

  /**
   * Adds every event of `table` (the one way events enter an accumulator). `offset` is the input
   * position of its first event: the lowest position gives a group's first-row follower count.
   * Dictionary codes are resolved once per distinct value; batches of one table builder share
   * their dictionaries, so a stream of batches resolves each id once.
   */
  addTable(table: EventTable, offset = 0): void {
    const n = table.length;
    const ids = table.influencerId;
    const idCodes = ids.codes;
    const idValues = ids.values;
    const slots = this.plain ? this.slotsFor(idValues) : null;
    const dates = table.date;
    const days = dates ? this.daysFor(dates.values) : null;
    const categories = table.category;
    const categoryCodes = categories ? this.categoryCodesFor(categories.values) : null;
    const dimColumns: (TextColumn | null)[] = this.by.map((key) => dimensionColumn(table, key));
    const dims: (string | null)[] = new Array(this.by.length).fill(null);
    const { impressions, clicks, addToCart, purchases, engagements, revenue, cost, followerCount } = table;
    const cells = this.cells;
    for (let i = 0; i < n; i++) {
      const idCode = idCodes[i]!;
      let g: number;
      if (slots !== null) {
        g = slots[idCode]!;
        if (g < 0) slots[idCode] = g = this.slot(idValues[idCode]!, NO_DIMS);
      } else {
        for (let d = 0; d < dims.length; d++) dims[d] = textAt(dimColumns[d], i);
        g = this.slot(idValues[idCode]!, dims);
      }
      const dateCode = dates ? dates.codes[i]! : -1;
      const date = dateCode >= 0 ? dates!.values[dateCode]! : null;
      const day = dateCode >= 0 ? days![dateCode]! : NaN;
      const categoryCode = categories ? categories.codes[i]! : -1;
      const followers = followerCount ? followerCount[i]! : NaN;
      const r = revenue ? revenue[i]! : NaN;
      const c = cost ? cost[i]! : NaN;
      const v = this.event;
      v[EVENT_IMPRESSIONS] = impressions[i]!;
      v[EVENT_CLICKS] = clicks[i]!;
      v[EVENT_ADD_TO_CART] = addToCart[i]!;
      v[EVENT_PURCHASES] = purchases[i]!;
      v[EVENT_REVENUE] = r;
      v[EVENT_COST] = c;
      v[EVENT_FOLLOWERS] = followers === followers ? followers : -1;
      v[EVENT_ENGAGEMENTS] = engagements ? engagements[i]! : NaN;
      this.addEvent(g, date, day, categoryCode >= 0 ? categoryCodes![categoryCode]! : -1, offset + i);
      if (cells !== null && day === day) {
        const cv = cells.row;
        cv[0] = 1;
        cv[1] = impressions[i]!;
        cv[2] = clicks[i]!;
        cv[3] = addToCart[i]!;
        cv[4] = purchases[i]!;
        cv[5] = r;
        cv[6] = c;
        cv[7] = r === r ? 1 : 0;
        cv[8] = c === c ? 1 : 0;
        cells.add(g, day);
      }
    }
  }

  /** Whether groups are found by id alone (`by` is empty). */
  private get plain(): boolean {
    return this.by.length === 0;
  }

  private slotsFor(values: readonly string[]): Int32Array {
    const cache = this.idSlots;
    if (cache.values !== values) {
      this.idSlots = { values, slots: new Int32Array(Math.max(64, values.length)).fill(-1) };
      return this.idSlots.slots;
    }
    if (cache.slots.length < values.length) {
      const grown = new Int32Array(Math.max(values.length, cache.slots.length * 2)).fill(-1);
      grown.set(cache.slots);
      cache.slots = grown;
    }
    return cache.slots;
  }

  private daysFor(values: readonly string[]): Float64Array {
    let cache = this.dateDays;
    if (cache.values !== values) this.dateDays = cache = { values, days: new Float64Array(0) };
    if (cache.days.length < values.length) {
      const from = cache.days.length;
      const grown = new Float64Array(values.length);
      grown.set(cache.days);
      for (let k = from; k < values.length; k++) grown[k] = dateKey(values[k]!);
      cache.days = grown;
    }
    return cache.days;
  }

  private categoryCodesFor(values: readonly string[]): Int32Array {
    let cache = this.categoryOf;
    if (cache.values !== values) this.categoryOf = cache = { values, codes: new Int32Array(0) };
    if (cache.codes.length < values.length) {
      const from = cache.codes.length;
      const grown = new Int32Array(values.length);
      grown.set(cache.codes);
      for (let k = from; k < values.length; k++) grown[k] = this.categoryCode(values[k]!);
      cache.codes = grown;
    }
    return cache.codes;
  }

  /**
   * The numbers of the event {@link addEvent} adds (see the `EVENT_` slots). Doubles handed over in a
   * typed array stay unboxed: a call with double arguments that is not inlined allocates a number
   * per argument, per event.
   */
  private readonly event = new Float64Array(8);

  /**
   * Adds one validated event to group `g`: its numbers in {@link event} (money NaN for none, follower
   * count -1 for none), its date with its key (NaN without a date), the accumulator's code of its
   * category (-1 for none) and its input position.
   */
  private addEvent(g: number, date: string | null, key: number, categoryCode: number, position: number): void {
    const v = this.event;
    const impressions = v[EVENT_IMPRESSIONS]!;
    const clicks = v[EVENT_CLICKS]!;
    const addToCart = v[EVENT_ADD_TO_CART]!;
    const purchases = v[EVENT_PURCHASES]!;
    const revenue = v[EVENT_REVENUE]!;
    const cost = v[EVENT_COST]!;
    const followers = v[EVENT_FOLLOWERS]!;
    const c = this.d;
    const o = g * this.w;
    c[o + ROWS]!++;
    c[o + IMPRESSIONS]! += impressions;
    c[o + CLICKS]! += clicks;
    c[o + ADD_TO_CART]! += addToCart;
    c[o + PURCHASES]! += purchases;
    const engagements = v[EVENT_ENGAGEMENTS]!;
    if (engagements === engagements) {
      c[o + ENGAGEMENTS]! += engagements;
      c[o + ENGAGEMENT_ROWS]!++;
    }
    if (categoryCode >= 0) this.countCategory(g, categoryCode, 1);
    if (position < c[o + FIRST_SEEN]!) {
      c[o + FIRST_SEEN] = position;
      c[o + FIRST_FOLLOWERS] = followers;
    }
    if (date !== null) {
      if (followers >= 0) this.takeFollowers(g, date, key, followers);
      this.takeDate(g, date, key);
    } else if (followers >= 0) this.takeFollowers(g, null, NaN, followers);
    // Exact sums: revenue, cost, money noise (v²/c for rows with revenue and clicks, else v; the same
    // for impressions), then the per-row rates. A missing amount or a zero denominator adds nothing.
    // Each sum is one call on a path every usual row takes (the rare case only picks another sum).
    if (revenue === revenue) {
      c[o + RPC_EXPOSURE]! += clicks;
      c[o + RPI_EXPOSURE]! += impressions;
      // Three sums through one call site (addExact inlined once keeps this method small enough for
      // the compiler to inline its other helpers).
      const keys = this.revenueKeys;
      const terms = this.terms;
      keys[1] = clicks > 0 ? NOISE : NOISE + 1;
      terms[0] = revenue;
      terms[1] = clicks > 0 ? (revenue * revenue) / clicks : revenue;
      keys[2] = impressions > 0 ? NOISE + 2 : NOISE + 3;
      terms[2] = impressions > 0 ? (revenue * revenue) / impressions : revenue;
      for (let k = 0; k < 3; k++) this.addExact(c, o, g, keys[k]!, terms[k]!);
    }
    if (cost === cost) this.addExact(c, o, g, COST, cost);
    if (this.sums > BASE_SUMS) {
      const t = this.terms;
      t[0] = impressions > 0 ? clicks / impressions : NaN;
      t[1] = clicks > 0 ? addToCart / clicks : NaN;
      t[2] = addToCart > 0 ? purchases / addToCart : NaN;
      t[3] = impressions > 0 ? purchases / impressions : NaN;
      t[4] = clicks > 0 ? revenue / clicks : NaN;
      t[5] = impressions > 0 ? revenue / impressions : NaN;
      for (let k = 0; k < ROW_RATE_NAMES.length; k++) {
        const x = t[k]!;
        if (x === x) this.addExact(c, o, g, BASE_SUMS + k, x);
      }
    }
  }

  /**
   * Adds `x` to exact sum `k` of the group at offset `o` (group `g`) and counts the row: TwoSum into
   * hi, then its error into lo (unconditionally: an exact zero adds nothing, and a group's first row
   * then runs the same lines as its later ones); what neither holds exactly is spilled (rare).
   */
  private addExact(c: Float64Array, o: number, g: number, k: number, x: number): void {
    c[o + REVENUE_ROWS + k]!++;
    const i = o + this.hi + k;
    const a = c[i]!;
    const sum = a + x;
    const bv = sum - a;
    const e = a - (sum - bv) + (x - bv);
    c[i] = sum;
    const j = o + this.lo + k;
    const l = c[j]!;
    const s2 = l + e;
    const b2 = s2 - l;
    const e2 = l - (s2 - b2) + (e - b2);
    c[j] = s2;
    if (e2 !== 0) this.spill(g * SUMS + k, e2);
  }

  /**
   * Adds another aggregate's group (its exact state) to group `g`. A hand-made group without a state
   * is read from its totals (see {@link stateOfTotals}); purchases are read as `Math.min` reads them
   * (null as 0), as the estimates read them.
   */
  merge(g: number, t: InfluencerTotals): void {
    const c = this.d;
    const o = g * this.w;
    const st = t.state ?? stateOfTotals(t);
    c[o + ROWS]! += t.rows;
    c[o + IMPRESSIONS]! += t.impressions;
    c[o + CLICKS]! += t.clicks;
    c[o + ADD_TO_CART]! += t.addToCart;
    c[o + PURCHASES]! += +t.purchases;
    if (t.engagements != null) {
      c[o + ENGAGEMENTS]! += t.engagements;
      c[o + ENGAGEMENT_ROWS]! += st.engagementRows ?? 1;
    }
    for (const p of st.revenue) this.sum(g, REVENUE, p);
    for (const p of st.cost) this.sum(g, COST, p);
    c[o + REVENUE_ROWS]! += st.revenueRows;
    c[o + COST_ROWS]! += st.costRows;
    const noise = st.noise;
    if (!noise || !noise.rpc || !noise.rpi) throw new InvalidInputError('Cannot merge a group whose state has no money-noise sums (`state.noise`).');
    for (let m = 0; m < 2; m++) {
      const ns = m === 0 ? noise.rpc : noise.rpi;
      for (const p of ns.squares) this.sum(g, NOISE + 2 * m, p);
      // The revenue of the rows without exposure: all revenue minus that of the rows with it.
      for (const p of st.revenue) this.sum(g, NOISE + 2 * m + 1, p);
      for (const p of ns.values) this.sum(g, NOISE + 2 * m + 1, -p);
      c[o + NOISE_N + 2 * m]! += ns.rows;
      c[o + NOISE_N + 2 * m + 1]! += st.revenueRows - ns.rows;
      c[o + RPC_EXPOSURE + m]! += ns.exposure;
    }
    for (const [value, n] of st.categories) this.countCategory(g, this.categoryCode(value), n);
    if (st.firstSeen < c[o + FIRST_SEEN]!) {
      c[o + FIRST_SEEN] = st.firstSeen;
      c[o + FIRST_FOLLOWERS] = st.firstFollowers ?? -1;
    }
    if (st.latestFollowers !== null) {
      const date = st.latestFollowersDate;
      this.takeFollowers(g, date, date === null ? NaN : this.keyOf(date), st.latestFollowers);
    }
    if (t.firstDate != null) this.takeDate(g, t.firstDate, this.keyOf(t.firstDate));
    if (t.lastDate != null) this.takeDate(g, t.lastDate, this.keyOf(t.lastDate));
    if (this.rowRates) {
      const rates = st.rowRates;
      if (!rates) throw new InvalidInputError('Cannot merge an aggregate made with `rowRates: false` into one that keeps per-row rates.');
      for (let k = 0; k < ROW_RATE_NAMES.length; k++) {
        const r = rates[ROW_RATE_NAMES[k]!];
        for (const p of r.sum) this.sum(g, NOISE + 4 + k, p);
        c[o + RATE_N + k]! += r.n;
      }
    }
  }

  /** Keys of the dates merged groups carry (a few distinct dates, many groups). */
  private readonly mergedKeys = new Map<string, number>();

  private keyOf(date: string): number {
    let key = this.mergedKeys.get(date);
    if (key === undefined) this.mergedKeys.set(date, (key = dateKey(date)));
    return key;
  }

  private partials(g: number, k: number): number[] {
    const spilled = this.extra.get(g * SUMS + k);
    const hi = this.d[g * this.w + this.hi + k]!;
    const lo = this.d[g * this.w + this.lo + k]!;
    if (!spilled) {
      // Two terms: the canonical partials directly (what canonicalPartials gives, without its arrays).
      if (lo === 0) return hi === 0 ? [] : [hi];
      if (hi === 0) return [lo];
      const s = hi + lo;
      const bv = s - hi;
      const e = hi - (s - bv) + (lo - bv);
      if (e === 0) return s === 0 ? [] : [s];
      return [e, s];
    }
    const terms = [...spilled];
    terms.push(lo, hi);
    return canonicalPartials(terms);
  }

  /** Revenue of the rows with exposure: `revenue` minus exact sum `k` (the rows without), as canonical partials. */
  private exposedRevenue(g: number, revenue: number[], k: number): number[] {
    // Usually every row with revenue has exposure: the revenue partials themselves (read-only data).
    if (this.d[g * this.w + REVENUE_ROWS + k] === 0) return revenue;
    const without = this.partials(g, k);
    if (without.length === 0) return revenue;
    return canonicalPartials([...revenue, ...without.map((x) => -x)]);
  }

  /** Rows per category of group `g`, in category (code-unit) order. */
  private categoryCounts(g: number): Map<string, number> {
    const d = this.d;
    const o = g * this.w;
    const first = d[o + CATEGORY]!;
    const second = d[o + CATEGORY2]!;
    const more = this.categories.get(g);
    const counts = new Map<string, number>();
    if (!more) {
      // One or two categories (most groups): in sort order without sorting.
      if (first < 0) return counts;
      const a = this.categoryNames[first]!;
      const an = d[o + CATEGORY_COUNT]!;
      if (second < 0) return counts.set(a, an);
      const b = this.categoryNames[second]!;
      const bn = d[o + CATEGORY2_COUNT]!;
      return a < b ? counts.set(a, an).set(b, bn) : counts.set(b, bn).set(a, an);
    }
    if (first >= 0) counts.set(this.categoryNames[first]!, d[o + CATEGORY_COUNT]!);
    if (second >= 0) counts.set(this.categoryNames[second]!, d[o + CATEGORY2_COUNT]!);
    for (const [k, v] of more) counts.set(this.categoryNames[k]!, v);
    return new Map([...counts].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
  }

  /** The most frequent category of group `g` (ties: the first in category order), with no map for one or two. */
  private modeOf(g: number): string | null {
    const d = this.d;
    const o = g * this.w;
    const first = d[o + CATEGORY]!;
    const second = d[o + CATEGORY2]!;
    if (this.categories.has(g)) {
      let mode: string | null = null;
      let best = 0;
      for (const [value, n] of this.categoryCounts(g)) {
        if (n > best) {
          mode = value;
          best = n;
        }
      }
      return mode;
    }
    if (first < 0) return null;
    const a = this.categoryNames[first]!;
    if (second < 0) return a;
    const b = this.categoryNames[second]!;
    const an = d[o + CATEGORY_COUNT]!;
    const bn = d[o + CATEGORY2_COUNT]!;
    return a < b ? (bn > an ? b : a) : an > bn ? a : b;
  }

  /** The totals of group `g`, with its exact state. */
  totals(g: number): GroupTotals<D> {
    const c = this.d;
    const o = g * this.w;
    const revenue = this.partials(g, REVENUE);
    const cost = this.partials(g, COST);
    const mode = this.modeOf(g);
    const counts = this.categoryCounts(g);
    let rowRates: Record<RowRateName, { sum: number[]; n: number }> | undefined;
    if (this.rowRates) {
      rowRates = {} as Record<RowRateName, { sum: number[]; n: number }>;
      for (let k = 0; k < ROW_RATE_NAMES.length; k++) rowRates[ROW_RATE_NAMES[k]!] = { sum: this.partials(g, NOISE + 4 + k), n: c[o + RATE_N + k]! };
    }
    const latest = c[o + LATEST_FOLLOWERS]!;
    const firstFollowers = c[o + FIRST_FOLLOWERS]!;
    const revenueRows = c[o + REVENUE_ROWS]!;
    const costRows = c[o + COST_ROWS]!;
    const engagementRows = c[o + ENGAGEMENT_ROWS]!;
    const state: GroupState = {
      revenue,
      cost,
      revenueRows,
      costRows,
      engagementRows,
      categories: counts,
      firstSeen: c[o + FIRST_SEEN]!,
      firstFollowers: firstFollowers >= 0 ? firstFollowers : null,
      latestFollowers: latest >= 0 ? latest : null,
      latestFollowersDate: latest >= 0 ? this.latestFollowersDate[g]! : null,
      noise: {
        rpc: { squares: this.partials(g, NOISE), values: this.exposedRevenue(g, revenue, NOISE + 1), exposure: c[o + RPC_EXPOSURE]!, rows: c[o + NOISE_N]! },
        rpi: { squares: this.partials(g, NOISE + 2), values: this.exposedRevenue(g, revenue, NOISE + 3), exposure: c[o + RPI_EXPOSURE]!, rows: c[o + NOISE_N + 2]! },
      },
    };
    // Only with per-row rates (a spread here would make every group's state slow to build).
    if (rowRates) (state as { rowRates?: GroupState['rowRates'] }).rowRates = rowRates;
    const out: Record<string, unknown> = {
      influencerId: this.ids[g]!,
      rows: c[o + ROWS]!,
      impressions: c[o + IMPRESSIONS]!,
      clicks: c[o + CLICKS]!,
      addToCart: c[o + ADD_TO_CART]!,
      purchases: c[o + PURCHASES]!,
      engagements: engagementRows > 0 ? c[o + ENGAGEMENTS]! : null,
      revenue: revenueRows > 0 ? partialsValue(revenue) : null,
      cost: costRows > 0 ? partialsValue(cost) : null,
      followerCount: state.latestFollowers,
      category: mode,
      firstDate: this.firstDate[g]!,
      lastDate: this.lastDate[g]!,
    };
    const dims = this.dims[g]!;
    for (let i = 0; i < this.by.length; i++) {
      const key = this.by[i]!;
      // Own data property, so that any dimension name (`__proto__` too) is kept as a field.
      if (key === '__proto__') Object.defineProperty(out, key, { value: dims[i] ?? null, enumerable: true, writable: true, configurable: true });
      else out[key] = dims[i] ?? null;
    }
    out.state = state;
    return out as GroupTotals<D>;
  }

  /** Every group's totals, sorted by influencer id (numeric ids numerically), then dimensions. */
  result(): Aggregate<D> {
    checkExactCounts(this.d, this.w, this.size, this.ids);
    const order = this.order();
    const groups: GroupTotals<D>[] = new Array(order.length);
    for (let i = 0; i < order.length; i++) groups[i] = this.totals(order[i]!);
    return { by: this.by, groups };
  }

  /** The totals per group and period (with `periods`): the last call on those cells. */
  periodTable(): PeriodTable | null {
    return this.cells ? this.cells.table(this.ids) : null;
  }

  /** The slots in group order: by influencer id (numeric ids numerically), then dimensions. */
  order(): Int32Array {
    const n = this.size;
    if (this.by.length === 0) {
      // One group per id, sorted by id directly. Groups are made in input order, and inputs often
      // come in id order (sorted by influencer, or by date then influencer): one pass confirms it
      // without a sort.
      const ids = this.ids;
      const order = new Int32Array(n);
      for (let g = 0; g < n; g++) order[g] = g;
      let inOrder = true;
      for (let g = 1; g < n && inOrder; g++) inOrder = compareIds(ids[g - 1]!, ids[g]!) < 0;
      if (!inOrder) order.sort((a, b) => compareIds(ids[a]!, ids[b]!));
      return order;
    }
    // Sort slots by the rank of their id, then of each dimension value: each distinct value is
    // compared once, not once per comparison of groups.
    const keys = [rankOf(this.ids, n, compareIds)];
    for (let d = 0; d < this.by.length; d++) {
      const values: (string | null)[] = new Array(n);
      for (let g = 0; g < n; g++) values[g] = this.dims[g]![d] ?? null;
      keys.push(rankOf(values, n, compareText));
    }
    const order = new Int32Array(n);
    for (let g = 0; g < n; g++) order[g] = g;
    if (keys.length === 1) {
      const k0 = keys[0]!;
      order.sort((a, b) => k0[a]! - k0[b]!);
    } else {
      order.sort((a, b) => {
        for (let k = 0; k < keys.length; k++) {
          const x = keys[k]![a]! - keys[k]![b]!;
          if (x !== 0) return x;
        }
        return 0;
      });
    }
    return order;
  }

}

const NO_NOISE: NoiseSums = Object.freeze({ squares: [], values: [], exposure: 0, rows: 0 });

/**
 * The exact state a hand-made group without one stands for: its money totals as single terms, its
 * category once, its follower count on its last date, and no money noise (so no spread to read).
 */
function stateOfTotals(t: InfluencerTotals): GroupState {
  const money = (v: number | null | undefined): number[] => (v === null || v === undefined || v === 0 ? [] : [v]);
  const present = (v: unknown): number => (v === null || v === undefined ? 0 : 1);
  return {
    revenue: money(t.revenue),
    cost: money(t.cost),
    revenueRows: present(t.revenue),
    costRows: present(t.cost),
    engagementRows: present(t.engagements),
    categories: t.category == null ? new Map() : new Map([[t.category, 1]]),
    firstSeen: Infinity,
    firstFollowers: null,
    latestFollowers: t.followerCount ?? null,
    latestFollowersDate: t.lastDate ?? null,
    noise: { rpc: NO_NOISE, rpi: NO_NOISE },
  };
}

/** Each value's rank among the distinct values of `values` under `compare`. */
function rankOf<T>(values: readonly T[], n: number, compare: (a: T, b: T) => number): Int32Array {
  const rank = new Map<T, number>();
  for (let i = 0; i < n; i++) rank.set(values[i]!, 0);
  const distinct = [...rank.keys()].sort(compare);
  for (let i = 0; i < distinct.length; i++) rank.set(distinct[i]!, i);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = rank.get(values[i]!)!;
  return out;
}

/** Checks `by` (an array of distinct dimension names). @internal */
export function validateBy<D extends string>(by: readonly D[] | undefined): readonly D[] {
  if (by === undefined) return [];
  if (!Array.isArray(by)) throw new InvalidOptionsError('`by` must be an array of dimension names.', [{ path: 'by', message: 'expected an array' }]);
  if (new Set(by).size !== by.length) throw new InvalidOptionsError('`by` names a dimension twice.', [{ path: 'by', message: 'duplicate dimension' }]);
  for (const key of by) {
    if (typeof key !== 'string') throw new InvalidOptionsError('`by` must be an array of dimension names.', [{ path: 'by', message: 'expected strings' }]);
    checkDimension(key);
  }
  return by;
}

/**
 * Sums events per influencer and any extra dimensions. Counts are exact integers; money is
 * summed with exactly rounded summation, so any order of the same rows gives identical totals.
 * Takes the events `parseEventsCSV` returns ({@link EventTable}), validated row objects, or plain
 * columns ({@link EventColumns}): all go through the one accumulator.
 *
 * @example
 * ```ts
 * const { events } = parseEventsCSV(csvText);
 * const { groups } = aggregate(events, { by: ['campaignType'] });
 * groups[0]; // { influencerId: '1', campaignType: 'Conversion', impressions: 120000, clicks: 2400, ... }
 * const columns = { influencerId: ['7', '7'], impressions: new Float64Array([100, 50]), clicks: new Float64Array([3, 1]),
 *   addToCart: new Float64Array([1, 0]), purchases: new Float64Array([1, 0]) };
 * aggregate(columns).groups[0].clicks; // 4
 * ```
 */
export function aggregate<const D extends string = never>(events: EventTable | readonly EventRow[] | EventColumns, options: AggregateOptions<D> = {}): Aggregate<D> {
  const acc = accumulate(events, options);
  return acc.result();
}

/**
 * The accumulator of some events: what {@link aggregate} and `analyze` read. With `periods`, it also
 * sums per influencer and period. @internal
 */
export function accumulate<D extends string>(
  events: EventTable | readonly EventRow[] | EventColumns,
  options: AggregateOptions<D> & { readonly periods?: PeriodGranularity } = {},
): Accumulator<D> {
  const by = validateBy(options.by);
  if (events === null || typeof events !== 'object') throw new InvalidOptionsError('aggregate requires events: an event table, an array of event rows or event columns.');
  const table = eventTableOf(events, ['date', 'category', ...by]);
  const acc = new Accumulator(by, options.rowRates ?? true, options.periods);
  acc.addTable(table, options.offset ?? 0);
  return acc;
}

/**
 * Merges aggregates of parts of the same data (files, chunks, workers) into the aggregate of the
 * whole: `mergeAggregates(aggregate(a), aggregate(b))` equals `aggregate([...a, ...b])`. With
 * `by`, the result is rolled up to those dimensions only (a subset of the inputs' `by`), so a
 * per-influencer-and-day aggregate gives the per-influencer one without re-reading rows.
 * Inputs are not mutated.
 *
 * @example
 * ```ts
 * const whole = mergeAggregates([aggregate(januaryRows), aggregate(februaryRows)]);
 * const perInfluencer = mergeAggregates([aggregate(rows, { by: ['date'] })], { by: [] });
 * ```
 */
export function mergeAggregates<const D extends string = never>(
  parts: readonly { readonly by: readonly string[]; readonly groups: readonly InfluencerTotals[] }[],
  options: { readonly by?: readonly D[] } = {},
): Aggregate<D> {
  if (!Array.isArray(parts)) throw new InvalidOptionsError('mergeAggregates requires an array of aggregates.');
  const inputBy = parts[0]?.by ?? [];
  for (const part of parts) {
    if (part.by.length !== inputBy.length || part.by.some((k: string, i: number) => k !== inputBy[i])) {
      throw new InvalidOptionsError(`Cannot merge aggregates grouped by [${inputBy.join(', ')}] and [${part.by.join(', ')}].`);
    }
  }
  const by = validateBy((options.by ?? (inputBy as readonly string[] as readonly D[])) as readonly D[]);
  for (const key of by) {
    if (!inputBy.includes(key)) {
      throw new InvalidOptionsError(`Cannot roll up to "${key}": the aggregates are grouped by [${inputBy.join(', ')}].`, [
        { path: 'by', message: `"${key}" is not among the inputs' dimensions` },
      ]);
    }
  }
  // Per-row rates are kept when every input kept them.
  const rowRates = parts.every((part) => part.groups.every((g: InfluencerTotals) => g.state.rowRates !== undefined));
  const acc = new Accumulator(by, rowRates);
  const dims: (string | null)[] = new Array(by.length);
  for (const part of parts) {
    for (const g of part.groups) {
      for (let d = 0; d < by.length; d++) dims[d] = ((g as Record<string, unknown>)[by[d]!] as string | null) ?? null;
      acc.merge(acc.slot(g.influencerId, dims), g);
    }
  }
  return acc.result();
}
