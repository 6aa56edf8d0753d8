/**
 * Small-sample statistics for funnel rates and money ratios: Wilson score intervals, and
 * empirical-Bayes shrinkage toward the population with the prior fitted from the data
 * (beta-binomial method of moments for rates, Bühlmann–Straub credibility for money per click or
 * per impression). The formulas are written out in docs/scoring.md.
 * @module
 */
import { InvalidInputError, InvalidOptionsError } from '../contract/errors.js';
import { exactSum, ExactSum } from '../base/exact-sum.js';

/** The rates that get a Wilson interval and a shrunk estimate, with their counts. */
export const RATE_COUNTS = Object.freeze({
  ctr: Object.freeze({ successes: 'clicks', trials: 'impressions' }),
  atcRate: Object.freeze({ successes: 'addToCart', trials: 'clicks' }),
  purchaseRate: Object.freeze({ successes: 'purchases', trials: 'addToCart' }),
  overallConversion: Object.freeze({ successes: 'purchases', trials: 'impressions' }),
} as const);

/** The money ratios that get a shrunk estimate, with their exposure. */
export const MONEY_EXPOSURES = Object.freeze({ rpc: 'clicks', rpi: 'impressions' } as const);

/** Names of the interval-carrying rates. */
export type IntervalRate = keyof typeof RATE_COUNTS;
/** Names of the shrunk money ratios. */
export type ShrunkMoney = keyof typeof MONEY_EXPOSURES;

/** A Wilson score interval around an observed proportion. */
export interface WilsonInterval {
  /** The observed proportion `successes / trials`. */
  readonly estimate: number;
  /** Lower bound, in [0, 1]. */
  readonly low: number;
  /** Upper bound, in [0, 1]. */
  readonly high: number;
  /** The confidence level the bounds were computed for. */
  readonly confidence: number;
}

/** Options of {@link wilson}. */
export interface WilsonOptions {
  /** Two-sided confidence level, strictly between 0 and 1 (default 0.95). */
  readonly confidence?: number;
}

/** A confidence level strictly between 0 and 1, else an `InvalidOptionsError`. @internal */
export function checkConfidence(confidence: unknown): number {
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new InvalidOptionsError(`\`confidence\` must be a number strictly between 0 and 1, got ${String(confidence)}.`, [
      { path: 'confidence', message: 'expected a number in (0, 1)' },
    ]);
  }
  return confidence;
}

function checkCount(value: unknown, what: string, fn: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidInputError(`${fn} requires \`${what}\` to be a finite number >= 0, got ${String(value)}.`, { field: what, value });
  }
  return value;
}

function checkPair(successes: unknown, trials: unknown, fn: string, at = ''): void {
  const s = checkCount(successes, `successes${at}`, fn);
  const n = checkCount(trials, `trials${at}`, fn);
  if (s > n) {
    throw new InvalidInputError(`${fn} requires successes <= trials, got ${s} successes in ${n} trials${at ? ` at ${at.slice(1)}` : ''}.`, {
      successes: s,
      trials: n,
    });
  }
}

/**
 * Quantile function of the standard normal distribution (Wichura's AS 241, about 1e-16 relative
 * accuracy). `p` must be in (0, 1).
 * @internal
 */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

/**
 * Wilson score interval of a proportion: the set of true rates `p` that a two-sided z-test at the
 * given confidence would not reject. Unlike the normal ("Wald") interval it stays inside [0, 1]
 * and is honest for small samples and rates near 0 or 1. `null` when `trials` is 0.
 *
 * `low, high = (p̂ + z²/2n ∓ z·sqrt(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)` with `z` the normal
 * quantile at `(1 + confidence) / 2`.
 *
 * @example
 * ```ts
 * wilson(3, 10); // { estimate: 0.3, low: 0.1078, high: 0.6032, confidence: 0.95 }
 * wilson(0, 10, { confidence: 0.9 }).low; // 0
 * wilson(0, 0); // null
 * ```
 */
