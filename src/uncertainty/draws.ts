/**
 * Posterior draws of each influencer's funnel as a chain: the stage rates (ctr, atcRate,
 * purchaseRate) and the mean order value are drawn; every other metric is derived from the same
 * draw, so correlated metrics stay correlated. Each influencer has its own random stream, seeded by
 * the seed and its id: its draws do not depend on the order of the input or on the other
 * influencers, and draw `d` is the same wherever it is taken (a ranking, a comparison).
 * @module
 */
import type { Totals } from './columns.js';
import type { FunnelPosterior } from './posterior.js';
import { Random } from './random.js';

/** The metrics a draw gives a value for. */
export const DRAWN_METRICS = Object.freeze(['ctr', 'atcRate', 'purchaseRate', 'overallConversion', 'rpc', 'rpi', 'roas', 'cpa', 'cpc'] as const);

/** Names of the drawn metrics. */
export type DrawnMetric = (typeof DRAWN_METRICS)[number];

/** Metrics where lower is better. */
export const LOWER_IS_BETTER: ReadonlySet<DrawnMetric> = new Set<DrawnMetric>(['cpa', 'cpc']);

/** A drawn metric's code: its index in {@link DRAWN_METRICS}. @internal */
export type Kind = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** The codes of the drawn metrics. @internal */
export const KIND = Object.freeze({ ctr: 0, atcRate: 1, purchaseRate: 2, overallConversion: 3, rpc: 4, rpi: 5, roas: 6, cpa: 7, cpc: 8 } as const);

/** The values a funnel draw holds: ctr, atcRate, purchaseRate, mean order value. */
export const DRAW_WIDTH = 4;

/** Random streams: one family per use, so draws of different uses are independent. @internal */
export const STREAM = Object.freeze({ current: 0, previous: 1 });

/**
 * The drawn metric a scheme metric reads: the metric itself, or `x` for `xShrunk` (a draw is a
 * draw of the true value, which the shrunk estimate estimates). `undefined`: held at its point
 * value. @internal
 */
export function drawnKindOf(metric: string): Kind | undefined {
  const base = metric.endsWith('Shrunk') ? metric.slice(0, -'Shrunk'.length) : metric;
  const at = (DRAWN_METRICS as readonly string[]).indexOf(base);
  if (at < 0) return undefined;
  // Only the rates and money ratios have shrunk estimates.
  if (base !== metric && at > KIND.rpi) return undefined;
  return at as Kind;
}

/**
 * Where a drawn metric exists: exactly where its point value is not null (a zero denominator,
 * missing revenue or cost), and the cost metrics only with impressions, which they are drawn per
 * (cost per impression is known: it is what was paid for the reach). @internal
 */
export function metricMask(t: Totals, kind: Kind): Uint8Array {
  const n = t.ids.length;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = hasMetric(t, kind, i) ? 1 : 0;
  return mask;
}

/** Whether influencer `i` has the drawn metric (see {@link metricMask}). @internal */
export function hasMetric(t: Totals, kind: Kind, i: number): boolean {
  const impressions = t.impressions[i]!;
  const revenue = t.revenue[i]!;
  const cost = t.cost[i]!;
  switch (kind) {
    case KIND.ctr:
    case KIND.overallConversion:
      return impressions > 0;
    case KIND.atcRate:
      return t.clicks[i]! > 0;
    case KIND.purchaseRate:
      return t.addToCart[i]! > 0;
    case KIND.rpc:
      return revenue === revenue && t.clicks[i]! > 0;
    case KIND.rpi:
      return revenue === revenue && impressions > 0;
    case KIND.roas:
      return revenue === revenue && cost > 0 && impressions > 0;
    case KIND.cpa:
      return cost === cost && t.purchases[i]! > 0 && impressions > 0;
    case KIND.cpc:
      return cost === cost && t.clicks[i]! > 0 && impressions > 0;
  }
}

