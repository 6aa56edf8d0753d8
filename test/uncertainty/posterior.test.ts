import { describe, expect, it } from 'vitest';
import { smallSampleEstimates } from '../../src/metrics/small-sample.js';
import { DRAW_WIDTH, derive, funnelDraws, KIND, STREAM } from '../../src/uncertainty/draws.js';
import { posteriorOf, toFunnelColumns, type FunnelLine } from '../../src/uncertainty/index.js';
import { observe, sampler, totalsOf, trueInfluencers } from './simulate.js';

function population(): FunnelLine[] {
  return Array.from({ length: 25 }, (_, i) => ({
    influencerId: `p${i}`,
    impressions: 5000 + 2500 * i,
    clicks: 80 + 45 * i + (i % 3) * 30,
    addToCart: 9 + 4 * i,
    purchases: 2 + i + (i % 4),
    revenue: (2 + i + (i % 4)) * (40 + 3 * (i % 5)),
    cost: null,
  }));
}

const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: ArrayLike<number>) => {
  const m = mean(xs);
  return Array.from(xs).reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
};
/** Every `DRAW_WIDTH`-th value from `offset`: one quantity of a funnel's draws. */
const part = (draws: Float64Array, offset: number) => Float64Array.from({ length: draws.length / DRAW_WIDTH }, (_, d) => draws[DRAW_WIDTH * d + offset]!);

describe('the posterior of each influencer', () => {
  const lines = population();
  const { lines: estimated, priors } = smallSampleEstimates(lines);
  const p = posteriorOf({ influencers: lines, priors }, 'test');

  it('is Beta(s + α, n − s + β) for each stage, with the report priors', () => {
    lines.forEach((l, i) => {
      expect(p.ctrA[i]).toBe(l.clicks + priors.ctr.alpha);
      expect(p.ctrB[i]).toBe(l.impressions - l.clicks + priors.ctr.beta);
      expect(p.atcA[i]).toBe(l.addToCart + priors.atcRate.alpha);
      expect(p.purchaseB[i]).toBe(l.addToCart - l.purchases + priors.purchaseRate.beta);
    });
  });

  it('has posterior means equal to the shrunk estimates of the report (Monte Carlo)', () => {
    for (const i of [0, 12, 24]) {
      const draws = funnelDraws(p, i, 1, STREAM.current, 20_000);
      const e = estimated[i]!;
      for (const [offset, shrunk, a, b] of [
        [0, e.ctrShrunk!, p.ctrA[i]!, p.ctrB[i]!],
        [1, e.atcRateShrunk!, p.atcA[i]!, p.atcB[i]!],
        [2, e.purchaseRateShrunk!, p.purchaseA[i]!, p.purchaseB[i]!],
      ] as const) {
        const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
        expect(Math.abs(mean(part(draws, offset)) - shrunk)).toBeLessThan((4 * sd) / Math.sqrt(20_000));
      }
    }
  });

  it('draws order values with the credibility posterior mean and variance', () => {
    const prior = p.orderValuePrior;
    const { strength: k, mean: m, withinVariance } = prior;
    for (const i of [0, 24]) {
      const l = lines[i]!;
      const draws = part(funnelDraws(p, i, 2, STREAM.current, 20_000), 3);
      const expectedMean = (l.revenue! + k * m) / (l.purchases + k);
      const expectedVariance = withinVariance! / (l.purchases + k);
      expect(p.orderValueMean[i]).toBeCloseTo(expectedMean, 10);
      expect(Math.abs(mean(draws) - expectedMean)).toBeLessThan(4 * Math.sqrt(expectedVariance / 20_000));
      expect(Math.abs(variance(draws) / expectedVariance - 1)).toBeLessThan(0.1);
    }
  });

  it('derives the other metrics from the same draw, so they stay correlated', () => {
    const i = 3;
    const draws = funnelDraws(p, i, 3, STREAM.current, 4000);
    const rpc: number[] = [];
    const rpi: number[] = [];
    for (let d = 0; d < 4000; d++) {
      const [c, a, r, v] = [draws[4 * d]!, draws[4 * d + 1]!, draws[4 * d + 2]!, draws[4 * d + 3]!];
      expect(derive(KIND.overallConversion, c, a, r, v, 0, NaN)).toBe(c * a * r);
      rpc.push(derive(KIND.rpc, c, a, r, v, 0, NaN));
      rpi.push(derive(KIND.rpi, c, a, r, v, 0, NaN));
      expect(derive(KIND.cpc, c, a, r, v, 1000, 5)).toBeCloseTo(5 / (1000 * c), 12);
    }
    const mr = mean(rpc);
    const mi = mean(rpi);
    const cov = rpc.reduce((s, x, d) => s + (x - mr) * (rpi[d]! - mi), 0) / rpc.length;
    expect(cov / Math.sqrt(variance(rpc) * variance(rpi))).toBeGreaterThan(0.5);
  });

  it('falls back to Jeffreys priors for a stage whose prior has no strength', () => {
    const flat = { alpha: 0, beta: 0 };
    const q = posteriorOf({ influencers: lines, priors: { ...priors, ctr: flat } }, 'test');
    expect(q.ctrA[0]).toBe(lines[0]!.clicks + 0.5);
    expect(q.ctrB[0]).toBe(lines[0]!.impressions - lines[0]!.clicks + 0.5);
  });

  it('gets its order-value noise from the within-influencer noise of revenue per click', () => {
    // Pre-aggregated totals (no daily rows): the report's compound-Poisson noise, σ² = q·E[v²], gives back E[v²].
    const withRevenue = lines.filter((l) => l.revenue !== null);
    const purchases = withRevenue.reduce((s, l) => s + l.purchases, 0);
    const orderSquare = withRevenue.reduce((s, l) => s + (l.purchases > 0 ? l.revenue! ** 2 / l.purchases : 0), 0) / purchases;
    expect(priors.rpc.method).toBe('given');
    expect(p.orderValuePrior.orderValueSquare!).toBeCloseTo(orderSquare, 8);
    const m = withRevenue.reduce((s, l) => s + l.revenue!, 0) / purchases;
    expect(p.orderValuePrior.mean).toBeCloseTo(m, 10);
    expect(p.orderValuePrior.withinVariance!).toBeCloseTo(orderSquare - m * m, 6);
  });

  it('estimates the spread of single orders from daily rows close to the simulated truth', () => {
    // Orders are log-normal with σ = 0.6: Var(v) / E[v]² = exp(0.36) − 1 ≈ 0.43.
    const s = sampler(11);
    const truth = trueInfluencers(s, 150);
    const rows = observe(s, truth, 30);
    const totals = totalsOf(rows);
    const { priors: fitted } = smallSampleEstimates(totals, rows);
    const q = posteriorOf({ columns: toFunnelColumns(totals), priors: fitted }, 'test');
    const cv2 = q.orderValuePrior.withinVariance! / q.orderValuePrior.mean ** 2;
    expect(cv2).toBeGreaterThan(0.43 * 0.5);
    expect(cv2).toBeLessThan(0.43 * 1.7);
  });
});
