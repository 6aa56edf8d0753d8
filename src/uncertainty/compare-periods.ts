/**
 * Two windows of per-influencer totals compared metric by metric: the observed change and, from
 * the posterior draws of each window, an interval of the true change and the probability that the
 * metric really improved.
 * @module
 */
import { InvalidInputError } from '../contract/errors.js';
import { ExactSum } from '../base/exact-sum.js';
import { compareIds } from '../base/ids.js';
import { ratioOf } from '../metrics/funnel-metrics.js';
import { checkedTotals, toFunnelColumns, type FunnelColumns, type FunnelLine, type Totals, type UncertaintyPriors } from './columns.js';
import { DRAW_WIDTH, DRAWN_METRICS, derive, funnelDraws, hasMetric, LOWER_IS_BETTER, type DrawnMetric, type Kind } from './draws.js';
import { intervalPositions } from './interval.js';
import { periodOptions, type ComparePeriodOptions } from './options.js';
import { orderValuePrior, type OrderValuePrior } from './order-value.js';
import { posteriorOfTotals, type FunnelPosterior } from './posterior.js';

/** One metric in two windows. Every field is `null` where it is not defined. */
export interface PeriodChange {
  /** The metric in the previous window (ratio of its totals). */
  readonly previous: number | null;
  /** The metric in the current window. */
  readonly current: number | null;
  /** `current − previous`. */
  readonly change: number | null;
  /** `change / previous` (`null` when `previous` is 0). */
  readonly relativeChange: number | null;
  /** Central interval at `level` of the true change (current − previous), from the posterior draws. */
  readonly low: number | null;
  readonly high: number | null;
  /** Probability that the true metric improved: is higher now (lower for cpa and cpc), ties counted half. */
  readonly pImproved: number | null;
}

/** Each compared metric's {@link PeriodChange}. */
export type PeriodMetrics = { readonly [M in DrawnMetric]: PeriodChange };

/** One influencer's line of {@link comparePeriodTotals}. */
export type PeriodInfluencer = { readonly influencerId: string } & PeriodMetrics;

/** The result of {@link comparePeriodTotals}. */
export interface PeriodComparison {
  /** One line per influencer present in either window, in id order. */
  readonly influencers: PeriodInfluencer[];
  /** The windows' totals over all influencers, compared the same way (with Jeffreys priors: every total is one funnel). */
  readonly overall: PeriodMetrics;
}

/** The two windows and the priors both are shrunk toward. */
export interface PeriodTotals {
  /** Per-influencer totals of the previous window, as columns or lines. */
  readonly previous: FunnelColumns | readonly FunnelLine[];
  /** Per-influencer totals of the current window. */
  readonly current: FunnelColumns | readonly FunnelLine[];
  /**
   * The priors of both windows. Fit them on both windows together (the per-influencer totals over
   * both): then a change in a subset of influencers does not shift every small influencer's
   * estimate in one window.
   */
  readonly priors: UncertaintyPriors;
}

/** Random stream families of the two windows and of the overall totals. */
const STREAMS = { previous: 1, current: 0, overallPrevious: 2, overallCurrent: 3 } as const;

const FN = 'comparePeriodTotals';

/** A window's point value of a metric: the ratio of its totals, `null` when undefined. */
function pointValue(t: Totals | null, i: number, name: DrawnMetric): number | null {
  if (t === null || i < 0) return null;
  const impressions = t.impressions[i]!;
  const clicks = t.clicks[i]!;
  const revenue = t.revenue[i]!;
  const cost = t.cost[i]!;
  const purchases = t.purchases[i]!;
  switch (name) {
    case 'ctr':
      return ratioOf(clicks, impressions);
    case 'atcRate':
      return ratioOf(t.addToCart[i]!, clicks);
    case 'purchaseRate':
      return ratioOf(purchases, t.addToCart[i]!);
    case 'overallConversion':
      return ratioOf(purchases, impressions);
    case 'rpc':
      return ratioOf(revenue, clicks);
    case 'rpi':
      return ratioOf(revenue, impressions);
    case 'roas':
      return ratioOf(revenue, cost);
    case 'cpa':
      return ratioOf(cost, purchases);
    case 'cpc':
      return ratioOf(cost, clicks);
  }
}

