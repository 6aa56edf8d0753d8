/**
 * The pipeline's small-sample step: Wilson bounds and shrunk estimates for every influencer line,
 * with the priors fitted on all of them. Used by `analyze` and by the `makeInfluencers` fixtures.
 * @module
 */
import { addToPartials, exactSum, partialsValue } from './exact-sum.js';
import {
  MONEY_EXPOSURES,
  RATE_COUNTS,
  shrinkRatios,
  shrinkRates,
  wilson,
  type BetaPrior,
  type IntervalRate,
  type RateCount,
  type ShrunkMoney, type RatioGroup, type RatioPrior } from './intervals.js';
import type { MoneyNoise } from './aggregate.js';
import type { FunnelTotals } from './types.js';

/** Money and exposure of one period of one influencer (an event row, or an influencer's totals on one date). */
export interface MoneyPeriod {
  readonly influencerId: string;
  readonly revenue: number | null;
  readonly clicks: number;
  readonly impressions: number;
}

/**
 * Small-sample fields of an influencer line: for each rate `x`, `xLow` and `xHigh` (Wilson bounds)
 * and `xShrunk` (empirical-Bayes estimate); `rpcShrunk` and `rpiShrunk` for money. `null` where the
 * denominator is 0 (or revenue is missing).
 */
export type SmallSampleFields = {
  readonly [K in IntervalRate as `${K}Low` | `${K}High` | `${K}Shrunk`]: number | null;
} & { readonly [K in ShrunkMoney as `${K}Shrunk`]: number | null };

/** The priors the shrunk estimates were pulled toward, and the interval confidence. */
export type Priors = { readonly [K in IntervalRate]: BetaPrior } & { readonly [K in ShrunkMoney]: RatioPrior } & { readonly confidence: number };

/**
 * Adds Wilson bounds and shrunk estimates to lines of totals. Funnel anomalies (more add-to-carts
 * than clicks...) are capped at the earlier step's count for these estimates; the raw rate is left
 * as computed. `rows`, when given, are the rows behind the lines (the event rows, as `analyze`
 * reads them, or finer totals such as each influencer's totals per date): the within-influencer
 * noise of money ratios is estimated from how their revenue per click and per impression spread
 * (else from a compound-Poisson model, see docs/scoring.md). `analyze` calls it for you; call it
 * yourself on totals computed elsewhere, such as the rows `toSQL` returns, before scoring with the
 * `default` preset's scheme.
 *
 * @example
 * ```ts
 * const lines = aggregate(events.rows).groups.map(({ state, ...g }) => ({ ...g, ...funnelMetrics(g) }));
 * const { lines: estimated, priors } = smallSampleEstimates(lines, events.rows);
 * estimated.length; // 100
 * const ranked = segment(score(estimated, presets.default.scoring), { by: 'score' });
 * ```
 */
export function smallSampleEstimates<T extends FunnelTotals & { readonly influencerId: string }>(
  lines: readonly T[],
  rows: readonly MoneyPeriod[] = [],
  confidence = 0.95,
): { lines: (T & SmallSampleFields)[]; priors: Priors } {
  // Within-influencer noise of money per unit of exposure, from the rows, in one pass and constant
  // memory per influencer (the sums the aggregate state keeps too, see `MoneyNoise`).
  const moneyExposures = Object.entries(MONEY_EXPOSURES) as [ShrunkMoney, 'clicks' | 'impressions'][];
  const within = new Map<string, MoneyNoise>();
  for (const row of rows) {
    if (row.revenue === null) continue;
    let acc = within.get(row.influencerId);
    if (!acc) {
      acc = { rpc: { squares: [], values: [], exposure: 0, rows: 0 }, rpi: { squares: [], values: [], exposure: 0, rows: 0 } };
      within.set(row.influencerId, acc);
    }
    for (const [name, exposureKey] of moneyExposures) {
      const c = row[exposureKey];
      if (!(c > 0)) continue;
      const a = acc[name];
      addToPartials(a.squares, (row.revenue * row.revenue) / c);
      addToPartials(a.values, row.revenue);
      a.exposure += c;
      a.rows++;
    }
  }
  return estimateWithNoise(lines, (i) => within.get(lines[i]!.influencerId), confidence);
}

/**
 * {@link smallSampleEstimates} with each line's money-noise sums given (an aggregate's
 * `state.noise`) instead of rows. @internal
 */
export function estimateWithNoise<T extends FunnelTotals & { readonly influencerId: string }>(
  lines: readonly T[],
  noiseOf: (index: number) => MoneyNoise | undefined,
  confidence = 0.95,
): { lines: (T & SmallSampleFields)[]; priors: Priors } {
  const { rates, money, priors } = estimateArrays(lines, noiseOf, confidence);
  const { ctr, atcRate, purchaseRate, overallConversion } = rates;
  // A copy of each line with named stores: V8 keeps such objects fast (a spread followed by many
  // literal keys is far slower to build).
  const n = lines.length;
  const out: (T & SmallSampleFields)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = Object.assign({}, lines[i]!) as T & { -readonly [K in keyof SmallSampleFields]: SmallSampleFields[K] };
    o.ctrLow = ctr.low[i]!;
    o.ctrHigh = ctr.high[i]!;
    o.ctrShrunk = ctr.shrunk[i]!;
    o.atcRateLow = atcRate.low[i]!;
    o.atcRateHigh = atcRate.high[i]!;
    o.atcRateShrunk = atcRate.shrunk[i]!;
    o.purchaseRateLow = purchaseRate.low[i]!;
    o.purchaseRateHigh = purchaseRate.high[i]!;
    o.purchaseRateShrunk = purchaseRate.shrunk[i]!;
    o.overallConversionLow = overallConversion.low[i]!;
    o.overallConversionHigh = overallConversion.high[i]!;
    o.overallConversionShrunk = overallConversion.shrunk[i]!;
    o.rpcShrunk = money.rpc[i]!;
    o.rpiShrunk = money.rpi[i]!;
    out[i] = o;
  }
  return { lines: out, priors };
}

