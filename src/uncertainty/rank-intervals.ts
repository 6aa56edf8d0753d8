/**
 * How sure each ranking is: the rank of every influencer in every posterior draw, scored by the
 * scheme; per influencer its central rank interval, the share of draws in which it makes the top
 * `k`, and central intervals of its money ratios.
 * @module
 */
import type { UncertaintySource } from './columns.js';
import { hasMetric, KIND, STREAM } from './draws.js';
import { intervalPositions } from './interval.js';
import { OrderStatistics } from './order-statistics.js';
import { rankOptions, type RankIntervalOptions } from './options.js';
import { posteriorOf, type FunnelPosterior } from './posterior.js';
import { drawScheme, forEachScoredDraw } from './score-draws.js';

/** One influencer's rank interval, P(top k) and money intervals; `null` where undefined. */
export interface RankInterval {
  readonly influencerId: string;
  /** Best rank of the central interval at `level` of its rank across draws (1 = best); `null` when its score is null. */
  readonly rankLow: number | null;
  /** Worst rank of that interval; `null` when its score is null. */
  readonly rankHigh: number | null;
  /** Share of draws in which it ranks in the top `k` (ties at the `k`-th place share the places left); 0 when its score is null. */
  readonly pTopK: number;
  /** Central interval of revenue per click; `null` without clicks or revenue. */
  readonly rpcLow: number | null;
  readonly rpcHigh: number | null;
  /** Central interval of revenue per impression; `null` without impressions or revenue. */
  readonly rpiLow: number | null;
  readonly rpiHigh: number | null;
  /** Central interval of revenue over cost; `null` without revenue or a positive cost. */
  readonly roasLow: number | null;
  readonly roasHigh: number | null;
  /** Central interval of cost per purchase; `null` without purchases or cost (`cpaHigh` also when unbounded). */
  readonly cpaLow: number | null;
  readonly cpaHigh: number | null;
  /** Central interval of cost per click; `null` without clicks or cost (`cpcHigh` also when unbounded). */
  readonly cpcLow: number | null;
  readonly cpcHigh: number | null;
}

/** The fields of {@link RankInterval} as columns (`NaN`: null), in input order. @internal */
export type RankIntervalColumns = { readonly [K in Exclude<keyof RankInterval, 'influencerId'>]: Float64Array };

/**
 * {@link rankIntervals} on a posterior, as columns (`NaN`: null): what `analyze` puts in its
 * report columns. One pass over the draws: each draw is scored and ranked, and every
 * influencer's rank, ctr, overall conversion, rpc and rpi of that draw go into exact streaming
 * order statistics (two bounded heaps each), so memory stays at a few numbers per influencer. The
 * cost metrics' bounds are monotone transforms of those at the influencer's known impressions and
 * cost: `roas = impressions·rpi/cost`, `cpa = cost/(impressions·overallConversion)`,
 * `cpc = cost/(impressions·ctr)` (a bound at a zero rate is unbounded: `NaN`). @internal
 */