/** Each metric compared between influencer `ip` of the previous posterior and `ic` of the current one (`-1`: absent). */
function periodMetrics(
  prev: FunnelPosterior,
  ip: number,
  cur: FunnelPosterior,
  ic: number,
  streams: { previous: number; current: number },
  o: { draws: number; seed: number; level: number },
): PeriodMetrics {
  const draws = o.draws;
  const [lo, hi] = intervalPositions(draws, o.level);
  let fp: Float64Array | null = null;
  let fc: Float64Array | null = null;
  const diff = new Float64Array(draws);
  const out = {} as Record<DrawnMetric, PeriodChange>;
  DRAWN_METRICS.forEach((name, kind) => {
    const previous = pointValue(ip < 0 ? null : prev.totals, ip, name);
    const current = pointValue(ic < 0 ? null : cur.totals, ic, name);
    const change = previous === null || current === null ? null : current - previous;
    const relativeChange = change === null || previous === 0 ? null : change / previous!;
    let low: number | null = null;
    let high: number | null = null;
    let pImproved: number | null = null;
    const k = kind as Kind;
    if (ip >= 0 && ic >= 0 && hasMetric(prev.totals, k, ip) && hasMetric(cur.totals, k, ic)) {
      fp ??= funnelDraws(prev, ip, o.seed, streams.previous, draws);
      fc ??= funnelDraws(cur, ic, o.seed, streams.current, draws);
      const lower = LOWER_IS_BETTER.has(name);
      let improved = 0;
      let finite = true;
      for (let d = 0; d < draws; d++) {
        const at = DRAW_WIDTH * d;
        const x = derive(k, fc[at]!, fc[at + 1]!, fc[at + 2]!, fc[at + 3]!, cur.totals.impressions[ic]!, cur.totals.cost[ic]!);
        const y = derive(k, fp[at]!, fp[at + 1]!, fp[at + 2]!, fp[at + 3]!, prev.totals.impressions[ip]!, prev.totals.cost[ip]!);
        if (x !== x || y !== y) finite = false;
        const gap = lower ? y - x : x - y;
        improved += gap > 0 ? 1 : gap === 0 ? 0.5 : 0;
        diff[d] = x - y;
      }
      if (finite && draws > 0) {
        diff.sort();
        low = diff[lo]!;
        high = diff[hi]!;
        pImproved = improved / draws;
      }
    }
    out[name] = { previous, current, change, relativeChange, low, high, pImproved };
  });
  return out;
}

/** The totals of a window as columns. */
function windowTotals(window: FunnelColumns | readonly FunnelLine[], name: string): Totals {
  if (window === null || typeof window !== 'object') throw new InvalidInputError(`${FN} requires \`${name}\`: per-influencer totals as columns or lines.`, { field: name });
  return checkedTotals(Array.isArray(window) ? toFunnelColumns(window as readonly FunnelLine[]) : (window as FunnelColumns), `${FN} (${name})`);
}

/** Sums of the totals over a window's influencers, as a one-line window (revenue and cost exactly, `NaN` when no line has any). */
function overallTotals(t: Totals): Totals {
  const money = (values: Float64Array): number => {
    const sum = new ExactSum();
    let any = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === v) {
        sum.add(v);
        any = true;
      }
    }
    return any ? sum.value() : NaN;
  };
  const count = (values: Float64Array): number => {
    const sum = new ExactSum();
    for (let i = 0; i < values.length; i++) sum.add(values[i]!);
    return sum.value();
  };
  const one = (v: number) => Float64Array.of(v);
  return {
    ids: [''],
    impressions: one(count(t.impressions)),
    clicks: one(count(t.clicks)),
    addToCart: one(count(t.addToCart)),
    purchases: one(count(t.purchases)),
    revenue: one(money(t.revenue)),
    cost: one(money(t.cost)),
    held: () => undefined,
    heldNames: [],
  };
}