export function wilson(successes: number, trials: number, options: WilsonOptions = {}): WilsonInterval | null {
  const confidence = checkConfidence(options?.confidence ?? 0.95);
  checkPair(successes, trials, 'wilson');
  if (trials === 0) return null;
  wilsonInto(successes, trials, wilsonZ(confidence), WILSON_LOW, WILSON_HIGH, 0);
  return { estimate: successes / trials, low: WILSON_LOW[0]!, high: WILSON_HIGH[0]!, confidence };
}

const WILSON_LOW = new Float64Array(1);
const WILSON_HIGH = new Float64Array(1);

/** The normal quantile `z` of a two-sided confidence level, as {@link wilson} uses it. @internal */
export function wilsonZ(confidence: number): number {
  return normalQuantile((1 + confidence) / 2);
}

/**
 * The Wilson bounds of `successes` out of `trials > 0` (`successes <= trials`, both checked by the
 * caller) for the quantile `z` of {@link wilsonZ}, stored at `at` in `low` and `high`. @internal
 */
export function wilsonInto(successes: number, trials: number, z: number, low: Float64Array, high: Float64Array, at: number): void {
  const z2 = z * z;
  const p = successes / trials;
  const denominator = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  low[at] = successes === 0 ? 0 : Math.min(p, Math.max(0, center - half));
  high[at] = successes === trials ? 1 : Math.max(p, Math.min(1, center + half));
}

/** Successes out of trials, for {@link shrinkRates}. */
export interface RateCount {
  readonly successes: number;
  readonly trials: number;
}

/**
 * A beta prior fitted to a population of rates. `alpha + beta` is its `strength`: the number of
 * pseudo-trials at the population rate that each estimate is pulled toward.
 */
export interface BetaPrior {
  /** Population rate: total successes / total trials. */
  readonly mean: number;
  readonly alpha: number;
  readonly beta: number;
  /** `alpha + beta`, in pseudo-trials (0: no shrinkage). */
  readonly strength: number;
  /** Estimated intra-class correlation `1 / (alpha + beta + 1)`: how much true rates vary between groups; `null` when it could not be estimated. */
  readonly overdispersion: number | null;
  /** Groups with at least one trial that the prior was fitted on. */
  readonly groups: number;
  /** Their total trials. */
  readonly trials: number;
}

/** Options of {@link shrinkRates}. */
export interface ShrinkRatesOptions {
  /** A prior to use instead of fitting one (for example the prior of a reference period). */
  readonly prior?: Pick<BetaPrior, 'alpha' | 'beta'>;
}

/** The result of {@link shrinkRates}: the prior and one shrunk rate per input, in input order. */
export interface ShrunkRates {
  readonly prior: BetaPrior;
  /** Posterior mean `(successes + alpha) / (trials + alpha + beta)`; `null` when `trials` is 0. */
  readonly values: (number | null)[];
}

function checkArray(value: unknown, fn: string, what: string): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw new InvalidInputError(`${fn} requires an array of ${what}.`);
}

/**
 * Fits a beta prior to observed rates by the method of moments of the beta-binomial model
 * (Kleinman's trials-weighted estimator). The mean is the pooled rate; the strength `alpha + beta`
 * comes from how much more the observed rates vary than binomial noise alone explains. It is
 * capped at the population's total trials (the prior never weighs more than all the data), is 0
 * (no shrinkage) when fewer than two groups have trials or the rates vary more than any beta prior
 * allows, and is the cap when the rates vary no more than binomial noise.
 *
 * @example
 * ```ts
 * const prior = fitBetaPrior([{ successes: 30, trials: 1000 }, { successes: 5, trials: 400 }, { successes: 90, trials: 2000 }]);
 * prior.mean; // 0.0368 (125 / 3400)
 * prior.strength; // pseudo-trials each rate is pulled toward prior.mean with
 * ```
 */
export function fitBetaPrior(counts: readonly RateCount[]): BetaPrior {
  const { successes, trials } = countArrays(counts, 'fitBetaPrior');
  return betaPriorOf(successes, trials);
}

