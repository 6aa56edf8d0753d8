/**
 * The pipeline's small-sample step: Wilson bounds and shrunk estimates for every influencer line,
 * with the priors fitted on all of them. Used by `analyze` and by the `makeInfluencers` fixtures.
 * @module
 */
import { exactSum } from './exact-sum.js';
import {
  MONEY_EXPOSURES,
  RATE_COUNTS,
  shrinkRatios,
  shrinkRates,
  wilson,
  type BetaPrior,
  type IntervalRate,
  type ShrunkMoney, type RatioGroup, type RatioObservation, type RatioPrior } from './intervals.js';
import type { EventRow, FunnelTotals } from './types.js';

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
 * as computed. `rows`, when given, are the event rows behind the lines: the within-influencer noise
 * of money ratios is estimated from them (else from a compound-Poisson model, see docs/scoring.md).
 */
export function smallSampleEstimates<T extends FunnelTotals & { readonly influencerId: string }>(
  lines: readonly T[],
  rows: readonly EventRow[] = [],
  confidence = 0.95,
): { lines: (T & SmallSampleFields)[]; priors: Priors } {
  const added: Record<string, number | null>[] = lines.map(() => ({}));
  const priors: Record<string, unknown> = { confidence };
  for (const [name, spec] of Object.entries(RATE_COUNTS)) {
    const counts = lines.map((l) => {
      const trials = l[spec.trials];
      return { successes: Math.min(l[spec.successes], trials), trials };
    });
    const shrunk = shrinkRates(counts);
    priors[name] = shrunk.prior;
    counts.forEach((c, i) => {
      const interval = wilson(c.successes, c.trials, { confidence });
      added[i]![`${name}Low`] = interval?.low ?? null;
      added[i]![`${name}High`] = interval?.high ?? null;
      added[i]![`${name}Shrunk`] = shrunk.values[i]!;
    });
  }

  const withRevenue = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.revenue != null);
  const periodsById = new Map<string, { clicks: RatioObservation[]; impressions: RatioObservation[] }>();
  for (const row of rows) {
    if (row.revenue === null) continue;
    let p = periodsById.get(row.influencerId);
    if (!p) periodsById.set(row.influencerId, (p = { clicks: [], impressions: [] }));
    p.clicks.push({ value: row.revenue, exposure: row.clicks });
    p.impressions.push({ value: row.revenue, exposure: row.impressions });
  }
  // Second moment of order values, from each influencer's revenue per purchase: E[v²] ≈ Σ revenue²/purchases / Σ purchases.
  const purchases = withRevenue.reduce((s, { l }) => s + l.purchases, 0);
  const orderValueSquare = purchases > 0 ? exactSum(withRevenue.map(({ l }) => (l.purchases > 0 ? (l.revenue ?? 0) ** 2 / l.purchases : 0))) / purchases : 0;
  for (const [name, exposureKey] of Object.entries(MONEY_EXPOSURES)) {
    const groups: RatioGroup[] = withRevenue.map(({ l }) => ({
      value: l.revenue ?? 0,
      exposure: l[exposureKey],
      periods: periodsById.get(l.influencerId)?.[exposureKey] ?? [],
    }));
    let shrunk = shrinkRatios(groups);
    if (shrunk.prior.method === 'none' && purchases > 0) {
      // No influencer has two periods: compound-Poisson noise, σ² = (orders per unit of exposure) · E[v²].
      const exposure = exactSum(withRevenue.map(({ l }) => l[exposureKey]));
      if (exposure > 0) shrunk = shrinkRatios(groups, { withinVariance: (purchases / exposure) * orderValueSquare });
    }
    priors[name] = shrunk.prior;
    lines.forEach((_, i) => (added[i]![`${name}Shrunk`] = null));
    withRevenue.forEach(({ i }, j) => (added[i]![`${name}Shrunk`] = shrunk.values[j]!));
  }
  return {
    lines: lines.map((l, i) => ({ ...l, ...added[i] }) as unknown as T & SmallSampleFields),
    priors: priors as Priors,
  };
}
