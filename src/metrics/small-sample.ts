/**
 * The pipeline's small-sample step: Wilson bounds and shrunk estimates for every influencer line,
 * with the priors fitted on all of them. Used by `analyze` and by the `makeInfluencers` fixtures.
 * @module
 */
import { orNull } from '../base/nulls.js';
import { addToPartials, ExactSum, partialsValue } from '../base/exact-sum.js';
import { InvalidInputError } from '../contract/errors.js';
import {
  checkConfidence,
  checkNonNegative,
  fitBetaPrior,
  MONEY_EXPOSURES,
  RATE_COUNTS,
  rateEstimatesOf,
  ratioTotalsOf,
  shrunkRatiosOf,
  wilsonZ,
  type BetaPrior,
  type IntervalRate,
  type ShrunkMoney,
  type RatioPrior,
} from './intervals.js';
import { noiseColumns, putNoise, type MoneyNoise, type NoiseColumn, type NoiseColumns } from '../aggregate/aggregate.js';
import type { FunnelTotals } from '../contract/types.js';

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
 * const lines = aggregate(events.events).groups.map(({ state, ...g }) => ({ ...g, ...funnelMetrics(g) }));
 * const { lines: estimated, priors } = smallSampleEstimates(lines, eventRows(events.events));
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
 * `state.noise`) instead of rows.
 */
function estimateWithNoise<T extends FunnelTotals & { readonly influencerId: string }>(
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
    o.ctrLow = orNull(ctr.low[i]!);
    o.ctrHigh = orNull(ctr.high[i]!);
    o.ctrShrunk = orNull(ctr.shrunk[i]!);
    o.atcRateLow = orNull(atcRate.low[i]!);
    o.atcRateHigh = orNull(atcRate.high[i]!);
    o.atcRateShrunk = orNull(atcRate.shrunk[i]!);
    o.purchaseRateLow = orNull(purchaseRate.low[i]!);
    o.purchaseRateHigh = orNull(purchaseRate.high[i]!);
    o.purchaseRateShrunk = orNull(purchaseRate.shrunk[i]!);
    o.overallConversionLow = orNull(overallConversion.low[i]!);
    o.overallConversionHigh = orNull(overallConversion.high[i]!);
    o.overallConversionShrunk = orNull(overallConversion.shrunk[i]!);
    o.rpcShrunk = orNull(money.rpc[i]!);
    o.rpiShrunk = orNull(money.rpi[i]!);
    out[i] = o;
  }
  return { lines: out, priors };
}

/**
 * Per line, as arrays: each rate's Wilson bounds and shrunk estimate, the shrunk money ratios
 * (`NaN` where the field is `null`). @internal
 */
export interface EstimateArrays {
  readonly rates: Record<IntervalRate, { readonly low: Float64Array; readonly high: Float64Array; readonly shrunk: Float64Array }>;
  readonly money: Record<ShrunkMoney, Float64Array>;
  readonly priors: Priors;
}

/**
 * What the estimates read of each line, as columns: the funnel counts, revenue (`NaN`: none; a
 * negative value or infinity is invalid) and the money-noise sums. @internal
 */
export interface EstimateInput {
  readonly impressions: Float64Array;
  readonly clicks: Float64Array;
  readonly addToCart: Float64Array;
  readonly purchases: Float64Array;
  readonly revenue: Float64Array;
  readonly noise: NoiseColumns;
}

/** How {@link estimatesOfColumns} reports bad input: as the public functions would on the lines. */
export interface EstimateErrors {
  /** Throws the error the public functions give for the first bad count. */
  readonly badCounts: () => void;
  /** The `k`-th revenue value present (for the message). */
  readonly revenueValue: (k: number) => unknown;
}

