/**
 * Per-influencer (and per any extra dimension) totals with exact, order-independent money sums.
 * Aggregates are plain data: they survive `structuredClone`/`postMessage`, and
 * {@link mergeAggregates} of the parts equals the aggregate of the whole.
 * @module
 */
import { InvalidOptionsError } from './errors.js';
import { addToPartials, mergePartials, partialsValue } from './exact-sum.js';
import { compareIds, compareText } from './ids.js';
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
  /** Per-row rate sums (exact partials) and how many rows had a non-zero denominator. */
  readonly rowRates: Record<RowRateName, { readonly sum: number[]; n: number }>;
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

/** The result of {@link aggregate}: groups sorted by influencer id (numeric ids numerically), then dimensions. */
export interface Aggregate<D extends string = never> {
  readonly by: readonly D[];
  readonly groups: readonly GroupTotals<D>[];
}

/** Options of {@link aggregate}. */
export interface AggregateOptions<D extends string> {
  /** Extra dimensions to group by besides the influencer (`['platform', 'date']`). */
  readonly by?: readonly D[];
  /** Position of the first row in a larger input (for `followerCount` of the first row across files). */
  readonly offset?: number;
}

const NOT_DIMENSIONS = new Set(['influencerId', 'impressions', 'clicks', 'addToCart', 'purchases', 'revenue', 'cost', 'followerCount', 'extra']);
const KNOWN_TEXT = new Set(['date', 'category', 'platform', 'campaign']);

interface MutableGroup {
  influencerId: string;
  dims: (string | null)[];
  rows: number;
  impressions: number;
  clicks: number;
  addToCart: number;
  purchases: number;
  firstDate: string | null;
  lastDate: string | null;
  state: GroupState;
}

function newState(): GroupState {
  return {
    revenue: [],
    cost: [],
    revenueRows: 0,
    costRows: 0,
    categories: new Map(),
    firstSeen: Infinity,
    firstFollowers: null,
    latestFollowers: null,
    latestFollowersDate: null,
    rowRates: {
      ctr: { sum: [], n: 0 },
      atcRate: { sum: [], n: 0 },
      purchaseRate: { sum: [], n: 0 },
      overallConversion: { sum: [], n: 0 },
      rpc: { sum: [], n: 0 },
      rpi: { sum: [], n: 0 },
    },
  };
}

function dimensionGetter(key: string): (row: EventRow) => string | null {
  if (NOT_DIMENSIONS.has(key)) {
    throw new InvalidOptionsError(`Cannot group by "${key}": \`by\` takes text dimensions (date, category, platform, campaign or an extra column).`, [
      { path: 'by', message: `"${key}" is not a dimension` },
    ]);
  }
  if (KNOWN_TEXT.has(key)) return (row) => (row as unknown as Record<string, string | null>)[key] ?? null;
  return (row) => (row.extra && Object.prototype.hasOwnProperty.call(row.extra, key) ? row.extra[key]! : null);
}

function addRate(rate: { sum: number[]; n: number }, numerator: number, denominator: number): void {
  if (denominator > 0) {
    addToPartials(rate.sum, numerator / denominator);
    rate.n++;
  }
}

function laterFollowers(state: GroupState, date: string | null, followers: number): boolean {
  if (state.latestFollowers === null) return true;
  const d = compareText(date, state.latestFollowersDate);
  // null dates count as earliest
  if (date === null && state.latestFollowersDate !== null) return false;
  if (state.latestFollowersDate === null && date !== null) return true;
  return d > 0 || (d === 0 && followers > state.latestFollowers);
}

