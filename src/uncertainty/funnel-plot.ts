/**
 * The funnel plot of a rate: each influencer's rate against its exposure, with control limits
 * around the population rate that narrow as exposure grows, widened for over-dispersion, and a
 * flag for the influencers that stand out once many are looked at together.
 * @module
 */
import { quantileSorted } from 'd3-array';
import * as z from 'zod/mini';
import { InvalidInputError } from '../contract/errors.js';
import { normalQuantile, RATE_COUNTS } from '../metrics/intervals.js';
import { checkedTotals, toFunnelColumns, type FunnelColumns, type FunnelLine } from './columns.js';
import { benjaminiHochberg, normalUpperTail } from './multiple-testing.js';
import { parseOptions } from '../contract/schema.js';

/** The rates a funnel plot can show. */
export type FunnelPlotMetric = 'ctr' | 'atcRate' | 'purchaseRate' | 'overallConversion';

/** Options of {@link funnelPlot}. */
export interface FunnelPlotOptions {
  /** The rate to plot: `ctr`, `atcRate`, `purchaseRate` or `overallConversion`. */
  readonly metric: FunnelPlotMetric;
  /** The rate the limits are drawn around, strictly between 0 and 1 (default: the pooled rate, total successes over total trials). */
  readonly target?: number;
  /** Widen the limits and z-scores by the over-dispersion factor when it exceeds 1 (default true). */
  readonly overdispersion?: boolean;
  /** Share of z-scores winsorised at each end before estimating over-dispersion, in [0, 0.5) (default 0.1). */
  readonly winsorize?: number;
  /** False discovery rate at which an influencer is flagged above or below (default 0.05). */
  readonly fdr?: number;
  /** Number of exposures the limit curves are given at, log-spaced over the plotted range (default 100). */
  readonly steps?: number;
}

/** One influencer's point of a funnel plot. */
export interface FunnelPoint {
  readonly influencerId: string;
  /** The rate's trials (impressions for ctr, clicks for atcRate...): the x axis. */
  readonly exposure: number;
  /** Its successes, capped at the trials. */
  readonly successes: number;
  /** `successes / exposure`: the y axis. */
  readonly value: number;
  /** `(value − target) / sqrt(φ · target(1 − target) / exposure)`, with `φ` the over-dispersion factor used. */
  readonly z: number;
  /** Two-sided p-value of `z`. */
  readonly pValue: number;
  /** Benjamini–Hochberg q-value of the p-value among all points. */
  readonly qValue: number;
  /** `above` or `below` the target when `qValue <= fdr`, else `within`. */
  readonly flag: 'above' | 'within' | 'below';
}

/** The control limits at one exposure: one row per exposure, ready for line or area marks. */
export interface FunnelLimit {
  readonly exposure: number;
  readonly target: number;
  /** 95% limits (about 2 standard errors), clipped to [0, 1]. */
  readonly low95: number;
  readonly high95: number;
  /** 99.8% limits (about 3 standard errors), clipped to [0, 1]. */
  readonly low998: number;
  readonly high998: number;
}

/** The result of {@link funnelPlot}. */
export interface FunnelPlot {
  readonly metric: FunnelPlotMetric;
  /** The rate the limits are drawn around. */
  readonly target: number;
  /** The estimated over-dispersion factor: the mean of the squared winsorised z-scores; `null` without points. */
  readonly phi: number | null;
  /** The factor the limits and z-scores use: `max(1, phi)`, or 1 when `overdispersion` is false. */
  readonly phiUsed: number;
  /** One point per influencer with trials, in input order (influencers without trials have no point). */
  readonly points: FunnelPoint[];
  /** The limits at `steps` exposures from the smallest to the largest plotted. */
  readonly limits: FunnelLimit[];
}

const METRICS = Object.keys(RATE_COUNTS) as FunnelPlotMetric[];
const unit = (what: string) => z.number({ error: what }).check(z.gt(0, { error: what }), z.lt(1, { error: what }));
const schema = z.strictObject(
  {
    metric: z.enum(METRICS, { error: `expected one of ${METRICS.join(', ')}` }),
    target: z.optional(unit('expected a rate strictly between 0 and 1')),
    overdispersion: z.optional(z.boolean({ error: 'expected true or false' })),
    winsorize: z.optional(z.number({ error: 'expected a share in [0, 0.5)' }).check(z.gte(0, { error: 'expected a share in [0, 0.5)' }), z.lt(0.5, { error: 'expected a share in [0, 0.5)' }))),
    fdr: z.optional(unit('expected a rate strictly between 0 and 1')),
    steps: z.optional(z.int({ error: 'expected an integer number of steps' }).check(z.minimum(1, { error: 'expected at least 1 step' }), z.maximum(100_000, { error: 'expected at most 100,000 steps' }))),
  },
);

const Z95 = normalQuantile(0.975);
const Z998 = normalQuantile(0.999);

/**
 * The over-dispersion factor of z-scores (Spiegelhalter 2005): the mean of their squares after
 * winsorising a share `trim` at each end (values beyond the R-7 quantiles at `trim` and
 * `1 − trim` are set to those quantiles). `null` for no z-scores. @internal
 */
