/**
 * Scores every posterior draw with a scoring scheme: in a draw, a scheme metric that the draws
 * cover reads its drawn value (`xShrunk` reads the drawn `x`); any other metric (counts, cost per
 * mille, interval bounds, extra columns) is held at its point value. The scorer is the library's
 * own (`scoreResolved`), so normalisers, missing values and ties behave as in `score`.
 * @module
 */
import { presets } from '../scoring/presets.js';
import { resolveScheme, scoreResolved, type ScoringScheme, type ScoringSchemeInput } from '../scoring/scoring.js';
import { DRAWN_METRICS, derive, drawnKindOf, forEachDraw, KIND, metricMask, type Kind } from './draws.js';
import type { FunnelPosterior } from './posterior.js';

/** How each metric of a resolved scheme is read in a draw. @internal */
export interface DrawScheme {
  readonly scheme: ScoringScheme;
  /** Per scheme metric: its drawn kind, or `undefined` when held. */
  readonly kinds: readonly (Kind | undefined)[];
  /** Per scheme metric: where the drawn metric exists (drawn metrics only). */
  readonly masks: readonly (Uint8Array | undefined)[];
  /** Per scheme metric: the point column (held metrics only). */
  readonly held: readonly (Float64Array | undefined)[];
}

/**
 * Validates the scheme against what the draws can give (drawn metrics and their `Shrunk` names,
 * the held columns) and resolves how each metric is read. A metric neither drawn nor held is an
 * `InvalidOptionsError`, as in `score`. @internal
 */
export function drawScheme(p: FunnelPosterior, input: ScoringScheme | ScoringSchemeInput | undefined): DrawScheme {
  // One line with every field the draws can give (own properties whatever the names).
  const names = [...p.totals.heldNames, ...DRAWN_METRICS, ...DRAWN_METRICS.slice(0, KIND.rpi + 1).map((name) => `${name}Shrunk`)];
  const probe = Object.fromEntries(names.map((name) => [name, 0]));
  const scheme = resolveScheme(p.n > 0 ? [probe] : [], input ?? presets.default.scoring);
  const kinds = scheme.metrics.map((m) => drawnKindOf(m.metric));
  return {
    scheme,
    kinds,
    masks: kinds.map((kind) => (kind === undefined ? undefined : metricMask(p.totals, kind))),
    held: scheme.metrics.map((m, j) => (kinds[j] === undefined ? p.totals.held(m.metric) : undefined)),
  };
}

/**
 * Scores `draws` posterior draws of stream family `stream`: `visit(d, scores, ranks, ...)` gets
 * each draw's scores and competition ranks (`NaN`: null score) and the draw itself (ctr, atcRate,
 * purchaseRate, mean order value), per influencer. The score and rank arrays are the scorer's,
 * fresh for every draw; the draw's columns are reused. @internal
 */
export function forEachScoredDraw(
  p: FunnelPosterior,
  s: DrawScheme,
  seed: number,
  stream: number,
  draws: number,
  visit: (d: number, scores: Float64Array, ranks: Float64Array, ctr: Float64Array, atc: Float64Array, pr: Float64Array, v: Float64Array) => void,
): void {
  const n = p.n;
  const m = s.scheme.metrics.length;
  const { impressions, cost } = p.totals;
  const columns: Float64Array[] = s.kinds.map((kind, j) => (kind === undefined ? s.held[j]! : new Float64Array(n)));
  forEachDraw(p, seed, stream, draws, (d, ctr, atc, pr, v) => {
    for (let j = 0; j < m; j++) {
      const kind = s.kinds[j];
      if (kind !== undefined) fillColumn(columns[j]!, s.masks[j]!, kind, ctr, atc, pr, v, impressions, cost);
    }
    const { scores, ranks } = scoreResolved(s.scheme, columns);
    visit(d, scores, ranks, ctr, atc, pr, v);
  });
}

/**
 * One drawn metric's column of a draw: {@link derive} of every influencer where the mask is on,
 * `NaN` elsewhere; the four commonest metrics in their own loops (the scorer reads a column per
 * metric per draw, so this runs draws × metrics × influencers times).
 */
function fillColumn(
  column: Float64Array,
  mask: Uint8Array,
  kind: Kind,
  ctr: Float64Array,
  atc: Float64Array,
  pr: Float64Array,
  v: Float64Array,
  impressions: Float64Array,
  cost: Float64Array,
): void {
  const n = column.length;
  switch (kind) {
    case KIND.ctr:
      for (let i = 0; i < n; i++) column[i] = mask[i] === 1 ? ctr[i]! : NaN;
      return;
    case KIND.purchaseRate:
      for (let i = 0; i < n; i++) column[i] = mask[i] === 1 ? pr[i]! : NaN;
      return;
    case KIND.overallConversion:
      for (let i = 0; i < n; i++) column[i] = mask[i] === 1 ? ctr[i]! * atc[i]! * pr[i]! : NaN;
      return;
    case KIND.rpc:
      for (let i = 0; i < n; i++) column[i] = mask[i] === 1 ? atc[i]! * pr[i]! * v[i]! : NaN;
      return;
    default:
      for (let i = 0; i < n; i++) column[i] = mask[i] === 1 ? derive(kind, ctr[i]!, atc[i]!, pr[i]!, v[i]!, impressions[i]!, cost[i]!) : NaN;
  }
}
