/**
 * Each influencer's posterior funnel: Beta posteriors of the three stage rates from the fitted beta
 * priors, a gamma posterior of its mean order value from the order-value prior, and the masks that
 * say which metrics exist (a metric whose point value is null is missing in every draw too).
 * @module
 */
import { InvalidInputError } from '../contract/errors.js';
import { presets } from '../scoring/presets.js';
import type { ScoringScheme, ScoringSchemeInput } from '../scoring/scoring.js';
import { checkedTotals, columnsOfSource, type FunnelColumns, type SourceScheme, type Totals, type UncertaintyPriors, type UncertaintySource } from './columns.js';
import { orderValuePosterior, orderValuePrior, type OrderValuePrior } from './order-value.js';

/** Per-influencer posterior parameters, as columns. @internal */
export interface FunnelPosterior {
  readonly totals: Totals;
  readonly n: number;
  /** `Beta(ctrA, ctrB)`, and so on for the other stages. */
  readonly ctrA: Float64Array;
  readonly ctrB: Float64Array;
  readonly atcA: Float64Array;
  readonly atcB: Float64Array;
  readonly purchaseA: Float64Array;
  readonly purchaseB: Float64Array;
  /** Mean order value: a gamma with this mean and shape (`Infinity`: the mean itself). */
  readonly orderValueMean: Float64Array;
  readonly orderValueShape: Float64Array;
  readonly orderValuePrior: OrderValuePrior;
  /** The scheme the source says it was scored with (see {@link SourceScheme}), if any. */
  readonly scheme?: ScoringScheme | ScoringSchemeInput;
}

/** Jeffreys' prior, used for a stage whose fitted prior has no strength. */
const JEFFREYS = 0.5;

/** A beta prior's `alpha` and `beta`, checked. */
function betaPrior(priors: UncertaintyPriors, name: 'ctr' | 'atcRate' | 'purchaseRate'): { alpha: number; beta: number } {
  const p = (priors as unknown as Record<string, { alpha?: unknown; beta?: unknown } | undefined>)[name];
  const alpha = p?.alpha;
  const beta = p?.beta;
  if (!(typeof alpha === 'number' && alpha >= 0 && alpha < Infinity && typeof beta === 'number' && beta >= 0 && beta < Infinity)) {
    throw new InvalidInputError(`The priors need \`${name}\` with finite \`alpha\` and \`beta\` >= 0 (the priors of an analyze report or of smallSampleEstimates).`, {
      field: `priors.${name}`,
    });
  }
  return alpha + beta > 0 ? { alpha, beta } : { alpha: JEFFREYS, beta: JEFFREYS };
}

/**
 * `Beta(s + α, n − s + β)` for each influencer, with the successes capped at the trials (a
 * funnel anomaly counts as the earlier step's count, as in the shrunk estimates); with no trials,
 * the prior itself.
 */
function stage(successes: Float64Array, trials: Float64Array, prior: { alpha: number; beta: number }): [Float64Array, Float64Array] {
  const n = trials.length;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = trials[i]!;
    const s = Math.min(successes[i]!, t);
    a[i] = s + prior.alpha;
    b[i] = t - s + prior.beta;
  }
  return [a, b];
}

/** The posterior of checked totals under the priors. @internal */
export function posteriorOfTotals(totals: Totals, priors: UncertaintyPriors, orderPrior?: OrderValuePrior): FunnelPosterior {
  if (priors === null || typeof priors !== 'object') throw new InvalidInputError('The uncertainty functions need the priors (an analyze report\'s `priors`).');
  const ctr = betaPrior(priors, 'ctr');
  const atc = betaPrior(priors, 'atcRate');
  const purchase = betaPrior(priors, 'purchaseRate');
  const rpc = (priors as { rpc?: UncertaintyPriors['rpc'] }).rpc;
  if (rpc === null || typeof rpc !== 'object') throw new InvalidInputError('The priors need `rpc` with its `withinVariance` (the priors of an analyze report).', { field: 'priors.rpc' });
  const { impressions, clicks, addToCart, purchases, revenue } = totals;
  const [ctrA, ctrB] = stage(clicks, impressions, ctr);
  const [atcA, atcB] = stage(addToCart, clicks, atc);
  const [purchaseA, purchaseB] = stage(purchases, addToCart, purchase);
  const prior = orderPrior ?? orderValuePrior(revenue, clicks, purchases, rpc);
  const orderValue = orderValuePosterior(revenue, purchases, prior);
  return {
    totals,
    n: totals.ids.length,
    ctrA,
    ctrB,
    atcA,
    atcB,
    purchaseA,
    purchaseB,
    orderValueMean: orderValue.mean,
    orderValueShape: orderValue.shape,
    orderValuePrior: prior,
  };
}

/** The scheme a source names: its `scoring`, else its preset's. */
function schemeOfSource(source: SourceScheme): ScoringScheme | ScoringSchemeInput | undefined {
  if (source.scoring != null) return source.scoring;
  const preset = source.preset;
  return typeof preset === 'string' && Object.prototype.hasOwnProperty.call(presets, preset) ? presets[preset as keyof typeof presets].scoring : undefined;
}

/** The posterior of a source (lines or columns with priors), with the scheme it names. @internal */
export function posteriorOf(source: UncertaintySource, fn: string): FunnelPosterior {
  const columns: FunnelColumns = columnsOfSource(source, fn);
  const posterior = posteriorOfTotals(checkedTotals(columns, fn), (source as { priors: UncertaintyPriors }).priors);
  const scheme = schemeOfSource(source);
  return scheme === undefined ? posterior : { ...posterior, scheme };
}