function addRow(g: MutableGroup, row: EventRow, position: number): void {
  const s = g.state;
  g.rows++;
  g.impressions += row.impressions;
  g.clicks += row.clicks;
  g.addToCart += row.addToCart;
  g.purchases += row.purchases;
  if (row.revenue !== null) {
    addToPartials(s.revenue, row.revenue);
    s.revenueRows++;
  }
  if (row.cost !== null) {
    addToPartials(s.cost, row.cost);
    s.costRows++;
  }
  if (row.category !== null) s.categories.set(row.category, (s.categories.get(row.category) ?? 0) + 1);
  if (position < s.firstSeen) {
    s.firstSeen = position;
    s.firstFollowers = row.followerCount;
  }
  if (row.followerCount !== null && laterFollowers(s, row.date, row.followerCount)) {
    s.latestFollowers = row.followerCount;
    s.latestFollowersDate = row.date;
  }
  if (row.date !== null) {
    if (g.firstDate === null || row.date < g.firstDate) g.firstDate = row.date;
    if (g.lastDate === null || row.date > g.lastDate) g.lastDate = row.date;
  }
  const r = s.rowRates;
  addRate(r.ctr, row.clicks, row.impressions);
  addRate(r.atcRate, row.addToCart, row.clicks);
  addRate(r.purchaseRate, row.purchases, row.addToCart);
  addRate(r.overallConversion, row.purchases, row.impressions);
  if (row.revenue !== null) {
    addRate(r.rpc, row.revenue, row.clicks);
    addRate(r.rpi, row.revenue, row.impressions);
  }
}