/** The estimates of {@link estimateWithNoise} as arrays, for callers that build their own rows. @internal */
export function estimateArrays(
  lines: readonly (FunnelTotals & { readonly influencerId: string })[],
  noiseOf: (index: number) => MoneyNoise | undefined,
  confidence = 0.95,
): EstimateArrays {
  const n = lines.length;
  const impressions = new Float64Array(n);
  const clicks = new Float64Array(n);
  const addToCart = new Float64Array(n);
  const purchases = new Float64Array(n);
  const revenue = new Float64Array(n);
  const noise = noiseColumns(n);
  let badCounts = false;
  for (let i = 0; i < n; i++) {
    const l = lines[i]!;
    // Trials must be numbers; a success count is read as `Math.min` reads it. Bad counts (only
    // possible in a hand-made aggregate) fail as the public functions fail on them.
    if (typeof l.impressions !== 'number' || typeof l.clicks !== 'number' || typeof l.addToCart !== 'number') badCounts = true;
    impressions[i] = l.impressions;
    clicks[i] = l.clicks;
    addToCart[i] = l.addToCart;
    purchases[i] = +l.purchases;
    const r = l.revenue;
    if (r == null) {
      revenue[i] = NaN;
      continue;
    }
    // Anything but a finite number >= 0 is kept as -1: invalid, reported with its own value.
    if (!(typeof r === 'number' && r >= 0 && r < Infinity)) {
      revenue[i] = -1;
      continue;
    }
    revenue[i] = r;
    const sums = noiseOf(i);
    putNoise(noise.rpc, i, sums?.rpc);
    putNoise(noise.rpi, i, sums?.rpi);
  }
  const errors = errorsOn(() => lines);
  if (badCounts) errors.badCounts();
  return estimatesOfColumns({ impressions, clicks, addToCart, purchases, revenue, noise }, confidence, errors);
}

/**
 * The estimates of lines given as columns: Wilson bounds and shrunk rates, shrunk money ratios,
 * with the priors fitted on all the lines. @internal
 */
