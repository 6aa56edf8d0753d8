// Rank intervals and P(top 10) against a simulated population whose true ranking is known.
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/scoring/presets.js';
import { score } from '../../src/scoring/scoring.js';
import { smallSampleEstimates } from '../../src/metrics/small-sample.js';
import { rankIntervals } from '../../src/uncertainty/index.js';
import { observe, sampler, totalsOf, trueInfluencers } from './simulate.js';

const scheme = presets.default.scoring;

/** One simulated population: its report-like source, the true ranks, and the point ranks. */
function scenario(seed: number, count = 200, days = 30) {
  const s = sampler(seed);
  const truth = trueInfluencers(s, count);
  const rows = observe(s, truth, days);
  const { lines, priors } = smallSampleEstimates(totalsOf(rows), rows);
  const trueRank = new Map(
    score(
      truth.map((t) => ({
        influencerId: t.influencerId,
        overallConversionShrunk: t.ctr * t.atcRate * t.purchaseRate,
        rpcShrunk: t.atcRate * t.purchaseRate * t.orderValue,
        ctrShrunk: t.ctr,
        purchaseRateShrunk: t.purchaseRate,
      })),
      scheme,
    ).map((r) => [r.influencerId, r.rank!]),
  );
  const pointRank = new Map(score(lines, scheme).map((r) => [r.influencerId, r.rank!]));
  return { source: { influencers: lines, priors }, trueRank, pointRank };
}

/** Coverage of the rank intervals, Brier scores of P(top 10) and of the point top-10, the P(top 10) sum. */
function evaluate(seed: number, draws?: number) {
  const { source, trueRank, pointRank } = scenario(seed);
  const intervals = rankIntervals(source, draws === undefined ? {} : { draws });
  let covered = 0;
  let brier = 0;
  let pointBrier = 0;
  let sum = 0;
  for (const line of intervals) {
    const truth = trueRank.get(line.influencerId)!;
    if (line.rankLow! <= truth && truth <= line.rankHigh!) covered++;
    const top = truth <= 10 ? 1 : 0;
    brier += (line.pTopK - top) ** 2;
    pointBrier += ((pointRank.get(line.influencerId)! <= 10 ? 1 : 0) - top) ** 2;
    sum += line.pTopK;
  }
  const n = intervals.length;
  return { coverage: covered / n, brier: brier / n, pointBrier: pointBrier / n, sum, intervals, source };
}

describe('rankIntervals on a simulated population with known truth', () => {
  for (const seed of [1, 2, 3]) {
    it(`covers the true rank for at least 85% of influencers and beats the point top 10 (seed ${seed})`, () => {
      const { coverage, brier, pointBrier, sum } = evaluate(seed);
      expect(coverage).toBeGreaterThanOrEqual(0.85);
      expect(brier).toBeLessThan(pointBrier);
      expect(sum).toBeCloseTo(10, 9);
    });
  }

  it('holds with the fewest default draws too (100, as for 10,000 influencers)', () => {
    const { coverage, brier, pointBrier, sum } = evaluate(4, 100);
    expect(coverage).toBeGreaterThanOrEqual(0.85);
    expect(brier).toBeLessThan(pointBrier);
    expect(sum).toBeCloseTo(10, 9);
  });

  it('gives identical output on two runs', () => {
    const first = evaluate(5);
    const second = rankIntervals(first.source);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first.intervals));
  });
});