function modeCategory(categories: Map<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [value, count] of categories) {
    if (count > bestCount || (count === bestCount && best !== null && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function freeze<D extends string>(g: MutableGroup, by: readonly D[]): GroupTotals<D> {
  const s = g.state;
  const out: Record<string, unknown> = {
    influencerId: g.influencerId,
    rows: g.rows,
    impressions: g.impressions,
    clicks: g.clicks,
    addToCart: g.addToCart,
    purchases: g.purchases,
    revenue: s.revenueRows > 0 ? partialsValue(s.revenue) : null,
    cost: s.costRows > 0 ? partialsValue(s.cost) : null,
    followerCount: s.latestFollowers,
    category: modeCategory(s.categories),
    firstDate: g.firstDate,
    lastDate: g.lastDate,
  };
  by.forEach((key, i) => {
    // Own data property, so that any dimension name (`__proto__` too) is kept as a field.
    Object.defineProperty(out, key, { value: g.dims[i] ?? null, enumerable: true, writable: true, configurable: true });
  });
  out.state = s;
  return out as GroupTotals<D>;
}

function groupKey(id: string, dims: readonly (string | null)[]): string {
  return dims.length === 0 ? id : JSON.stringify([id, ...dims]);
}

function compareGroups(by: readonly string[]) {
  return (a: GroupTotals<string>, b: GroupTotals<string>): number => {
    const c = compareIds(a.influencerId, b.influencerId);
    if (c !== 0) return c;
    for (const key of by) {
      const d = compareText(a[key] as string | null, b[key] as string | null);
      if (d !== 0) return d;
    }
    return 0;
  };
}

function validateBy<D extends string>(by: readonly D[] | undefined): readonly D[] {
  if (by === undefined) return [];
  if (!Array.isArray(by)) throw new InvalidOptionsError('`by` must be an array of dimension names.', [{ path: 'by', message: 'expected an array' }]);
  if (new Set(by).size !== by.length) throw new InvalidOptionsError('`by` names a dimension twice.', [{ path: 'by', message: 'duplicate dimension' }]);
  return by;
}

/**
 * Sums event rows per influencer and any extra dimensions. Counts are exact integers; money is
 * summed with exactly rounded summation, so any order of the same rows gives identical totals.
 *
 * @example
 * ```ts
 * const { rows } = parseEventsCSV(csvText);
 * const { groups } = aggregate(rows, { by: ['platform'] });
 * groups[0]; // { influencerId: '7', platform: 'tiktok', impressions: 12000, clicks: 240, ... }
 * ```
 */
export function aggregate<const D extends string = never>(rows: readonly EventRow[], options: AggregateOptions<D> = {}): Aggregate<D> {
  if (!Array.isArray(rows)) throw new InvalidOptionsError('aggregate requires an array of event rows.');
  const by = validateBy(options.by);
  const getters = by.map(dimensionGetter);
  const offset = options.offset ?? 0;
  const groups = new Map<string, MutableGroup>();
  const dims: (string | null)[] = new Array(by.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (let d = 0; d < getters.length; d++) dims[d] = getters[d]!(row);
    const key = groupKey(row.influencerId, dims);
    let g = groups.get(key);
    if (!g) {
      g = {
        influencerId: row.influencerId,
        dims: dims.slice(),
        rows: 0,
        impressions: 0,
        clicks: 0,
        addToCart: 0,
        purchases: 0,
        firstDate: null,
        lastDate: null,
        state: newState(),
      };
      groups.set(key, g);
    }
    addRow(g, row, offset + i);
  }
  const out = [...groups.values()].map((g) => freeze(g, by));
  out.sort(compareGroups(by));
  return { by, groups: out };
}

function cloneState(s: GroupState): GroupState {
  return {
    ...s,
    revenue: [...s.revenue],
    cost: [...s.cost],
    categories: new Map(s.categories),
    rowRates: Object.fromEntries(
      Object.entries(s.rowRates).map(([k, v]) => [k, { sum: [...v.sum], n: v.n }]),
    ) as GroupState['rowRates'],
  };
}

function toMutable<D extends string>(g: GroupTotals<D>, by: readonly D[]): MutableGroup {
  return {
    influencerId: g.influencerId,
    dims: by.map((k) => g[k] as string | null),
    rows: g.rows,
    impressions: g.impressions,
    clicks: g.clicks,
    addToCart: g.addToCart,
    purchases: g.purchases,
    firstDate: g.firstDate,
    lastDate: g.lastDate,
    state: cloneState(g.state),
  };
}

function mergeInto(target: MutableGroup, source: InfluencerTotals): void {
  const t = target.state;
  const s = source.state;
  target.rows += source.rows;
  target.impressions += source.impressions;
  target.clicks += source.clicks;
  target.addToCart += source.addToCart;
  target.purchases += source.purchases;
  mergePartials(t.revenue, s.revenue);
  mergePartials(t.cost, s.cost);
  t.revenueRows += s.revenueRows;
  t.costRows += s.costRows;
  for (const [value, count] of s.categories) t.categories.set(value, (t.categories.get(value) ?? 0) + count);
  if (s.firstSeen < t.firstSeen) {
    t.firstSeen = s.firstSeen;
    t.firstFollowers = s.firstFollowers;
  }
  if (s.latestFollowers !== null && laterFollowers(t, s.latestFollowersDate, s.latestFollowers)) {
    t.latestFollowers = s.latestFollowers;
    t.latestFollowersDate = s.latestFollowersDate;
  }
  if (source.firstDate !== null && (target.firstDate === null || source.firstDate < target.firstDate)) target.firstDate = source.firstDate;
  if (source.lastDate !== null && (target.lastDate === null || source.lastDate > target.lastDate)) target.lastDate = source.lastDate;
  for (const name of ROW_RATE_NAMES) {
    mergePartials(t.rowRates[name].sum, s.rowRates[name].sum);
    t.rowRates[name].n += s.rowRates[name].n;
  }
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
export function mergeAggregates<const D extends string = never, P extends string = string>(
  parts: readonly Aggregate<P>[],
  options: { readonly by?: readonly D[] } = {},
): Aggregate<D> {
  if (!Array.isArray(parts)) throw new InvalidOptionsError('mergeAggregates requires an array of aggregates.');
  const inputBy: readonly string[] = parts[0]?.by ?? [];
  for (const part of parts) {
    if (part.by.length !== inputBy.length || part.by.some((k: string, i: number) => k !== inputBy[i])) {
      throw new InvalidOptionsError(`Cannot merge aggregates grouped by [${inputBy.join(', ')}] and [${part.by.join(', ')}].`);
    }
  }
  const by = (options.by ?? (inputBy as readonly string[] as readonly D[])) as readonly D[];
  validateBy(by);
  for (const key of by) {
    if (!inputBy.includes(key)) {
      throw new InvalidOptionsError(`Cannot roll up to "${key}": the aggregates are grouped by [${inputBy.join(', ')}].`, [
        { path: 'by', message: `"${key}" is not among the inputs' dimensions` },
      ]);
    }
  }
  const groups = new Map<string, MutableGroup>();
  for (const part of parts) {
    for (const g of part.groups) {
      const dims = by.map((k) => (g as Record<string, unknown>)[k] as string | null);
      const key = groupKey(g.influencerId, dims);
      const existing = groups.get(key);
      if (existing) mergeInto(existing, g);
      else {
        const m = toMutable(g as unknown as GroupTotals<D>, by);
        groups.set(key, m);
      }
    }
  }
  const out = [...groups.values()].map((g) => freeze(g, by));
  out.sort(compareGroups(by));
  return { by, groups: out };
}
