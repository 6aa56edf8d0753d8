/**
 * Two influencers side by side: how likely one beats the other on the score and on each metric,
 * what choosing wrongly costs on average, and a sentence a marketer can read.
 * @module
 */
import { InvalidInputError } from '../contract/errors.js';
import type { UncertaintySource } from './columns.js';
import { DRAW_WIDTH, DRAWN_METRICS, derive, funnelDraws, hasMetric, LOWER_IS_BETTER, STREAM, type DrawnMetric, type Kind } from './draws.js';
import { intervalPositions } from './interval.js';
import { compareOptions, type CompareInfluencersOptions } from './options.js';
import { posteriorOf } from './posterior.js';
import { drawScheme, forEachScoredDraw } from './score-draws.js';

/** How `a` and `b` compare on one quantity across the draws. */
export interface PairwiseOutcome {
  /** Share of draws in which `a` is better (higher; lower for cpa and cpc), ties counted half. */
  readonly pABetter: number;
  /** `1 − pABetter`. */
  readonly pBBetter: number;
  /** Expected loss of choosing `a`: the mean over draws of how much better `b` is when it is (0 otherwise), in the quantity's units. */
  readonly lossIfA: number;
  /** Expected loss of choosing `b`. */
  readonly lossIfB: number;
  /** Central interval at `level` of `a − b`. */
  readonly differenceLow: number;
  readonly differenceHigh: number;
}

/** The result of {@link compareInfluencers}. */
export interface InfluencerComparison {
  readonly a: string;
  readonly b: string;
  readonly draws: number;
  readonly level: number;
  /** On the scheme's score; `null` when either score is null. */
  readonly score: PairwiseOutcome | null;
  /** On each drawn metric; `null` where either has no value (a zero denominator, no revenue or cost). */
  readonly metrics: { readonly [M in DrawnMetric]: PairwiseOutcome | null };
  /** The score's outcome in one plain sentence. */
  readonly sentence: string;
}

/** The outcome of paired draws `x` (for `a`) and `y` (for `b`), `lower`: lower is better. */
function outcome(x: Float64Array, y: Float64Array, lower: boolean, level: number): PairwiseOutcome {
  const draws = x.length;
  let wins = 0;
  let lossA = 0;
  let lossB = 0;
  const difference = new Float64Array(draws);
  for (let d = 0; d < draws; d++) {
    const gap = lower ? y[d]! - x[d]! : x[d]! - y[d]!;
    if (gap > 0) {
      wins += 1;
      lossB += gap;
    } else if (gap < 0) lossA -= gap;
    else wins += 0.5;
    difference[d] = x[d]! - y[d]!;
  }
  difference.sort();
  const [lo, hi] = intervalPositions(draws, level);
  const pABetter = wins / draws;
  return { pABetter, pBBetter: 1 - pABetter, lossIfA: lossA / draws, lossIfB: lossB / draws, differenceLow: difference[lo]!, differenceHigh: difference[hi]! };
}

/** A share as the sentence says it. */
function percent(p: number): string {
  if (p === 1) return '100%';
  const r = Math.round(100 * p);
  return r === 100 ? 'more than 99%' : `${r}%`;
}

/** A loss in score points as the sentence says it. */
function points(x: number): string {
  return x < 0.005 ? 'less than 0.01' : x.toFixed(2);
}

/** The plain sentence of the score's outcome. */
function sentenceOf(a: string, b: string, score: PairwiseOutcome | null, nullA: boolean, nullB: boolean): string {
  if (score === null) {
    if (nullA && nullB) return `Neither ${a} nor ${b} has a score (no data for the scheme's metrics), so the score cannot tell them apart.`;
    return `${nullA ? a : b} has no score (no data for the scheme's metrics), so the score cannot tell ${a} and ${b} apart.`;
  }
  if (score.pABetter === 0.5) {
    return `${a} and ${b} are even on the score: each is ahead in 50% of draws; choosing either risks losing ${points(Math.max(score.lossIfA, score.lossIfB))} score points on average.`;
  }
  const aLeads = score.pABetter > 0.5;
  const [lead, other] = aLeads ? [a, b] : [b, a];
  const p = aLeads ? score.pABetter : score.pBBetter;
  const loss = aLeads ? score.lossIfA : score.lossIfB;
  const risk = loss === 0 ? `choosing ${lead} loses nothing in any draw.` : `choosing ${lead} risks losing ${points(loss)} score points on average.`;
  return `${lead} beats ${other} on the score in ${percent(p)} of draws; ${risk}`;
}