export function estimatesOfColumns(input: EstimateInput, confidence: number, errors: EstimateErrors): EstimateArrays {
  const { impressions, clicks, addToCart, purchases, noise } = input;
  const n = impressions.length;
  // One pass over the lines: each rate's successes (capped at the trials), and the money totals of
  // the lines with revenue.
  const ctrSuccesses = new Float64Array(n);
  const atcSuccesses = new Float64Array(n);
  const purchaseSuccesses = new Float64Array(n);
  const conversionSuccesses = new Float64Array(n);
  // Money over exposure for the lines with revenue; the others get no exposure (so no estimate).
  const revenue = new Float64Array(n);
  const rpcExposure = new Float64Array(n);
  const rpiExposure = new Float64Array(n);
  let valid = true;
  let withRevenue = 0;
  let badRevenue = -1;
  // Second moment of order values, from each influencer's revenue per purchase: E[v²] ≈ Σ revenue²/purchases / Σ purchases.
  let purchaseTotal = 0;
  const orderSquares = new ExactSum();
  // Within-influencer money noise: Σ_j c_j (r_j − r)² = Σ_j v_j²/c_j − (Σ_j v_j)²/Σ_j c_j per line, from exactly rounded sums.
  const rpcSquares = new ExactSum();
  const rpiSquares = new ExactSum();
  let rpcDf = 0;
  let rpiDf = 0;
  for (let i = 0; i < n; i++) {
    const imp = impressions[i]!;
    const clk = clicks[i]!;
    const atc = addToCart[i]!;
    const pur = purchases[i]!;
    const c0 = Math.min(clk, imp);
    const c1 = Math.min(atc, clk);
    const c2 = Math.min(pur, atc);
    const c3 = Math.min(pur, imp);
    if (!(c0 >= 0 && c1 >= 0 && c2 >= 0 && c3 >= 0 && imp < Infinity && clk < Infinity && atc < Infinity)) valid = false;
    ctrSuccesses[i] = c0;
    atcSuccesses[i] = c1;
    purchaseSuccesses[i] = c2;
    conversionSuccesses[i] = c3;
    const r = input.revenue[i]!;
    if (r !== r) continue;
    if (!(r >= 0 && r < Infinity)) {
      if (badRevenue < 0) badRevenue = withRevenue;
      withRevenue++;
      continue;
    }
    withRevenue++;
    revenue[i] = r;
    rpcExposure[i] = clk;
    rpiExposure[i] = imp;
    purchaseTotal += pur;
    orderSquares.add(pur > 0 ? r ** 2 / pur : 0);
    rpcDf += addSpread(noise.rpc, i, rpcSquares);
    rpiDf += addSpread(noise.rpi, i, rpiSquares);
  }
  if (!valid) errors.badCounts();
  if (n > 0) checkConfidence(confidence);
  const z = wilsonZ(confidence);
  const priors: Record<string, unknown> = { confidence };
  const rates = {} as Record<IntervalRate, { low: Float64Array; high: Float64Array; shrunk: Float64Array }>;
  const rateCounts: [IntervalRate, Float64Array, Float64Array][] = [
    ['ctr', ctrSuccesses, impressions],
    ['atcRate', atcSuccesses, clicks],
    ['purchaseRate', purchaseSuccesses, addToCart],
    ['overallConversion', conversionSuccesses, impressions],
  ];
  for (const [name, successes, trials] of rateCounts) {
    const { prior, low, high, shrunk } = rateEstimatesOf(successes, trials, z);
    priors[name] = prior;
    rates[name] = { low, high, shrunk };
  }

  if (badRevenue >= 0) {
    const value = errors.revenueValue(badRevenue);
    throw new InvalidInputError(`shrinkRatios requires \`value.${badRevenue}\` to be a finite number >= 0, got ${String(value)}.`, { field: `value.${badRevenue}`, value });
  }
  const orderValueSquare = purchaseTotal > 0 ? orderSquares.value() / purchaseTotal : 0;
  const money = {} as Record<ShrunkMoney, Float64Array>;
  const moneyNoise: [ShrunkMoney, Float64Array, ExactSum, number][] = [
    ['rpc', rpcExposure, rpcSquares, rpcDf],
    ['rpi', rpiExposure, rpiSquares, rpiDf],
  ];
  for (const [name, exposure, squares, df] of moneyNoise) {
    const totals = ratioTotalsOf(revenue, exposure);
    let shrunk: ReturnType<typeof shrunkRatiosOf>;
    if (df > 0) {
      shrunk = shrunkRatiosOf(revenue, exposure, checkNonNegative(squares.value() / df, 'withinVariance'), 'periods', undefined, totals);
    } else if (purchaseTotal > 0 && totals.exposure > 0) {
      // No influencer has two rows: compound-Poisson noise, σ² = (orders per unit of exposure) · E[v²].
      const withinVariance = checkNonNegative((purchaseTotal / totals.exposure) * orderValueSquare, 'withinVariance');
      shrunk = shrunkRatiosOf(revenue, exposure, withinVariance, 'given', undefined, totals);
    } else {
      shrunk = shrunkRatiosOf(revenue, exposure, null, 'none', undefined, totals);
    }
    priors[name] = shrunk.prior;
    money[name] = shrunk.values;
  }
  return { rates, money, priors: priors as Priors };
}

/**
 * Adds line `i`'s spread of one money ratio around its own, Σ v²/c − (Σ v)²/C (at least 0), to
 * `squares`; returns its degrees of freedom (rows − 1; 0 when it has no spread to show).
 */
function addSpread(column: NoiseColumn, i: number, squares: ExactSum): number {
  const rows = column.rows[i]!;
  const exposure = column.exposure[i]!;
  if (rows < 2 || !(exposure > 0)) return 0;
  const total = column.values[i]!;
  squares.add(Math.max(0, column.squares[i]! - (total * total) / exposure));
  return rows - 1;
}


/** {@link EstimateErrors} reported on `lines` (read only when an error is reported). @internal */
export function errorsOn(lines: () => readonly FunnelTotals[]): EstimateErrors {
  return {
    badCounts: () => throwBadCounts(lines()),
    revenueValue: (k) => lines().filter((l) => l.revenue != null)[k]!.revenue,
  };
}

/** Throws the error the public rate functions give for the first bad count of the lines. */
function throwBadCounts(lines: readonly FunnelTotals[]): void {
  for (const name of Object.keys(RATE_COUNTS) as IntervalRate[]) {
    const { successes, trials } = RATE_COUNTS[name];
    fitBetaPrior(lines.map((l) => ({ successes: Math.min(l[successes], l[trials]), trials: l[trials] })));
  }
}
