/**
 * The prior of revenue per purchase (order value): a Bühlmann–Straub credibility prior over the
 * influencers' orders, with the within-influencer spread of single order values derived from the
 * within-influencer noise of revenue per click that the report's `priors.rpc` carries.
 * @module
 */
import { InvalidInputError } from '../contract/errors.js';
import { ratioTotalsOf, shrunkRatiosOf, type RatioPrior } from '../metrics/intervals.js';

/** The order-value prior: a credibility prior on revenue per purchase. */
export interface OrderValuePrior extends RatioPrior {
  /** `E[v²]`, the mean square of one order's value, `null` when unknown. */
  readonly orderValueSquare: number | null;
}

/**
 * Fits the order-value prior. Under the compound-Poisson model of revenue (a Poisson number of
 * orders per click, rate `q`, each with a value `v`), revenue per click has within-influencer
 * variance `σ²_rpc = q · E[v²]` per click. So `E[v²] = σ²_rpc / q̄` with `q̄` the purchases per
 * click of the influencers with revenue, and the variance of one order's value is
 * `σ²_v = max(0, E[v²] − M²)` with `M` the pooled revenue per purchase: the purchase-count part of
 * the noise is already in the stage rates. `σ²_v` is then the within variance of a
 * Bühlmann–Straub prior over revenue per purchase (`shrinkRatios` with exposure = purchases).
 * Without `σ²_rpc` (no revenue, no purchases) the prior has no strength and no spread. @internal
 */
export function orderValuePrior(
  revenue: Float64Array,
  clicks: Float64Array,
  purchases: Float64Array,
  rpc: { readonly withinVariance: number | null; readonly method?: RatioPrior['method'] },
): OrderValuePrior {
  const n = revenue.length;
  const values = new Float64Array(n);
  const exposure = new Float64Array(n);
  let purchaseTotal = 0;
  let clickTotal = 0;
  for (let i = 0; i < n; i++) {
    const r = revenue[i]!;
    if (r !== r) continue;
    values[i] = r;
    exposure[i] = purchases[i]!;
    purchaseTotal += purchases[i]!;
    clickTotal += clicks[i]!;
  }
  const totals = ratioTotalsOf(values, exposure);
  const mean = totals.exposure > 0 ? totals.value / totals.exposure : 0;
  const within = rpc.withinVariance;
  if (within !== null && !(typeof within === 'number' && within >= 0 && within < Infinity)) {
    throw new InvalidInputError(`The priors' \`rpc.withinVariance\` must be a finite number >= 0 or null, got ${String(within)}.`, { field: 'priors.rpc.withinVariance' });
  }
  const q = clickTotal > 0 ? purchaseTotal / clickTotal : 0;
  const orderValueSquare = within !== null && q > 0 ? within / q : null;
  const spread = orderValueSquare === null ? null : Math.max(0, orderValueSquare - mean * mean);
  const method: RatioPrior['method'] = spread === null ? 'none' : (rpc.method ?? 'given');
  const { prior } = shrunkRatiosOf(values, exposure, spread, method === 'none' ? 'none' : method, undefined, totals);
  return { ...prior, orderValueSquare };
}

/**
 * Each influencer's posterior of its mean order value under the prior, as a gamma with the
 * credibility posterior's mean `(revenue + K·M) / (purchases + K)` and variance
 * `σ²_v / (purchases + K)` (the normal–normal posterior variance when `K = σ²_v/τ²`), written as
 * `mean` and `shape = mean² / variance` (`Infinity`: no spread, the draw is the mean). Influencers
 * without revenue get the prior's mean. @internal
 */
export function orderValuePosterior(
  revenue: Float64Array,
  purchases: Float64Array,
  prior: OrderValuePrior,
): { mean: Float64Array; shape: Float64Array } {
  const n = revenue.length;
  const mean = new Float64Array(n);
  const shape = new Float64Array(n);
  const { strength: k, mean: m } = prior;
  const within = prior.withinVariance ?? 0;
  const between = prior.betweenVariance ?? 0;
  for (let i = 0; i < n; i++) {
    const r = revenue[i]!;
    const p = r === r ? purchases[i]! : 0;
    const weight = p + k;
    const mu = weight > 0 ? ((r === r ? r : 0) + k * m) / weight : m;
    const variance = weight > 0 ? within / weight : between;
    mean[i] = mu;
    shape[i] = variance > 0 && mu > 0 ? (mu * mu) / variance : Infinity;
  }
  return { mean, shape };
}