export function rankIntervalColumnsOf(p: FunnelPosterior, options: RankIntervalOptions = {}): RankIntervalColumns {
  const o = rankOptions(options, p.n);
  const s = drawScheme(p, o.scoring ?? p.scheme);
  const n = p.n;
  const draws = o.draws;
  const [lo] = intervalPositions(draws, o.level);
  const keep = lo + 1;
  const rankStats = new OrderStatistics(n, keep);
  const ctrStats = new OrderStatistics(n, keep);
  const conversionStats = new OrderStatistics(n, keep);
  const rpcStats = new OrderStatistics(n, keep);
  const rpiStats = new OrderStatistics(n, keep);
  const top = new Float64Array(n);
  const scored = new Uint8Array(n);
  let tie = new Int32Array(0);
  forEachScoredDraw(p, s, o.seed, STREAM.current, draws, (_, scores, rankOf, ctr, atc, pr, v) => {
    let present = 0;
    for (let i = 0; i < n; i++) if (scores[i] === scores[i]) present++;
    const k = Math.min(o.k, present);
    if (tie.length < k + 1) tie = new Int32Array(k + 1);
    else tie.fill(0, 0, k + 1);
    for (let i = 0; i < n; i++) {
      const r = rankOf[i]!;
      const c = ctr[i]!;
      const carts = atc[i]! * pr[i]!;
      ctrStats.add(i, c);
      conversionStats.add(i, c * carts);
      rpcStats.add(i, carts * v[i]!);
      rpiStats.add(i, c * carts * v[i]!);
      if (r !== r) {
        rankStats.add(i, 0);
        continue;
      }
      scored[i] = 1;
      rankStats.add(i, r);
      if (r <= k) tie[r] = tie[r]! + 1;
    }
    rankStats.next();
    ctrStats.next();
    conversionStats.next();
    rpcStats.next();
    rpiStats.next();
    // A group of t tied at rank r fills places r .. r + t − 1: the places up to k are shared.
    for (let i = 0; i < n; i++) {
      const r = rankOf[i]!;
      if (!(r <= k)) continue;
      const t = tie[r]!;
      top[i] = top[i]! + (r + t - 1 <= k ? 1 : (k - r + 1) / t);
    }
  });
  const column = () => new Float64Array(n).fill(NaN);
  const out = {
    rankLow: column(),
    rankHigh: column(),
    pTopK: new Float64Array(n),
    rpcLow: column(),
    rpcHigh: column(),
    rpiLow: column(),
    rpiHigh: column(),
    roasLow: column(),
    roasHigh: column(),
    cpaLow: column(),
    cpaHigh: column(),
    cpcLow: column(),
    cpcHigh: column(),
  };
  const t = p.totals;
  for (let i = 0; i < n; i++) {
    out.pTopK[i] = draws > 0 ? top[i]! / draws : 0;
    if (scored[i] === 1) {
      out.rankLow[i] = rankStats.lowAt(i);
      out.rankHigh[i] = rankStats.highAt(i);
    }
    const impressions = t.impressions[i]!;
    const cost = t.cost[i]!;
    if (hasMetric(t, KIND.rpc, i)) {
      out.rpcLow[i] = rpcStats.lowAt(i);
      out.rpcHigh[i] = rpcStats.highAt(i);
    }
    if (hasMetric(t, KIND.rpi, i)) {
      out.rpiLow[i] = rpiStats.lowAt(i);
      out.rpiHigh[i] = rpiStats.highAt(i);
    }
    if (hasMetric(t, KIND.roas, i)) {
      out.roasLow[i] = (impressions * rpiStats.lowAt(i)) / cost;
      out.roasHigh[i] = (impressions * rpiStats.highAt(i)) / cost;
    }
    if (hasMetric(t, KIND.cpa, i)) {
      const low = conversionStats.lowAt(i);
      const high = conversionStats.highAt(i);
      out.cpaLow[i] = high > 0 ? cost / (impressions * high) : NaN;
      out.cpaHigh[i] = low > 0 ? cost / (impressions * low) : NaN;
    }
    if (hasMetric(t, KIND.cpc, i)) {
      const low = ctrStats.lowAt(i);
      const high = ctrStats.highAt(i);
      out.cpcLow[i] = high > 0 ? cost / (impressions * high) : NaN;
      out.cpcHigh[i] = low > 0 ? cost / (impressions * low) : NaN;
    }
  }
  return out;
}

/**
 * How sure each ranking is. Each of `draws` posterior draws of every influencer's funnel (stage
 * rates from their Beta posteriors under the report's priors, order value from its credibility
 * posterior, every other metric derived from the same draw) is scored with the scheme and ranked;
 * per influencer, in input order: `rankLow`/`rankHigh`, the central interval at `level` of its
 * rank across draws (1 = best); `pTopK`, the share of draws in which it ranks in the top `k` (the
 * `pTopK` sum to `k`, or to the number of scored influencers when fewer); and central intervals
 * of rpc, rpi, roas, cpa and cpc. An influencer whose score is null has null rank bounds and
 * `pTopK` 0; a money interval is null where its point value is null. Seeded: the same input, seed
 * and options give the same output, in any input order. See docs/uncertainty.md for the model.
 *
 * @example
 * ```ts
 * const intervals = rankIntervals(report, { draws: 100 });
 * intervals.length === report.influencers.length; // true
 * const best = intervals[0]; // report order: the top-ranked influencer first
 * best.rankLow <= best.rankHigh; // true
 * Math.round(intervals.reduce((sum, line) => sum + line.pTopK, 0)); // 10
 * ```
 */
export function rankIntervals(source: UncertaintySource, options: RankIntervalOptions = {}): RankInterval[] {
  rankOptions(options, 0);
  const p = posteriorOf(source, 'rankIntervals');
  const c = rankIntervalColumnsOf(p, options);
  const ids = p.totals.ids;
  const value = (v: number): number | null => (v === v ? v : null);
  return ids.map((influencerId, i) => ({
    influencerId,
    rankLow: value(c.rankLow[i]!),
    rankHigh: value(c.rankHigh[i]!),
    pTopK: c.pTopK[i]!,
    rpcLow: value(c.rpcLow[i]!),
    rpcHigh: value(c.rpcHigh[i]!),
    rpiLow: value(c.rpiLow[i]!),
    rpiHigh: value(c.rpiHigh[i]!),
    roasLow: value(c.roasLow[i]!),
    roasHigh: value(c.roasHigh[i]!),
    cpaLow: value(c.cpaLow[i]!),
    cpaHigh: value(c.cpaHigh[i]!),
    cpcLow: value(c.cpcLow[i]!),
    cpcHigh: value(c.cpcHigh[i]!),
  }));
}