/** One draw of influencer `i`'s funnel into `out` at `at`: ctr, atcRate, purchaseRate, mean order value. @internal */
export function drawFunnel(rng: Random, p: FunnelPosterior, i: number, out: Float64Array, at: number): void {
  out[at] = rng.beta(p.ctrA[i]!, p.ctrB[i]!);
  out[at + 1] = rng.beta(p.atcA[i]!, p.atcB[i]!);
  out[at + 2] = rng.beta(p.purchaseA[i]!, p.purchaseB[i]!);
  const shape = p.orderValueShape[i]!;
  const mean = p.orderValueMean[i]!;
  out[at + 3] = shape === Infinity ? mean : rng.gamma(shape) * (mean / shape);
}

/**
 * A drawn metric's value from a funnel draw and the influencer's known impressions and cost
 * (`NaN` when not finite, as the scorer reads it):
 * `overallConversion = ctr·atc·pr`, `rpc = atc·pr·v`, `rpi = ctr·atc·pr·v`,
 * `roas = impressions·rpi / cost`, `cpa = cost / (impressions·overallConversion)`,
 * `cpc = cost / (impressions·ctr)`. @internal
 */
export function derive(kind: Kind, ctr: number, atc: number, pr: number, v: number, impressions: number, cost: number): number {
  let x: number;
  switch (kind) {
    case KIND.ctr:
      return ctr;
    case KIND.atcRate:
      return atc;
    case KIND.purchaseRate:
      return pr;
    case KIND.overallConversion:
      return ctr * atc * pr;
    case KIND.rpc:
      return atc * pr * v;
    case KIND.rpi:
      return ctr * atc * pr * v;
    case KIND.roas:
      x = (impressions * ctr * atc * pr * v) / cost;
      break;
    case KIND.cpa:
      x = cost / (impressions * ctr * atc * pr);
      break;
    case KIND.cpc:
      x = cost / (impressions * ctr);
      break;
  }
  return x < Infinity ? x : NaN;
}

/** `draws` funnel draws of influencer `i` in stream family `stream` (4 values per draw). @internal */
export function funnelDraws(p: FunnelPosterior, i: number, seed: number, stream: number, draws: number): Float64Array {
  const out = new Float64Array(DRAW_WIDTH * draws);
  const rng = new Random().seed(seed, p.totals.ids[i]!, stream);
  for (let d = 0; d < draws; d++) drawFunnel(rng, p, i, out, DRAW_WIDTH * d);
  return out;
}

/**
 * Draws every influencer's funnel one draw at a time (influencer streams kept in typed arrays
 * between draws), and hands each draw to `visit` as four columns: ctr, atcRate, purchaseRate and
 * mean order value per influencer. Draw `d` of influencer `i` equals draw `d` of
 * {@link funnelDraws} for `i`. @internal
 */
export function forEachDraw(
  p: FunnelPosterior,
  seed: number,
  stream: number,
  draws: number,
  visit: (d: number, ctr: Float64Array, atc: Float64Array, pr: Float64Array, v: Float64Array) => void,
): void {
  const n = p.n;
  const words = new Int32Array(4 * n);
  const spares = new Float64Array(n);
  const rng = new Random();
  for (let i = 0; i < n; i++) rng.seed(seed, p.totals.ids[i]!, stream).store(words, spares, i);
  const one = new Float64Array(DRAW_WIDTH);
  const ctr = new Float64Array(n);
  const atc = new Float64Array(n);
  const pr = new Float64Array(n);
  const v = new Float64Array(n);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < n; i++) {
      rng.load(words, spares, i);
      drawFunnel(rng, p, i, one, 0);
      rng.store(words, spares, i);
      ctr[i] = one[0]!;
      atc[i] = one[1]!;
      pr[i] = one[2]!;
      v[i] = one[3]!;
    }
    visit(d, ctr, atc, pr, v);
  }
}