/** Per line, as arrays: each rate's Wilson bounds and shrunk estimate, the shrunk money ratios. @internal */
export interface EstimateArrays {
  readonly rates: Record<IntervalRate, { readonly low: (number | null)[]; readonly high: (number | null)[]; readonly shrunk: (number | null)[] }>;
  readonly money: Record<ShrunkMoney, (number | null)[]>;
  readonly priors: Priors;
}

/** The estimates of {@link estimateWithNoise} as arrays, for callers that build their own rows. @internal */
export function estimateArrays(
  lines: readonly (FunnelTotals & { readonly influencerId: string })[],
  noiseOf: (index: number) => MoneyNoise | undefined,
  confidence = 0.95,
): EstimateArrays {
  const n = lines.length;
  const priors: Record<string, unknown> = { confidence };
  // Per rate: its Wilson bounds and shrunk estimate per line, in arrays (the lines are built once at the end).
  const rates = {} as Record<IntervalRate, { low: (number | null)[]; high: (number | null)[]; shrunk: (number | null)[] }>;
  for (const name of Object.keys(RATE_COUNTS) as IntervalRate[]) {
    const spec = RATE_COUNTS[name];
    const successesOf = countGetter(spec.successes);
    const trialsOf = countGetter(spec.trials);
    const counts: RateCount[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const trials = trialsOf(lines[i]!);
      counts[i] = { successes: Math.min(successesOf(lines[i]!), trials), trials };
    }
    const shrunk = shrinkRates(counts);
    priors[name] = shrunk.prior;
    const low: (number | null)[] = new Array(n);
    const high: (number | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const interval = wilson(counts[i]!.successes, counts[i]!.trials, { confidence });
      low[i] = interval?.low ?? null;
      high[i] = interval?.high ?? null;
    }
    rates[name] = { low, high, shrunk: shrunk.values };
  }
  const money = { rpc: new Array<number | null>(n).fill(null), rpi: new Array<number | null>(n).fill(null) };

  const withRevenue = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.revenue != null);
  // Second moment of order values, from each influencer's revenue per purchase: E[v²] ≈ Σ revenue²/purchases / Σ purchases.
  const purchases = withRevenue.reduce((s, { l }) => s + l.purchases, 0);
  const orderValueSquare = purchases > 0 ? exactSum(withRevenue.map(({ l }) => (l.purchases > 0 ? (l.revenue ?? 0) ** 2 / l.purchases : 0))) / purchases : 0;
  for (const [name, exposureKey] of Object.entries(MONEY_EXPOSURES) as [ShrunkMoney, 'clicks' | 'impressions'][]) {
    const groups: RatioGroup[] = withRevenue.map(({ l }) => ({ value: l.revenue ?? 0, exposure: l[exposureKey] }));
    const squares: number[] = [];
    let df = 0;
    for (const { i } of withRevenue) {
      const a = noiseOf(i)?.[name];
      if (!a || a.rows < 2 || !(a.exposure > 0)) continue;
      // Σ_j c_j (r_j − r)² = Σ_j v_j²/c_j − (Σ_j v_j)²/Σ_j c_j, from exactly rounded sums.
      const total = partialsValue(a.values);
      squares.push(Math.max(0, partialsValue(a.squares) - (total * total) / a.exposure));
      df += a.rows - 1;
    }
    let shrunk: ReturnType<typeof shrinkRatios>;
    if (df > 0) {
      shrunk = shrinkRatios(groups, { withinVariance: exactSum(squares) / df });
      shrunk = { ...shrunk, prior: { ...shrunk.prior, method: 'periods' } };
    } else {
      // No influencer has two rows: compound-Poisson noise, σ² = (orders per unit of exposure) · E[v²].
      const exposure = exactSum(groups.map((g) => g.exposure));
      shrunk = shrinkRatios(groups, purchases > 0 && exposure > 0 ? { withinVariance: (purchases / exposure) * orderValueSquare } : {});
    }
    priors[name] = shrunk.prior;
    withRevenue.forEach(({ i }, j) => (money[name][i] = shrunk.values[j]!));
  }
  return { rates, money, priors: priors as Priors };
}

/** A reader of one count field with a named property access (fast on objects of one shape). */
function countGetter(field: 'impressions' | 'clicks' | 'addToCart' | 'purchases'): (l: FunnelTotals) => number {
  switch (field) {
    case 'impressions':
      return (l) => l.impressions;
    case 'clicks':
      return (l) => l.clicks;
    case 'addToCart':
      return (l) => l.addToCart;
    default:
      return (l) => l.purchases;
  }
}