/** Checked counts as arrays. */
function countArrays(counts: readonly RateCount[], fn: string): { successes: Float64Array; trials: Float64Array } {
  checkArray(counts, fn, '{ successes, trials } counts');
  const n = counts.length;
  const successes = new Float64Array(n);
  const trials = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = counts[i];
    checkPair(c?.successes, c?.trials, fn, `.${i}`);
    successes[i] = c!.successes;
    trials[i] = c!.trials;
  }
  return { successes, trials };
}

/** {@link fitBetaPrior} on counts as arrays (not checked: finite, >= 0, successes <= trials). @internal */
export function betaPriorOf(successes: Float64Array, trials: Float64Array): BetaPrior {
  const n = trials.length;
  let k = 0;
  let total = 0;
  let successTotal = -0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const t = trials[i]!;
    if (!(t > 0)) continue;
    const s = successes[i]!;
    k++;
    total += t;
    successTotal += s;
    if (t % 1 !== 0 || s % 1 !== 0) integral = false;
  }
  return betaPriorOfSums(successes, trials, k, ...countTotals(successes, trials, k, total, successTotal, integral), integral);
}

/** Below this, sums of whole numbers are exact in doubles. */
const EXACT_INTEGERS = 2 ** 53;

/**
 * The exact totals of the trials and successes of the `k` counts with trials, from their sums as
 * they came (`successTotal` started at -0) and whether the counts are whole numbers: whole counts
 * below 2^53 in total sum exactly (every partial sum is exact, so it is the exactly rounded sum);
 * other counts are summed again exactly.
 */
function countTotals(successes: Float64Array, trials: Float64Array, k: number, total: number, successTotal: number, integral: boolean): [number, number] {
  if (integral && total < EXACT_INTEGERS) return k > 0 ? [total, successTotal] : [0, 0];
  const n = trials.length;
  const trialSum = new ExactSum();
  const successSum = new ExactSum();
  for (let i = 0; i < n; i++) {
    const t = trials[i]!;
    if (!(t > 0)) continue;
    trialSum.add(t);
    successSum.add(successes[i]!);
  }
  return [trialSum.value(), successSum.value()];
}

/**
 * {@link betaPriorOf} given the number of groups with trials, the exact totals of their trials and
 * successes, and whether the counts are whole numbers.
 */
function betaPriorOfSums(successes: Float64Array, trials: Float64Array, k: number, total: number, successTotal: number, integral: boolean): BetaPrior {
  const mean = total > 0 ? successTotal / total : 0;
  const make = (strength: number, overdispersion: number | null): BetaPrior => ({
    mean,
    alpha: mean * strength,
    beta: (1 - mean) * strength,
    strength,
    overdispersion,
    groups: k,
    trials: total,
  });
  if (k < 2 || mean <= 0 || mean >= 1) return make(0, null);
  const spreadSum = new ExactSum();
  let squares = 0;
  const n = trials.length;
  for (let i = 0; i < n; i++) {
    const t = trials[i]!;
    if (!(t > 0)) continue;
    const d = successes[i]! / t - mean;
    spreadSum.add(t * (d * d));
    squares += t * t;
  }
  if (!(integral && squares < EXACT_INTEGERS)) squares = exactSquares(trials);
  const spread = spreadSum.value();
  const denominator = total - squares / total - (k - 1);
  if (!(denominator > 0)) return make(0, null);
  const rho = (spread / (mean * (1 - mean)) - (k - 1)) / denominator;
  if (rho >= 1) return make(0, 1);
  if (rho <= 0) return make(total, 0);
  return make(Math.min(1 / rho - 1, total), rho);
}

/** The exact sum of the squares of the positive values. */
function exactSquares(values: Float64Array): number {
  const sum = new ExactSum();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > 0) sum.add(v * v);
  }
  return sum.value();
}