/**
 * The period comparison of per-influencer totals of two windows (the core of `comparePeriods`):
 * per influencer and metric `{ previous, current, change, relativeChange, low, high, pImproved }`,
 * where `previous` and `current` are the windows' ratios of totals and `low`, `high`, `pImproved`
 * come from independent posterior draws of each window (the machinery of {@link rankIntervals},
 * with the priors given): `pImproved` is the probability that the true metric is higher now (lower
 * for cpa and cpc). Small samples are shrunk toward the population in both windows, so their
 * interval of the true change is wide and may not contain the observed change. Influencers are
 * matched by id; one present in a single window has null changes. `overall` compares the
 * windows' totals over all influencers.
 *
 * @example
 * ```ts
 * const { priors } = report; // fitted on both windows together
 * const totals = (rows) => aggregate(rows).groups;
 * const change = comparePeriodTotals({ previous: totals(januaryRows), current: totals(februaryRows), priors }, { draws: 100 });
 * change.influencers.length; // 100
 * const line = change.influencers[0];
 * line.ctr.pImproved >= 0 && line.ctr.pImproved <= 1; // true
 * change.overall.ctr.change === change.overall.ctr.current - change.overall.ctr.previous; // true
 * ```
 */
export function comparePeriodTotals(windows: PeriodTotals, options: ComparePeriodOptions = {}): PeriodComparison {
  periodOptions(options, 0);
  if (windows === null || typeof windows !== 'object') throw new InvalidInputError(`${FN} requires { previous, current, priors }.`);
  const prev = windowTotals(windows.previous, 'previous');
  const cur = windowTotals(windows.current, 'current');
  const priors = windows.priors;
  // The order-value prior of both windows: fitted on the influencers' totals over both.
  const union = [...new Set([...prev.ids, ...cur.ids])].sort(compareIds);
  const prevAt = new Map(prev.ids.map((id, i) => [id, i]));
  const curAt = new Map(cur.ids.map((id, i) => [id, i]));
  const n = union.length;
  const o = periodOptions(options, n);
  const revenue = new Float64Array(n);
  const clicks = new Float64Array(n);
  const purchases = new Float64Array(n);
  union.forEach((id, j) => {
    const ip = prevAt.get(id) ?? -1;
    const ic = curAt.get(id) ?? -1;
    const r1 = ip >= 0 ? prev.revenue[ip]! : NaN;
    const r2 = ic >= 0 ? cur.revenue[ic]! : NaN;
    revenue[j] = r1 !== r1 ? r2 : r2 !== r2 ? r1 : r1 + r2;
    clicks[j] = (ip >= 0 ? prev.clicks[ip]! : 0) + (ic >= 0 ? cur.clicks[ic]! : 0);
    purchases[j] = (ip >= 0 ? prev.purchases[ip]! : 0) + (ic >= 0 ? cur.purchases[ic]! : 0);
  });
  const rpc = (priors as { rpc?: UncertaintyPriors['rpc'] } | null)?.rpc;
  if (rpc === null || typeof rpc !== 'object') throw new InvalidInputError('The priors need `rpc` with its `withinVariance` (the priors of an analyze report).', { field: 'priors.rpc' });
  const orderPrior: OrderValuePrior = orderValuePrior(revenue, clicks, purchases, rpc);
  const prevPost = posteriorOfTotals(prev, priors, orderPrior);
  const curPost = posteriorOfTotals(cur, priors, orderPrior);
  const influencers = union.map((influencerId) => ({
    influencerId,
    ...periodMetrics(prevPost, prevAt.get(influencerId) ?? -1, curPost, curAt.get(influencerId) ?? -1, STREAMS, o),
  }));
  // Overall: each window's totals as one funnel, Jeffreys priors, order values without shrinkage.
  const flat = { alpha: 0, beta: 0 };
  const overallPriors: UncertaintyPriors = { ctr: flat, atcRate: flat, purchaseRate: flat, rpc };
  const overallOrder: OrderValuePrior = { ...orderPrior, strength: 0 };
  const overall = periodMetrics(
    posteriorOfTotals(overallTotals(prev), overallPriors, overallOrder),
    0,
    posteriorOfTotals(overallTotals(cur), overallPriors, overallOrder),
    0,
    { previous: STREAMS.overallPrevious, current: STREAMS.overallCurrent },
    o,
  );
  return { influencers, overall };
}
