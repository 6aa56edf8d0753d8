/**
 * Per-influencer (and per any extra dimension) totals with exact, order-independent money sums.
 * Aggregates are plain data: they survive `structuredClone`/`postMessage`, and
 * {@link mergeAggregates} of the parts equals the aggregate of the whole.
 * @module
 */
import { InvalidInputError, InvalidOptionsError } from './errors.js';
import { addToPartials, partialsValue } from './exact-sum.js';
import { compareIds, compareText } from './ids.js';
import { isoDayNumber, PeriodCells, type PeriodGranularity, type PeriodTable } from './period-cells.js';
import type { EventRow, FunnelTotals } from './types.js';

/** Dimensions `by` can name: the known text fields or any extra column (camelCase). */
export type Dimension = 'date' | 'category' | 'platform' | 'campaign' | (string & {});

/** Per-row rates whose unweighted mean the `classic` preset reports. */
export type RowRateName = 'ctr' | 'atcRate' | 'purchaseRate' | 'overallConversion' | 'rpc' | 'rpi';

/** Names of the per-row rates, in summary order. */
export const ROW_RATE_NAMES: readonly RowRateName[] = Object.freeze(['ctr', 'atcRate', 'purchaseRate', 'overallConversion', 'rpc', 'rpi']);

/** The exact state behind a group's totals; what {@link mergeAggregates} combines. */
export interface GroupState {
  /** Exact-sum partials of revenue and cost (see `exact-sum`). */
  readonly revenue: number[];
  readonly cost: number[];
  /** Rows that carried a revenue / cost value. */
  revenueRows: number;
  costRows: number;
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
 * dimensions. The library's aggregates build `groups` on first read (`analyze` never needs them);
 * they are plain data all the same, for spread, `structuredClone`, `postMessage` and JSON.
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

/**
 * Per-influencer totals as columns, in the aggregate's group order (`NaN`: null): what `analyze`
 * reads. An aggregate straight from the accumulator gives them without building its group objects
 * (see {@link unreadGroupColumns}); {@link columnsOfGroups} reads them off group objects. @internal
 */
export interface GroupColumns extends Pick<PeriodTable, 'rows' | 'impressions' | 'clicks' | 'addToCart' | 'purchases' | 'revenue' | 'cost'> {
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

/**
 * Where an aggregate made by an accumulator keeps the way to its columns: a symbol, not enumerable,
 * so not data. A registered one: the Node entry point and the main one may each bundle this module.
 * The suffix is the layout of {@link ColumnsSource}, to change with it.
 */
const COLUMNS = Symbol.for('influencer-funnel.groupColumns.v1');

interface ColumnsSource {
  /** Whether `groups` has not been read (nor set) yet. */
  readonly unread: boolean;
  columns(withRowRates: boolean): GroupColumns;
}

function columnsSource<D extends string>(aggregate: Aggregate<D>): ColumnsSource | undefined {
  return (aggregate as { [COLUMNS]?: ColumnsSource })[COLUMNS];
}

/** Whether an accumulator made `aggregate` and nobody has read its `groups` yet. @internal */
export function hasUnreadGroups<D extends string>(aggregate: Aggregate<D>): boolean {
  return columnsSource(aggregate)?.unread === true;
}

/**
 * The columns of an aggregate that an accumulator made and whose `groups` nobody has read yet
 * (once read, the group objects are the truth: a caller may have edited them); null otherwise.
 * `withRowRates` asks for the per-row rate means too. @internal
 */
export function unreadGroupColumns<D extends string>(aggregate: Aggregate<D>, withRowRates: boolean): GroupColumns | null {
  const source = columnsSource(aggregate);
  return source?.unread ? source.columns(withRowRates) : null;
}

/** A number, or NaN for anything else (null, undefined): the columns' null. */
const numberOrNaN = (v: unknown): number => (typeof v === 'number' ? v : NaN);

/**
 * {@link GroupColumns} read off group objects (hand-made ones too: a missing state reads as none).
 * Numbers pass as they are (a non-number becomes NaN); `withRowRates` without per-row rates on
 * every group gives `rowRateMeans: null`. @internal
 */
export function columnsOfGroups(groups: readonly InfluencerTotals[], withRowRates: boolean): GroupColumns {
  const n = groups.length;
  const number = () => new Float64Array(n);
  const cols = {
    ids: new Array<string>(n),
    rows: number(),
    impressions: number(),
    clicks: number(),
    addToCart: number(),
    purchases: number(),
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
    // Revenue that is there but not a number is kept as -1: invalid, so the estimates report it.
    const r = g.revenue;
    cols.revenue[i] = r == null ? NaN : typeof r === 'number' && r === r ? r : -1;
    cols.cost[i] = numberOrNaN(g.cost);
    cols.latestFollowers[i] = numberOrNaN(g.followerCount);
    cols.firstFollowers[i] = numberOrNaN(g.state?.firstFollowers);
    cols.category[i] = g.category;
    cols.firstDate[i] = g.firstDate;
    cols.lastDate[i] = g.lastDate;
    putNoise(cols.noise.rpc, i, g.state?.noise?.rpc);
    putNoise(cols.noise.rpi, i, g.state?.noise?.rpi);
    if (means) {
      for (const name of ROW_RATE_NAMES) {
        const r = g.state.rowRates![name];
        means[name][i] = r.n > 0 ? partialsValue(r.sum) / r.n : NaN;
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

/**
 * Validated events as columns (struct of arrays): one array per field, all of the same length.
 * Typed arrays fit the numeric columns. In `revenue`, `cost` and `followerCount`, `null` or `NaN`
 * means "no value". Values are read as they are, as {@link aggregate} reads validated rows.
 */
export interface EventColumns {
  readonly influencerId: ArrayLike<string>;
  readonly impressions: ArrayLike<number>;
  readonly clicks: ArrayLike<number>;
  readonly addToCart: ArrayLike<number>;
  readonly purchases: ArrayLike<number>;
  readonly revenue?: ArrayLike<number | null>;
  readonly cost?: ArrayLike<number | null>;
  readonly date?: ArrayLike<string | null>;
  readonly category?: ArrayLike<string | null>;
  readonly platform?: ArrayLike<string | null>;
  readonly campaign?: ArrayLike<string | null>;
  readonly followerCount?: ArrayLike<number | null>;
  /** Extra string dimensions by camelCase name. */
  readonly extra?: Readonly<Record<string, ArrayLike<string | null>>>;
}

const NOT_DIMENSIONS = new Set(['influencerId', 'impressions', 'clicks', 'addToCart', 'purchases', 'revenue', 'cost', 'followerCount', 'extra']);
const KNOWN_TEXT = new Set(['date', 'category', 'platform', 'campaign']);

function checkDimension(key: string): void {
  if (NOT_DIMENSIONS.has(key)) {
    throw new InvalidOptionsError(`Cannot group by "${key}": \`by\` takes text dimensions (date, category, platform, campaign or an extra column).`, [
      { path: 'by', message: `"${key}" is not a dimension` },
    ]);
  }
}

function dimensionGetter(key: string): (row: EventRow) => string | null {
  checkDimension(key);
  if (KNOWN_TEXT.has(key)) return (row) => (row as unknown as Record<string, string | null>)[key] ?? null;
  return (row) => (row.extra && Object.prototype.hasOwnProperty.call(row.extra, key) ? row.extra[key]! : null);
}

/**
 * Exact sums kept per group: revenue, cost, the money-noise sums (see {@link MoneyNoise}), then the six
 * per-row rates. The noise's Σ v over rows with clicks (impressions) is revenue minus Σ v over the
 * rows with revenue and no clicks (impressions): those rare rows are what is summed per row, at
 * NOISE + 1 (+ 3), so a usual row adds to three exact sums instead of five.
 */
const SUMS = 12;
const REVENUE = 0;
const COST = 1;
const NOISE = 2;
/** Sums kept without per-row rates. */
const BASE_SUMS = 6;
/**
 * Layout of one group's numbers in the accumulator's single Float64Array (one contiguous block per
 * group keeps a row's updates in a few cache lines): counters, exact sums, then first/latest state.
 */
const ROWS = 0;
const IMPRESSIONS = 1;
const CLICKS = 2;
const ADD_TO_CART = 3;
const PURCHASES = 4;
const FIRST_SEEN = 5;
const FIRST_FOLLOWERS = 6;
const LATEST_FOLLOWERS = 7;
const LATEST_KEY = 8;
const FIRST_KEY = 9;
const LAST_KEY = 10;
const CATEGORY = 11;
const CATEGORY_COUNT = 12;
/** A second category with its count (most influencers have one or two; more go to `categories`). */
const CATEGORY2 = 13;
const CATEGORY2_COUNT = 14;
/** Exposure (clicks, impressions) of the rows with revenue: the `C` of the money-noise sums. */
const RPC_EXPOSURE = 15;
const RPI_EXPOSURE = 16;
/**
 * Then, for the S exact sums kept (revenue, cost, money noise and, with per-row rates, the six rates): their
 * row counters at N + k (rows with revenue, with cost, with a non-zero denominator), their `hi`
 * terms at N + S + k and their `lo` terms at N + 2S + k.
 */
const REVENUE_ROWS = 17;
const COST_ROWS = 18;
/**
 * Counters of the money-noise sums: rows with revenue and clicks, rows with revenue and no clicks,
 * then the same for impressions.
 */
const NOISE_N = 19;
/** Rate counters start here, in {@link ROW_RATE_NAMES} order. */
const RATE_N = 23;

/**
 * `YYYY-MM-DD` as the number `YYYYMMDD` (same order as the text), or NaN for any other text, so
 * that the usual ISO dates compare without a string comparison.
 */
function dateKey(d: string): number {
  if (d.length !== 10 || d.charCodeAt(4) !== 45 || d.charCodeAt(7) !== 45) return NaN;
  let key = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = d.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    key = key * 10 + c;
  }
  return key;
}

/** Orders two dates by their keys when both have one, else as text (which agrees on ISO dates). */
function compareDates(a: string, aKey: number, b: string, bKey: number): number {
  if (aKey === aKey && bKey === bKey) return aKey - bKey;
  return a < b ? -1 : a > b ? 1 : 0;
}

const NO_DIMS: readonly (string | null)[] = Object.freeze([]);

/**
 * An empty array already in the elements kind of an array of objects (what it becomes on the first
 * push), so that code optimised on a filled accumulator also runs on a new one without deopting.
 */
function objectArray<T>(): T[] {
  const a: unknown[] = [null];
  a.length = 0;
  return a as T[];
}

/** The category cache's code before its first category (see `Accumulator.add`). */
const NO_CODE_YET = -2;

/** Compacts a list of exact terms into Shewchuk partials when it grows past this. */
const SPILL_LIMIT = 64;

/**
 * The canonical partials of an exact sum: the correctly rounded value, then the correctly rounded
 * remainder, and so on (smallest first, as `partialsValue` reads them). Every way of adding the same
 * values gives the same array, so aggregates compare equal whatever the input order or split.
 */
function canonicalPartials(terms: readonly number[]): number[] {
  const p: number[] = [];
  for (const x of terms) if (x !== 0) addToPartials(p, x);
  const out: number[] = [];
  for (;;) {
    const v = partialsValue(p);
    if (v === 0) break;
    out.push(v);
    addToPartials(p, -v);
  }
  return out.reverse();
}

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
   */
  private d = new Float64Array(0);
  /** Spilled terms by `g * SUMS + k` (rare). */
  private readonly extra = new Map<number, number[]>();
  private latestFollowersDate = objectArray<string | null>();
  private firstDate = objectArray<string | null>();
  private lastDate = objectArray<string | null>();
  /** Counts of a group's other categories, once it has a second one (sparse). */
  private readonly categories = new Map<number, Map<number, number>>();
  private readonly categoryCodes = new Map<string, number>();
  private readonly categoryNames = objectArray<string>();
  readonly ids = objectArray<string>();
  readonly dims = objectArray<readonly (string | null)[]>();
  private readonly index = new Map<string, unknown>();

  /** Sums kept per row: revenue and cost, plus the six per-row rates when `rowRates`. */
  private readonly sums: number;
  /** Doubles per group, and where the `hi` and `lo` terms of the exact sums start. */
  private readonly w: number;
  private readonly hi: number;
  private readonly lo: number;

  constructor(
    readonly by: readonly D[],
    readonly rowRates = true,
  ) {
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
    if (this.indexed < this.size) this.catchUp();
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

  /**
   * A new group that the caller knows is not there yet (it keeps its own index of groups, as the
   * byte scanner does); it joins the string index only if {@link slot} is called later.
   */
  createUnindexed(id: string, dims: readonly (string | null)[]): number {
    return this.create(id, dims, null, null);
  }

  /** Groups below this are in `index`. */
  private indexed = 0;

  /** Puts the groups made by {@link createUnindexed} into the index. */
  private catchUp(): void {
    const n = this.size;
    for (let g = this.indexed; g < n; g++) {
      const id = this.ids[g]!;
      const dims = this.dims[g]!;
      if (dims.length === 0) {
        this.index.set(id, g);
        continue;
      }
      this.lastLevel(id, dims).set(dims[dims.length - 1]!, g);
    }
    this.indexed = n;
  }

  private create(id: string, dims: readonly (string | null)[], map: Map<string | null, unknown> | null, key: string | null): number {
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
    if (map) {
      map.set(key, g);
      if (this.indexed === g) this.indexed = g + 1;
    }
    this.ids.push(id);
    // Dimension values are only read: groups without dimensions share one empty array.
    this.dims.push(dims.length === 0 ? NO_DIMS : dims.slice());
    this.latestFollowersDate.push(null);
    this.firstDate.push(null);
    this.lastDate.push(null);
    return g;
  }

  /** Adds `x` exactly to sum `k` of group `g` (TwoSum into hi and lo; leftovers spilled, rarely). */
  private sum(g: number, k: number, x: number): void {
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

  /** Category `value` as a small integer, shared by every group (few distinct categories). */
  private categoryCode(value: string): number {
    let code = this.categoryCodes.get(value);
    if (code === undefined) {
      code = this.categoryNames.length;
      this.categoryCodes.set(value, code);
      this.categoryNames.push(value);
    }
    return code;
  }

  private countCategory(g: number, code: number, n: number): void {
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

  private takeFollowers(g: number, date: string | null, key: number, followers: number): void {
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

  private takeDate(g: number, date: string, key: number): void {
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

  /**
   * The numbers of the next event for {@link add}: impressions, clicks, addToCart, purchases,
   * revenue (NaN for none), cost (NaN for none), follower count (-1 for none). Passing them through
   * a typed array keeps doubles unboxed: the hot loop allocates nothing.
   */
  readonly row = new Float64Array(7);
  private readonly terms = new Float64Array(SUMS);
  /** The sums the revenue terms go to: revenue, then the noise sums chosen per row (see addCoded). */
  private readonly revenueKeys = Int32Array.of(REVENUE, NOISE, NOISE + 2);

  /**
   * Adds one validated event (numbers in {@link row}) to group `g`. `position` orders rows across
   * inputs: the lowest gives the first row's follower count.
   */
  add(g: number, date: string | null, category: string | null, position: number): void {
    // Consecutive rows often share a date (and a category): their key and code are reused.
    if (date !== this.recentDate) {
      this.recentDate = date;
      this.lastDateKey = date === null ? NaN : dateKey(date);
    }
    if (category !== this.lastCategory || this.lastCategoryCode === NO_CODE_YET) {
      this.lastCategory = category;
      this.lastCategoryCode = category === null ? -1 : this.categoryCode(category);
    }
    this.addCoded(g, date, this.lastDateKey, this.lastCategoryCode, position);
  }

  // The caches start on strings, so that their first comparisons are string to string, as every later
  // one is when rows have dates and categories (code optimised on one accumulator then runs on the
  // next): a text that is no date (its key is NaN, as dateKey gives it), and a category whose code
  // is not known yet.
  private recentDate: string | null = '';
  private lastDateKey = NaN;
  private lastCategory: string | null = '';
  private lastCategoryCode = NO_CODE_YET;

  /** {@link dateKey} of a date, for callers that cache it per distinct date (see {@link addCoded}). */
  static dateKey(date: string): number {
    return dateKey(date);
  }

  /** The code of a category value, for callers that cache it per distinct value (see {@link addCoded}). */
  codeOf(category: string): number {
    return this.categoryCode(category);
  }

  /**
   * As {@link add}, with the date's key ({@link Accumulator.dateKey}, NaN without a date) and the
   * category's code ({@link codeOf}, -1 for none) already known: the byte scanner caches both per
   * distinct cell.
   */
  addCoded(g: number, date: string | null, key: number, categoryCode: number, position: number): void {
    const v = this.row;
    const impressions = v[0]!;
    const clicks = v[1]!;
    const addToCart = v[2]!;
    const purchases = v[3]!;
    const revenue = v[4]!;
    const followers = v[6]!;
    const c = this.d;
    const o = g * this.w;
    c[o + ROWS]!++;
    c[o + IMPRESSIONS]! += impressions;
    c[o + CLICKS]! += clicks;
    c[o + ADD_TO_CART]! += addToCart;
    c[o + PURCHASES]! += purchases;
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
    const cost = v[5]!;
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

  /** Adds another aggregate's group (its exact state) to group `g`. */
  merge(g: number, t: InfluencerTotals): void {
    const c = this.d;
    const o = g * this.w;
    const st = t.state;
    c[o + ROWS]! += t.rows;
    c[o + IMPRESSIONS]! += t.impressions;
    c[o + CLICKS]! += t.clicks;
    c[o + ADD_TO_CART]! += t.addToCart;
    c[o + PURCHASES]! += t.purchases;
    for (const p of st.revenue) this.sum(g, REVENUE, p);
    for (const p of st.cost) this.sum(g, COST, p);
    c[o + REVENUE_ROWS]! += st.revenueRows;
    c[o + COST_ROWS]! += st.costRows;
    const noise = st.noise;
    if (!noise || !noise.rpc || !noise.rpi) throw new InvalidInputError('Cannot merge a group whose state has no money-noise sums (`state.noise`).');
    (['rpc', 'rpi'] as const).forEach((name, m) => {
      const ns = noise[name];
      for (const p of ns.squares) this.sum(g, NOISE + 2 * m, p);
      // The revenue of the rows without exposure: all revenue minus that of the rows with it.
      for (const p of st.revenue) this.sum(g, NOISE + 2 * m + 1, p);
      for (const p of ns.values) this.sum(g, NOISE + 2 * m + 1, -p);
      c[o + NOISE_N + 2 * m]! += ns.rows;
      c[o + NOISE_N + 2 * m + 1]! += st.revenueRows - ns.rows;
      c[o + RPC_EXPOSURE + m]! += ns.exposure;
    });
    for (const [value, n] of st.categories) this.countCategory(g, this.categoryCode(value), n);
    if (st.firstSeen < c[o + FIRST_SEEN]!) {
      c[o + FIRST_SEEN] = st.firstSeen;
      c[o + FIRST_FOLLOWERS] = st.firstFollowers ?? -1;
    }
    if (st.latestFollowers !== null) {
      const date = st.latestFollowersDate;
      this.takeFollowers(g, date, date === null ? NaN : dateKey(date), st.latestFollowers);
    }
    if (t.firstDate !== null) this.takeDate(g, t.firstDate, dateKey(t.firstDate));
    if (t.lastDate !== null) this.takeDate(g, t.lastDate, dateKey(t.lastDate));
    if (this.rowRates) {
      const rates = st.rowRates;
      if (!rates) throw new InvalidInputError('Cannot merge an aggregate made with `rowRates: false` into one that keeps per-row rates.');
      ROW_RATE_NAMES.forEach((name, k) => {
        const r = rates[name];
        for (const p of r.sum) this.sum(g, NOISE + 4 + k, p);
        c[o + RATE_N + k]! += r.n;
      });
    }
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

  /** The correctly rounded value of exact sum `k` of group `g` (what `partialsValue` of its partials gives). */
  private sumValue(g: number, k: number): number {
    if (this.extra.size > 0 && this.extra.has(g * SUMS + k)) return partialsValue(this.partials(g, k));
    // Two terms: hi + lo rounds to the first of the canonical partials; -0 reads as 0, as no partials do.
    const v = this.d[g * this.w + this.hi + k]! + this.d[g * this.w + this.lo + k]!;
    return v === 0 ? 0 : v;
  }

  /** Value of the revenue of the rows with exposure: `revenue` minus exact sum `k` (see {@link exposedRevenue}). */
  private exposedRevenueValue(g: number, revenue: number, k: number): number {
    if (this.d[g * this.w + REVENUE_ROWS + k] === 0) return revenue;
    return partialsValue(this.exposedRevenue(g, this.partials(g, REVENUE), k));
  }

  /**
   * Group `g`'s noise sums of one ratio as line `i` of its columns ({@link putNoise} of what
   * `totals` gives): Σ v²/c at exact sum `k`, Σ v as `revenue` minus sum `k + 1`, the exposure at
   * `exposureAt`, the rows at sum `k`'s counter.
   */
  private putNoise(column: NoiseColumn, i: number, g: number, revenue: number, k: number, exposureAt: number): void {
    const o = g * this.w;
    const rows = this.d[o + REVENUE_ROWS + k]!;
    const exposure = this.d[o + exposureAt]!;
    if (rows < 2 || !(exposure > 0)) return;
    column.squares[i] = this.sumValue(g, k);
    column.values[i] = this.exposedRevenueValue(g, revenue, k + 1);
    column.exposure[i] = exposure;
    column.rows[i] = rows;
  }

  /**
   * Every group's totals as {@link GroupColumns}, groups in `order`: no object per group (the
   * one-or-two-category mode needs no map), the money-noise values only where they are used.
   */
  columns(order: Int32Array, withRowRates: boolean): GroupColumns {
    const n = order.length;
    const c = this.d;
    const w = this.w;
    const number = () => new Float64Array(n);
    const ids = new Array<string>(n);
    const category = new Array<string | null>(n);
    const firstDate = new Array<string | null>(n);
    const lastDate = new Array<string | null>(n);
    const rows = number();
    const impressions = number();
    const clicks = number();
    const addToCart = number();
    const purchases = number();
    const revenue = number();
    const cost = number();
    const latestFollowers = number();
    const firstFollowers = number();
    const noise = noiseColumns(n);
    let means: Record<RowRateName, Float64Array> | null = null;
    if (withRowRates && this.rowRates) {
      means = {} as Record<RowRateName, Float64Array>;
      for (const name of ROW_RATE_NAMES) means[name] = number();
    }
    for (let i = 0; i < n; i++) {
      const g = order[i]!;
      const o = g * w;
      ids[i] = this.ids[g]!;
      category[i] = this.modeOf(g);
      firstDate[i] = this.firstDate[g]!;
      lastDate[i] = this.lastDate[g]!;
      rows[i] = c[o + ROWS]!;
      impressions[i] = c[o + IMPRESSIONS]!;
      clicks[i] = c[o + CLICKS]!;
      addToCart[i] = c[o + ADD_TO_CART]!;
      purchases[i] = c[o + PURCHASES]!;
      const latest = c[o + LATEST_FOLLOWERS]!;
      latestFollowers[i] = latest >= 0 ? latest : NaN;
      const first = c[o + FIRST_FOLLOWERS]!;
      firstFollowers[i] = first >= 0 ? first : NaN;
      cost[i] = c[o + COST_ROWS]! > 0 ? this.sumValue(g, COST) : NaN;
      if (means) {
        for (let k = 0; k < ROW_RATE_NAMES.length; k++) {
          const count = c[o + RATE_N + k]!;
          means[ROW_RATE_NAMES[k]!]![i] = count > 0 ? this.sumValue(g, NOISE + 4 + k) / count : NaN;
        }
      }
      if (!(c[o + REVENUE_ROWS]! > 0)) {
        revenue[i] = NaN;
        continue;
      }
      const value = this.sumValue(g, REVENUE);
      revenue[i] = value;
      // The noise sums as `columnsOfGroups` reads them off the groups' state.
      this.putNoise(noise.rpc, i, g, value, NOISE, RPC_EXPOSURE);
      this.putNoise(noise.rpi, i, g, value, NOISE + 2, RPI_EXPOSURE);
    }
    return { ids, rows, impressions, clicks, addToCart, purchases, revenue, cost, latestFollowers, firstFollowers, category, firstDate, lastDate, noise, rowRateMeans: means };
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
    const state: GroupState = {
      revenue,
      cost,
      revenueRows,
      costRows,
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

  /**
   * The accumulator's state as plain data around one Float64Array, for handing to another thread
   * (the array's buffer can be transferred, not copied) and {@link mergeRaw}.
   */
  exportRaw(): RawAccumulator {
    const n = this.size;
    // Text as codes into lists of distinct values: typed arrays and short lists clone fast.
    const intern = (values: (g: number) => string | null, names: (string | null)[]): Int32Array => {
      const codes = new Int32Array(n);
      const seen = new Map<string | null, number>();
      for (let g = 0; g < n; g++) {
        const v = values(g);
        let code = seen.get(v);
        if (code === undefined) {
          seen.set(v, (code = names.length));
          names.push(v);
        }
        codes[g] = code;
      }
      return codes;
    };
    const idNames: string[] = [];
    const idCodes = intern((g) => this.ids[g]!, idNames as (string | null)[]);
    const dimNames: (string | null)[][] = [];
    const dimCodes: Int32Array[] = [];
    for (let d = 0; d < this.by.length; d++) {
      const names: (string | null)[] = [];
      dimCodes.push(intern((g) => this.dims[g]![d] ?? null, names));
      dimNames.push(names);
    }
    const dateNames: (string | null)[] = [];
    const firstDate = intern((g) => this.firstDate[g]!, dateNames);
    const lastDate = intern((g) => this.lastDate[g]!, dateNames);
    const latestFollowersDate = intern((g) => this.latestFollowersDate[g]!, dateNames);
    return {
      rowRates: this.rowRates,
      size: n,
      d: this.d.slice(0, n * this.w),
      idNames,
      idCodes,
      dimNames,
      dimCodes,
      dateNames,
      firstDate,
      lastDate,
      latestFollowersDate,
      categoryNames: this.categoryNames,
      categories: [...this.categories].map(([g, m]) => [g, [...m]]),
      extra: [...this.extra],
    };
  }

  /**
   * Adds every group of another accumulator's exported state (same `by` and `rowRates`); its input
   * positions are shifted by `offset` (the rows before its part of the input). Returns the slot
   * here of each of its groups.
   */
  mergeRaw(raw: RawAccumulator, offset: number): Int32Array {
    if (raw.rowRates !== this.rowRates) throw new InvalidInputError('Cannot merge accumulators with and without per-row rates.');
    const r = raw.d;
    const w = this.w;
    const sums = this.sums;
    const spilled = new Map(raw.extra);
    const otherCategories = new Map(raw.categories);
    const codes = raw.categoryNames.map((name) => this.categoryCode(name));
    const dims: (string | null)[] = new Array(this.by.length);
    const dates = raw.dateNames;
    const slots = new Int32Array(raw.size);
    for (let rg = 0; rg < raw.size; rg++) {
      for (let d = 0; d < dims.length; d++) dims[d] = raw.dimNames[d]![raw.dimCodes[d]![rg]!]!;
      const g = this.slot(raw.idNames[raw.idCodes[rg]!]!, dims);
      slots[rg] = g;
      const c = this.d;
      const o = g * w;
      const ro = rg * w;
      c[o + ROWS]! += r[ro + ROWS]!;
      c[o + IMPRESSIONS]! += r[ro + IMPRESSIONS]!;
      c[o + CLICKS]! += r[ro + CLICKS]!;
      c[o + ADD_TO_CART]! += r[ro + ADD_TO_CART]!;
      c[o + PURCHASES]! += r[ro + PURCHASES]!;
      c[o + RPC_EXPOSURE]! += r[ro + RPC_EXPOSURE]!;
      c[o + RPI_EXPOSURE]! += r[ro + RPI_EXPOSURE]!;
      for (let k = 0; k < sums; k++) {
        c[o + REVENUE_ROWS + k]! += r[ro + REVENUE_ROWS + k]!;
        const hi = r[ro + this.hi + k]!;
        const lo = r[ro + this.lo + k]!;
        if (hi !== 0) this.sum(g, k, hi);
        if (lo !== 0) this.sum(g, k, lo);
        const more = spilled.get(rg * SUMS + k);
        if (more) for (const x of more) this.sum(g, k, x);
      }
      const seen = r[ro + FIRST_SEEN]! + offset;
      if (seen < c[o + FIRST_SEEN]!) {
        c[o + FIRST_SEEN] = seen;
        c[o + FIRST_FOLLOWERS] = r[ro + FIRST_FOLLOWERS]!;
      }
      const latest = r[ro + LATEST_FOLLOWERS]!;
      if (latest >= 0) this.takeFollowers(g, dates[raw.latestFollowersDate[rg]!]!, r[ro + LATEST_KEY]!, latest);
      const first = dates[raw.firstDate[rg]!]!;
      if (first !== null) this.takeDate(g, first, r[ro + FIRST_KEY]!);
      const last = dates[raw.lastDate[rg]!]!;
      if (last !== null) this.takeDate(g, last, r[ro + LAST_KEY]!);
      const category = r[ro + CATEGORY]!;
      if (category >= 0) this.countCategory(g, codes[category]!, r[ro + CATEGORY_COUNT]!);
      const category2 = r[ro + CATEGORY2]!;
      if (category2 >= 0) this.countCategory(g, codes[category2]!, r[ro + CATEGORY2_COUNT]!);
      const others = otherCategories.get(rg);
      if (others) for (const [code, n] of others) this.countCategory(g, codes[code]!, n);
    }
    return slots;
  }

  /** Every group's totals, sorted by influencer id (numeric ids numerically), then dimensions. */
  result(): Aggregate<D> {
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
      return this.aggregateOf(order);
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
    return this.aggregateOf(order);
  }

  /**
   * The aggregate of the groups in `order`, its group objects built on first read of `groups`
   * (as plain data: spread, `structuredClone` and JSON read them like any field). Until then,
   * `analyze` reads the totals as columns ({@link unreadGroupColumns}) and no group object is made.
   * The accumulator must not change afterwards; it is let go once the groups are built.
   */
  private aggregateOf(order: Int32Array): Aggregate<D> {
    let source: Accumulator<D> | null = this;
    let groups: GroupTotals<D>[] | null = null;
    const out = { by: this.by } as { by: readonly D[]; groups: readonly GroupTotals<D>[] };
    Object.defineProperty(out, 'groups', {
      enumerable: true,
      configurable: true,
      get: () => {
        if (groups === null) {
          const built: GroupTotals<D>[] = new Array(order.length);
          for (let i = 0; i < order.length; i++) built[i] = source!.totals(order[i]!);
          groups = built;
          source = null;
        }
        return groups;
      },
      set: (value: GroupTotals<D>[]) => {
        groups = value;
        source = null;
      },
    });
    const columns: ColumnsSource = {
      get unread() {
        return source !== null;
      },
      columns: (withRowRates) => source!.columns(order, withRowRates),
    };
    Object.defineProperty(out, COLUMNS, { value: columns });
    return out;
  }
}

/**
 * Per-influencer totals and totals per influencer and period (for the trend) of validated rows, in
 * one pass: the same totals as `aggregate(rows)`, and the cells `trend(rows)` would sum. @internal
 */
export function aggregateWithPeriods(
  rows: readonly EventRow[],
  rowRates: boolean,
  granularity: PeriodGranularity,
): { influencers: Aggregate<never>; periods: PeriodTable } {
  const whole = new Accumulator<never>([], rowRates);
  const periods: DayCells = { cells: new PeriodCells(granularity), days: new Map() };
  const lookup = groupLookup([]);
  for (let start = 0; start < rows.length; start += BATCH) addRowBatch(whole, lookup, [], rows, start, Math.min(rows.length, start + BATCH), 0, periods);
  return { influencers: whole.result(), periods: periods.cells.table(whole.ids) };
}

/** Totals per influencer and period fed alongside an accumulator, with each distinct date's day number. */
interface DayCells {
  readonly cells: PeriodCells;
  readonly days: Map<string, number>;
}

/** Adds the event in `v` (an accumulator's row) to group `g`'s cell of `date`'s period; other than ISO dates have no period. */
function addToPeriod(periods: DayCells, g: number, date: string, v: Float64Array): void {
  let day = periods.days.get(date);
  if (day === undefined) periods.days.set(date, (day = isoDayNumber(date)));
  if (day !== day) return;
  fillCellRow(periods.cells.row, v);
  periods.cells.add(g, day);
}

/** Copies an accumulator row (counts, revenue, cost) into a period-cells row for one event. @internal */
export function fillCellRow(cv: Float64Array, v: Float64Array): void {
  cv[0] = 1;
  cv[1] = v[0]!;
  cv[2] = v[1]!;
  cv[3] = v[2]!;
  cv[4] = v[3]!;
  const revenue = v[4]!;
  const cost = v[5]!;
  cv[5] = revenue;
  cv[6] = cost;
  cv[7] = revenue === revenue ? 1 : 0;
  cv[8] = cost === cost ? 1 : 0;
}

/** An {@link Accumulator}'s state as plain data (see `exportRaw`). @internal */
export interface RawAccumulator {
  readonly rowRates: boolean;
  readonly size: number;
  readonly d: Float64Array;
  /** Each group's id and dimension values as codes into lists of distinct values. */
  readonly idNames: readonly string[];
  readonly idCodes: Int32Array;
  readonly dimNames: readonly (readonly (string | null)[])[];
  readonly dimCodes: readonly Int32Array[];
  /** First date, last date, and date of the latest follower count, as codes into `dateNames`. */
  readonly dateNames: readonly (string | null)[];
  readonly firstDate: Int32Array;
  readonly lastDate: Int32Array;
  readonly latestFollowersDate: Int32Array;
  readonly categoryNames: readonly string[];
  readonly categories: readonly [number, [number, number][]][];
  readonly extra: readonly [number, number[]][];
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

const orNaN = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);

/** Puts a validated row's numbers into an accumulator's `row` (see `Accumulator.row`). */
function fillEventRow(v: Float64Array, row: EventRow): void {
  v[0] = row.impressions;
  v[1] = row.clicks;
  v[2] = row.addToCart;
  v[3] = row.purchases;
  v[4] = orNaN(row.revenue);
  v[5] = orNaN(row.cost);
  v[6] = orMinus(row.followerCount);
}
const orMinus = (v: number | null | undefined): number => (v === null || v === undefined || v !== v ? -1 : v);

/**
 * Rows per call of the aggregation loops. A loop called once per input is compiled before its own
 * first lines have type feedback, and its optimised code then deopts on the next call; a loop called
 * per batch has that feedback from its second batch on.
 */
const BATCH = 4096;

/** Where a batch loop finds groups: the index by id (when `by` is empty) and a reused dims buffer. */
interface GroupLookup {
  readonly index: Map<string, number>;
  readonly dims: (string | null)[];
}

function groupLookup(by: readonly string[]): GroupLookup {
  return { index: new Map(), dims: new Array<string | null>(by.length).fill(null) };
}

function aggregateRows<D extends string>(rows: readonly EventRow[], by: readonly D[], offset: number, rowRates: boolean): Aggregate<D> {
  const acc = new Accumulator(by, rowRates);
  const getters = by.map(dimensionGetter);
  const lookup = groupLookup(by);
  for (let start = 0; start < rows.length; start += BATCH) addRowBatch(acc, lookup, getters, rows, start, Math.min(rows.length, start + BATCH), offset);
  return acc.result();
}

function addRowBatch<D extends string>(
  acc: Accumulator<D>,
  lookup: GroupLookup,
  getters: readonly ((row: EventRow) => string | null)[],
  rows: readonly EventRow[],
  start: number,
  end: number,
  offset: number,
  periods: DayCells | null = null,
): void {
  const v = acc.row;
  const { index, dims } = lookup;
  const plain = dims.length === 0;
  for (let i = start; i < end; i++) {
    const row = rows[i]!;
    let g: number;
    if (plain) {
      const id = row.influencerId;
      const found = index.get(id);
      if (found === undefined) index.set(id, (g = acc.slot(id, dims)));
      else g = found;
    } else {
      for (let d = 0; d < getters.length; d++) dims[d] = getters[d]!(row);
      g = acc.slot(row.influencerId, dims);
    }
    const date = row.date ?? null;
    fillEventRow(v, row);
    acc.add(g, date, row.category ?? null, offset + i);
    if (periods !== null && date !== null) addToPeriod(periods, g, date, v);
  }
}

function columnFor(columns: EventColumns, key: string): ArrayLike<string | null> | undefined {
  if (KNOWN_TEXT.has(key)) return (columns as unknown as Record<string, ArrayLike<string | null> | undefined>)[key];
  const extra = columns.extra;
  return extra && Object.prototype.hasOwnProperty.call(extra, key) ? extra[key] : undefined;
}

function aggregateColumns<D extends string>(columns: EventColumns, by: readonly D[], offset: number, rowRates: boolean): Aggregate<D> {
  const ids = columns.influencerId;
  const n = ids.length;
  const required = ['impressions', 'clicks', 'addToCart', 'purchases'] as const;
  const lengths: [string, ArrayLike<unknown> | undefined][] = [
    ...required.map((k) => [k, columns[k]] as [string, ArrayLike<unknown>]),
    ['revenue', columns.revenue],
    ['cost', columns.cost],
    ['date', columns.date],
    ['category', columns.category],
    ['followerCount', columns.followerCount],
    ...by.map((k) => [k, columnFor(columns, k)] as [string, ArrayLike<unknown> | undefined]),
  ];
  for (const [key, column] of lengths) {
    if (column === undefined && (required as readonly string[]).includes(key)) {
      throw new InvalidInputError(`aggregate: the column "${key}" is missing.`, { column: key });
    }
    if (column !== undefined && (column === null || typeof column.length !== 'number' || column.length !== n)) {
      throw new InvalidInputError(`aggregate: the column "${key}" has ${column?.length ?? 'no'} values, influencerId has ${n}.`, { column: key });
    }
  }
  const acc = new Accumulator(by, rowRates);
  const lookup = groupLookup(by);
  const dimColumns = by.map((k) => columnFor(columns, k));
  for (let start = 0; start < n; start += BATCH) addColumnBatch(acc, lookup, dimColumns, columns, start, Math.min(n, start + BATCH), offset);
  return acc.result();
}

function addColumnBatch<D extends string>(
  acc: Accumulator<D>,
  lookup: GroupLookup,
  dimColumns: readonly (ArrayLike<string | null> | undefined)[],
  columns: EventColumns,
  start: number,
  end: number,
  offset: number,
): void {
  const v = acc.row;
  const { index, dims } = lookup;
  const plain = dims.length === 0;
  const { influencerId: ids, impressions, clicks, addToCart, purchases, revenue, cost, date, category, followerCount } = columns;
  for (let i = start; i < end; i++) {
    const id = ids[i]!;
    let g: number;
    if (plain) {
      const found = index.get(id);
      if (found === undefined) index.set(id, (g = acc.slot(id, dims)));
      else g = found;
    } else {
      for (let d = 0; d < dimColumns.length; d++) dims[d] = dimColumns[d] ? (dimColumns[d]![i] ?? null) : null;
      g = acc.slot(id, dims);
    }
    v[0] = impressions[i]!;
    v[1] = clicks[i]!;
    v[2] = addToCart[i]!;
    v[3] = purchases[i]!;
    v[4] = revenue ? orNaN(revenue[i]) : NaN;
    v[5] = cost ? orNaN(cost[i]) : NaN;
    v[6] = followerCount ? orMinus(followerCount[i]) : -1;
    acc.add(g, date ? (date[i] ?? null) : null, category ? (category[i] ?? null) : null, offset + i);
  }
}

function isColumns(input: unknown): input is EventColumns {
  return input !== null && typeof input === 'object' && !Array.isArray(input) && 'influencerId' in input && typeof (input as EventColumns).influencerId === 'object';
}

/**
 * Sums event rows per influencer and any extra dimensions. Counts are exact integers; money is
 * summed with exactly rounded summation, so any order of the same rows gives identical totals.
 * Takes validated rows (an array of objects) or the same data as columns ({@link EventColumns}).
 *
 * @example
 * ```ts
 * const { rows } = parseEventsCSV(csvText);
 * const { groups } = aggregate(rows, { by: ['platform'] });
 * groups[0]; // { influencerId: '7', platform: 'tiktok', impressions: 12000, clicks: 240, ... }
 * const columns = { influencerId: ['7', '7'], impressions: new Float64Array([100, 50]), clicks: new Float64Array([3, 1]),
 *   addToCart: new Float64Array([1, 0]), purchases: new Float64Array([1, 0]) };
 * aggregate(columns).groups[0].clicks; // 4
 * ```
 */
export function aggregate<const D extends string = never>(rows: readonly EventRow[] | EventColumns, options: AggregateOptions<D> = {}): Aggregate<D> {
  const by = validateBy(options.by);
  const offset = options.offset ?? 0;
  const rowRates = options.rowRates ?? true;
  if (isColumns(rows)) return aggregateColumns(rows, by, offset, rowRates);
  if (!Array.isArray(rows)) throw new InvalidOptionsError('aggregate requires an array of event rows or event columns.');
  return aggregateRows(rows, by, offset, rowRates);
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