/**
 * One rate's small-sample estimates of counts as arrays (not checked: finite, >= 0, successes <=
 * trials): the fitted prior ({@link fitBetaPrior}), the Wilson bounds ({@link wilson}, with the
 * quantile of {@link wilsonZ}) and the shrunk rates ({@link shrinkRates}), `NaN` where `trials`
 * is 0. @internal
 */
export function rateEstimatesOf(
  successes: Float64Array,
  trials: Float64Array,
  z: number,
): { prior: BetaPrior; low: Float64Array; high: Float64Array; shrunk: Float64Array } {
  const n = trials.length;
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = trials[i]!;
    if (t > 0) wilsonInto(successes[i]!, t, z, low, high, i);
    else {
      low[i] = NaN;
      high[i] = NaN;
    }
  }
  const prior = betaPriorOf(successes, trials);
  return { prior, low, high, shrunk: shrunkRatesOf(successes, trials, prior) };
}

/** The posterior means of {@link shrinkRates} under `prior`, as an array (`NaN` where `trials` is 0). @internal */
export function shrunkRatesOf(successes: Float64Array, trials: Float64Array, prior: Pick<BetaPrior, 'alpha' | 'strength'>): Float64Array {
  const n = trials.length;
  const values = new Float64Array(n);
  const { alpha, strength } = prior;
  for (let i = 0; i < n; i++) {
    const t = trials[i]!;
    values[i] = t > 0 ? (successes[i]! + alpha) / (t + strength) : NaN;
  }
  return values;
}

/** An array with `NaN` read as `null`. @internal */
export function nullable(values: Float64Array): (number | null)[] {
  const n = values.length;
  const out: (number | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    out[i] = v === v ? v : null;
  }
  return out;
}

/**
 * Empirical-Bayes shrinkage of rates toward their population: each rate becomes the posterior
 * mean `(successes + alpha) / (trials + alpha + beta)` under a beta prior fitted to all of them
 * ({@link fitBetaPrior}), so three lucky clicks weigh like three clicks, not like thirty thousand.
 * Large samples barely move; small ones move most of the way to the population rate.
 *
 * @example
 * ```ts
 * const { prior, values } = shrinkRates([
 *   { successes: 1, trials: 1 },       // 100% on one trial
 *   { successes: 250, trials: 1000 },
 *   { successes: 180, trials: 900 },
 * ]);
 * values[0]; // close to prior.mean, far below 1
 * ```
 */
export function shrinkRates(counts: readonly RateCount[], options: ShrinkRatesOptions = {}): ShrunkRates {
  checkArray(counts, 'shrinkRates', '{ successes, trials } counts');
  const { successes, trials } = countArrays(counts, 'fitBetaPrior');
  let prior = betaPriorOf(successes, trials);
  if (options?.prior !== undefined) {
    const { alpha, beta } = options.prior ?? ({} as never);
    if (!(typeof alpha === 'number' && Number.isFinite(alpha) && alpha >= 0 && typeof beta === 'number' && Number.isFinite(beta) && beta >= 0)) {
      throw new InvalidOptionsError('`prior` requires finite `alpha` and `beta` >= 0.', [{ path: 'prior', message: 'expected { alpha, beta } >= 0' }]);
    }
    const strength = alpha + beta;
    prior = { ...prior, alpha, beta, strength, mean: strength > 0 ? alpha / strength : prior.mean, overdispersion: strength > 0 ? 1 / (strength + 1) : null };
  }
  return { prior, values: nullable(shrunkRatesOf(successes, trials, prior)) };
}

/** A money total over an exposure (revenue over clicks, revenue over impressions...). */
export interface RatioObservation {
  readonly value: number;
  readonly exposure: number;
}

/** One group of {@link shrinkRatios}: its totals, and optionally the periods (days, rows) they sum. */
export interface RatioGroup extends RatioObservation {
  /** Sub-totals (one per day or input row) used to estimate how noisy the ratio is within a group. */
  readonly periods?: readonly RatioObservation[];
}