export function overdispersionFactor(zs: Float64Array, trim: number): number | null {
  const n = zs.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(zs).sort();
  const low = trim > 0 ? quantileSorted(sorted as unknown as number[], trim)! : -Infinity;
  const high = trim > 0 ? quantileSorted(sorted as unknown as number[], 1 - trim)! : Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.min(high, Math.max(low, zs[i]!));
    sum += w * w;
  }
  return sum / n;
}

/**
 * A funnel plot of a rate (D. J. Spiegelhalter, "Funnel plots for comparing institutional
 * performance", Statistics in Medicine 24, 2005; "Handling over-dispersion of performance
 * indicators", Quality and Safety in Health Care 14, 2005). Each influencer with trials is a
 * point (exposure, rate); the target is the pooled rate. Its z-score is
 * `(rate − target) / sqrt(target(1 − target)/exposure)`; the multiplicative over-dispersion factor
 * `φ` is the mean squared z-score after winsorising 10% at each end, and when `φ > 1` the limits
 * `target ± z·sqrt(φ·target(1 − target)/exposure)` (z = 1.96 for 95%, 3.09 for 99.8%) and the
 * z-scores are widened by `sqrt(φ)`. Each point's two-sided p-value gets a Benjamini–Hochberg
 * q-value, and the points with `q <= fdr` are flagged above or below. Pure: tidy arrays for a
 * chart (points as a scatter, limits as lines).
 *
 * @example
 * ```ts
 * const plot = funnelPlot(report.influencers, { metric: 'ctr' });
 * plot.points.length; // 100
 * plot.phiUsed >= 1; // true
 * plot.limits[0].low998 <= plot.limits[0].low95; // true
 * plot.points.filter((p) => p.flag !== 'within').length; // influencers whose ctr stands out
 * ```
 */
export function funnelPlot(lines: readonly FunnelLine[] | FunnelColumns, options: FunnelPlotOptions): FunnelPlot {
  const o = parseOptions(schema, options, 'funnelPlot options') as FunnelPlotOptions;
  if (lines === null || typeof lines !== 'object') throw new InvalidInputError('funnelPlot requires influencer lines (an array) or columns.');
  const t = checkedTotals(Array.isArray(lines) ? toFunnelColumns(lines as readonly FunnelLine[]) : (lines as FunnelColumns), 'funnelPlot');
  const { successes: sKey, trials: nKey } = RATE_COUNTS[o.metric];
  const allSuccesses = t[sKey];
  const allTrials = t[nKey];
  const index: number[] = [];
  let successTotal = 0;
  let trialTotal = 0;
  for (let i = 0; i < allTrials.length; i++) {
    const n = allTrials[i]!;
    if (!(n > 0)) continue;
    index.push(i);
    successTotal += Math.min(allSuccesses[i]!, n);
    trialTotal += n;
  }
  const target = o.target ?? (trialTotal > 0 ? successTotal / trialTotal : 0);
  const m = index.length;
  const variance = target * (1 - target);
  const raw = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = index[j]!;
    const n = allTrials[i]!;
    const value = Math.min(allSuccesses[i]!, n) / n;
    raw[j] = variance > 0 ? (value - target) / Math.sqrt(variance / n) : 0;
  }
  const phi = overdispersionFactor(raw, o.winsorize ?? 0.1);
  const phiUsed = (o.overdispersion ?? true) && phi !== null && phi > 1 ? phi : 1;
  const scale = Math.sqrt(phiUsed);
  const pValues = Array.from(raw, (zi) => Math.min(1, 2 * normalUpperTail(Math.abs(zi / scale))));
  const qValues = benjaminiHochberg(pValues);
  const fdr = o.fdr ?? 0.05;
  const points: FunnelPoint[] = index.map((i, j) => {
    const n = allTrials[i]!;
    const s = Math.min(allSuccesses[i]!, n);
    const zAdjusted = raw[j]! / scale;
    const q = qValues[j]!;
    return {
      influencerId: t.ids[i]!,
      exposure: n,
      successes: s,
      value: s / n,
      z: zAdjusted,
      pValue: pValues[j]!,
      qValue: q,
      flag: q <= fdr && zAdjusted !== 0 ? (zAdjusted > 0 ? 'above' : 'below') : 'within',
    };
  });
  return { metric: o.metric, target, phi, phiUsed, points, limits: limitsOf(index.map((i) => allTrials[i]!), target, phiUsed, o.steps ?? 100) };
}

/** The limits at `steps` exposures, log-spaced from the smallest to the largest exposure. */
function limitsOf(exposures: readonly number[], target: number, phi: number, steps: number): FunnelLimit[] {
  if (exposures.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const e of exposures) {
    if (e < min) min = e;
    if (e > max) max = e;
  }
  const count = min === max ? 1 : steps;
  const ratio = count > 1 ? Math.log(max / min) / (count - 1) : 0;
  const sd = Math.sqrt(phi * target * (1 - target));
  const clip = (v: number) => Math.min(1, Math.max(0, v));
  const out: FunnelLimit[] = [];
  for (let k = 0; k < count; k++) {
    const exposure = k === count - 1 ? max : k === 0 ? min : min * Math.exp(ratio * k);
    const se = sd / Math.sqrt(exposure);
    out.push({ exposure, target, low95: clip(target - Z95 * se), high95: clip(target + Z95 * se), low998: clip(target - Z998 * se), high998: clip(target + Z998 * se) });
  }
  return out;
}