/**
 * The probability that influencer `a` beats influencer `b` on the score and on each metric, with
 * the expected loss of choosing each, from the same posterior draws {@link rankIntervals} ranks
 * (same seed, same draws): each draw scores every influencer with the scheme, so the score
 * comparison sees the whole population, as the ranking does. `source` is an `analyze` report
 * (or any `{ influencers, priors }`, or `{ columns, priors }`); `a` and `b` are influencer ids.
 *
 * @example
 * ```ts
 * const [first, second] = report.influencers;
 * const c = compareInfluencers(report, first.influencerId, second.influencerId, { draws: 100 });
 * c.score.pABetter + c.score.pBBetter; // 1
 * c.metrics.ctr.pABetter >= 0 && c.metrics.ctr.pABetter <= 1; // true
 * c.sentence; // e.g. "3 beats 12 on the score in 64% of draws; choosing 3 risks losing 0.02 score points on average."
 * ```
 */
export function compareInfluencers(source: UncertaintySource, a: string, b: string, options: CompareInfluencersOptions = {}): InfluencerComparison {
  compareOptions(options, 0);
  if (typeof a !== 'string' || typeof b !== 'string') throw new InvalidInputError('compareInfluencers requires two influencer ids (strings).');
  if (a === b) throw new InvalidInputError(`compareInfluencers requires two different influencers; got "${a}" twice.`, { influencerId: a });
  const p = posteriorOf(source, 'compareInfluencers');
  const ids = p.totals.ids;
  const ia = ids.indexOf(a);
  const ib = ids.indexOf(b);
  for (const [id, at] of [[a, ia], [b, ib]] as const) {
    if (at < 0) throw new InvalidInputError(`compareInfluencers: no influencer "${id}" among the ${ids.length} lines.`, { influencerId: id });
  }
  const o = compareOptions(options, ids.length);
  const s = drawScheme(p, o.scoring ?? p.scheme);
  const draws = o.draws;
  const scoreA = new Float64Array(draws);
  const scoreB = new Float64Array(draws);
  forEachScoredDraw(p, s, o.seed, STREAM.current, draws, (d, scores) => {
    scoreA[d] = scores[ia]!;
    scoreB[d] = scores[ib]!;
  });
  const nullA = draws > 0 && scoreA[0] !== scoreA[0];
  const nullB = draws > 0 && scoreB[0] !== scoreB[0];
  const score = nullA || nullB ? null : outcome(scoreA, scoreB, false, o.level);

  const fa = funnelDraws(p, ia, o.seed, STREAM.current, draws);
  const fb = funnelDraws(p, ib, o.seed, STREAM.current, draws);
  const t = p.totals;
  const metrics = {} as Record<DrawnMetric, PairwiseOutcome | null>;
  const x = new Float64Array(draws);
  const y = new Float64Array(draws);
  DRAWN_METRICS.forEach((name, kind) => {
    const k = kind as Kind;
    if (!hasMetric(t, k, ia) || !hasMetric(t, k, ib)) {
      metrics[name] = null;
      return;
    }
    let finite = true;
    for (let d = 0; d < draws; d++) {
      const at = DRAW_WIDTH * d;
      x[d] = derive(k, fa[at]!, fa[at + 1]!, fa[at + 2]!, fa[at + 3]!, t.impressions[ia]!, t.cost[ia]!);
      y[d] = derive(k, fb[at]!, fb[at + 1]!, fb[at + 2]!, fb[at + 3]!, t.impressions[ib]!, t.cost[ib]!);
      if (x[d] !== x[d] || y[d] !== y[d]) finite = false;
    }
    metrics[name] = finite ? outcome(x, y, LOWER_IS_BETTER.has(name), o.level) : null;
  });
  return { a, b, draws, level: o.level, score, metrics, sentence: sentenceOf(a, b, score, nullA, nullB) };
}