/** A credibility prior fitted to money ratios. */
export interface RatioPrior {
  /** Population ratio: total value / total exposure. */
  readonly mean: number;
  /** Pseudo-exposure (clicks, impressions) at the population ratio that each ratio is pulled toward (0: no shrinkage). */
  readonly strength: number;
  /** Variance of the value per unit of exposure within a group (`σ²`), `null` when unknown. */
  readonly withinVariance: number | null;
  /** Variance of the true ratios between groups (`τ²`, floored at 0), `null` when it could not be estimated. */
  readonly betweenVariance: number | null;
  /** How `withinVariance` was obtained: from periods, given, or not available (then no shrinkage). */
  readonly method: 'periods' | 'given' | 'none';
  readonly groups: number;
  readonly exposure: number;
}

/** Options of {@link shrinkRatios}. */
export interface ShrinkRatiosOptions {
  /** Within-group variance per unit of exposure, when the groups carry no periods. */
  readonly withinVariance?: number;
  /** A strength (pseudo-exposure) to use instead of fitting one. */
  readonly strength?: number;
}

/** The result of {@link shrinkRatios}. */
export interface ShrunkRatios {
  readonly prior: RatioPrior;
  /** `(value + strength * mean) / (exposure + strength)`; `null` when `exposure` is 0. */
  readonly values: (number | null)[];
}

function checkObservation(o: unknown, fn: string, at: string): void {
  const obs = o as RatioObservation | null | undefined;
  checkCount(obs?.value, `value${at}`, fn);
  checkCount(obs?.exposure, `exposure${at}`, fn);
}

/** A finite number >= 0 for the option at `path`, else an `InvalidOptionsError`. @internal */
export function checkNonNegative(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidOptionsError(`\`${path}\` must be a finite number >= 0, got ${String(value)}.`, [{ path, message: 'expected a finite number >= 0' }]);
  }
  return value;
}

/**
 * Credibility (Bühlmann–Straub) shrinkage of money ratios such as revenue per click toward the
 * population ratio: `(value + k·R) / (exposure + k)` with `R` the pooled ratio and `k = σ²/τ²` the
 * within-group noise per unit of exposure over the between-group variance of true ratios. `σ²` is
 * estimated from the groups' periods (days or rows) or given; `τ²` by the method of moments. The
 * strength `k` is capped at the total exposure; it is 0 (no shrinkage) when `σ²` is unknown or
 * fewer than two groups have exposure.
 *
 * @example
 * ```ts
 * const { prior, values } = shrinkRatios([
 *   { value: 2499, exposure: 3, periods: [{ value: 0, exposure: 1 }, { value: 2499, exposure: 1 }, { value: 0, exposure: 1 }] },
 *   { value: 3000, exposure: 1200, periods: [{ value: 1400, exposure: 600 }, { value: 1600, exposure: 600 }] },
 *   { value: 1800, exposure: 900, periods: [{ value: 700, exposure: 400 }, { value: 1100, exposure: 500 }] },
 * ]);
 * prior.strength; // pseudo-clicks
 * values[0]; // far below 833 per click
 * ```
 */
export function shrinkRatios(groups: readonly RatioGroup[], options: ShrinkRatiosOptions = {}): ShrunkRatios {
  checkArray(groups, 'shrinkRatios', '{ value, exposure } groups');
  groups.forEach((g, i) => {
    checkObservation(g, 'shrinkRatios', `.${i}`);
    if (g.periods !== undefined) {
      checkArray(g.periods, 'shrinkRatios', `periods at ${i}`);
      g.periods.forEach((p, j) => checkObservation(p, 'shrinkRatios', `.${i}.periods.${j}`));
    }
  });
  const given = options?.withinVariance !== undefined ? checkNonNegative(options.withinVariance, 'withinVariance') : undefined;
  const fixed = options?.strength !== undefined ? checkNonNegative(options.strength, 'strength') : undefined;

  let withinVariance: number | null = given ?? null;
  let method: RatioPrior['method'] = given !== undefined ? 'given' : 'none';
  if (given === undefined) {
    const squares: number[] = [];
    let df = 0;
    for (const g of groups) {
      if (!(g.exposure > 0)) continue;
      const periods = (g.periods ?? []).filter((p) => p.exposure > 0);
      if (periods.length < 2) continue;
      const periodExposure = exactSum(periods.map((p) => p.exposure));
      const ratio = exactSum(periods.map((p) => p.value)) / periodExposure;
      for (const p of periods) squares.push(p.exposure * (p.value / p.exposure - ratio) ** 2);
      df += periods.length - 1;
    }
    if (df > 0) {
      withinVariance = exactSum(squares) / df;
      method = 'periods';
    }
  }
  const n = groups.length;
  const values = new Float64Array(n);
  const exposures = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = groups[i]!.value;
    exposures[i] = groups[i]!.exposure;
  }
  const shrunk = shrunkRatiosOf(values, exposures, withinVariance, method, fixed);
  return { prior: shrunk.prior, values: nullable(shrunk.values) };
}

/** The groups with exposure, and the exact totals of their exposure and value. @internal */
export interface RatioTotals {
  readonly groups: number;
  readonly exposure: number;
  readonly value: number;
  /** Whether the exposures are whole numbers. */
  readonly integral: boolean;
}

/** The {@link RatioTotals} of totals as arrays. @internal */
export function ratioTotalsOf(values: Float64Array, exposures: Float64Array): RatioTotals {
  const n = exposures.length;
  const valueSum = new ExactSum();
  let groups = 0;
  let exposure = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const e = exposures[i]!;
    if (!(e > 0)) continue;
    groups++;
    exposure += e;
    if (e % 1 !== 0) integral = false;
    valueSum.add(values[i]!);
  }
  // Whole exposures below 2^53 in total sum exactly as they come.
  if (!(integral && exposure < EXACT_INTEGERS)) {
    const exposureSum = new ExactSum();
    for (let i = 0; i < n; i++) if (exposures[i]! > 0) exposureSum.add(exposures[i]!);
    exposure = exposureSum.value();
  }
  return { groups, exposure, value: valueSum.value(), integral };
}

/**
 * {@link shrinkRatios} on totals as arrays (not checked: finite, >= 0) with the within-group
 * variance already known (`null`: unknown) and how it was obtained; `fixed` replaces the fitted
 * strength; `totals` when already summed. Values are `NaN` where the exposure is 0. @internal
 */
export function shrunkRatiosOf(
  values: Float64Array,
  exposures: Float64Array,
  withinVariance: number | null,
  method: RatioPrior['method'],
  fixed?: number,
  totals: RatioTotals = ratioTotalsOf(values, exposures),
): { prior: RatioPrior; values: Float64Array } {
  const n = exposures.length;
  const { groups: k, exposure, value } = totals;
  const mean = exposure > 0 ? value / exposure : 0;

  let betweenVariance: number | null = null;
  let strength = 0;
  if (withinVariance !== null && k >= 2) {
    const spreadSum = new ExactSum();
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const e = exposures[i]!;
      if (!(e > 0)) continue;
      const d = values[i]! / e - mean;
      spreadSum.add(e * (d * d));
      squares += e * e;
    }
    if (!(totals.integral && squares < EXACT_INTEGERS)) squares = exactSquares(exposures);
    const spread = spreadSum.value();
    const denominator = exposure - squares / exposure;
    if (denominator > 0) {
      betweenVariance = Math.max(0, (spread - (k - 1) * withinVariance) / denominator);
      strength = betweenVariance > 0 ? Math.min(withinVariance / betweenVariance, exposure) : withinVariance > 0 ? exposure : 0;
    }
  }
  if (fixed !== undefined) strength = fixed;
  const prior: RatioPrior = { mean, strength, withinVariance, betweenVariance, method: fixed !== undefined && method === 'none' ? 'given' : method, groups: k, exposure };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = exposures[i]!;
    out[i] = e > 0 ? (values[i]! + strength * mean) / (e + strength) : NaN;
  }
  return { prior, values: out };
}
