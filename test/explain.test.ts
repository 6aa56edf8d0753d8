import { describe, expect, it } from 'vitest';
import { defineScoring, explainScore, makeInfluencer, makeInfluencers, score, wilson } from '../src/index.js';
import { expectError } from './support/expect-error.js';

describe('makeInfluencer', () => {
  it('fills a plausible funnel around the totals given', () => {
    const line = makeInfluencer();
    expect(line).toMatchObject({ influencerId: '1', impressions: 10_000, clicks: 200, addToCart: 20, purchases: 5, revenue: 250, cost: null, rows: 1 });
    expect(line.ctr).toBe(0.02);
    expect(line.ctrShrunk).toBe(line.ctr);
    const w = wilson(200, 10_000)!;
    expect([line.ctrLow, line.ctrHigh]).toEqual([w.low, w.high]);
    const lucky = makeInfluencer({ influencerId: 'lucky', clicks: 3, purchases: 1, revenue: 2499 });
    expect(lucky).toMatchObject({ addToCart: 1, purchases: 1, rpc: 833, purchaseRate: 1 });
    expect(makeInfluencer({ engagement: 0.07 }).engagement).toBe(0.07);
    expect(makeInfluencer({ revenue: null }).rpc).toBeNull();
  });

  it('rejects impossible totals', () => {
    expectError(() => makeInfluencer({ clicks: -1 }), 'INVALID_INPUT', /`clicks` to be an integer >= 0, got -1/);
    expectError(() => makeInfluencer({ revenue: Number.NaN }), 'INVALID_INPUT', /`revenue` to be a finite number >= 0 or null, got NaN/);
    expectError(() => makeInfluencer({ influencerId: ' ' }), 'INVALID_INPUT', /non-blank string/);
    expectError(() => makeInfluencers([{ influencerId: 'a' }, { influencerId: 'a' }]), 'INVALID_INPUT', /"a" appears twice/);
  });

  it('makeInfluencers shrinks toward the population like analyze', () => {
    const { influencers, priors } = makeInfluencers([
      { clicks: 2, addToCart: 1, purchases: 1 },
      ...Array.from({ length: 15 }, (_, i) => ({ clicks: 400 + 10 * i, addToCart: 40 + 3 * i, purchases: 8 + (i % 5) })),
    ]);
    expect(influencers.map((l) => l.influencerId).slice(0, 3)).toEqual(['1', '2', '3']);
    expect(priors.purchaseRate.strength).toBeGreaterThan(0);
    expect(influencers[0]!.purchaseRateShrunk!).toBeLessThan(0.5);
    expect(priors.rpc.method).toBe('given');
  });
});

describe('explainScore', () => {
  const scheme = defineScoring({ metrics: [{ metric: 'ctr', weight: 1 }, { metric: 'rpc', weight: 3 }] });
  const a = makeInfluencer({ influencerId: 'a', clicks: 300, revenue: 900 });
  const b = makeInfluencer({ influencerId: 'b', clicks: 100, revenue: 100 });
  const c = makeInfluencer({ influencerId: 'c', clicks: 200, revenue: null });

  it('gives raw, normalised, weight share and contribution per metric, summing to the score', () => {
    const why = explainScore(b, scheme, [a, b, c]);
    const scored = score([a, b, c], scheme);
    expect(why).toMatchObject({ influencerId: 'b', score: scored[1]!.score, rank: scored[1]!.rank, of: 3, missing: 'worst' });
    expect(why.metrics).toEqual([
      { metric: 'ctr', raw: 0.01, normalized: 0, used: 0, weight: 1, weightShare: 0.25, contribution: 0 },
      { metric: 'rpc', raw: 1, normalized: 0, used: 0, weight: 3, weightShare: 0.75, contribution: 0 },
    ]);
    const whyC = explainScore(c, scheme, [a, b, c]);
    expect(whyC.metrics[1]).toMatchObject({ raw: null, normalized: null, used: 0, contribution: 0 });
    expect(whyC.metrics.reduce((s, m) => s + m.contribution, 0)).toBeCloseTo(whyC.score!, 14);
  });

  it('adds the row to the population unless it is already there, by identity or id', () => {
    expect(explainScore(a, scheme, [b, c]).of).toBe(3);
    expect(explainScore({ ...a }, scheme, [a, b]).of).toBe(2);
    const reweighted = explainScore(c, { ...scheme, missing: 'reweight' }, [a, b]);
    expect(reweighted.metrics[1]).toMatchObject({ used: null, weightShare: 0, contribution: 0 });
    expect(reweighted.metrics[0]!.weightShare).toBe(1);
  });

  it('rejects what it cannot explain', () => {
    expectError(() => explainScore(null as never, scheme, [a]), 'INVALID_INPUT', /explainScore requires a row object/);
    expectError(() => explainScore(a, scheme, 'all' as never), 'INVALID_INPUT', /requires a population array/);
    expectError(() => explainScore(a, { metrics: [{ metric: 'ctrr', weight: 1 }] }, [a]), 'INVALID_SCHEME', /unknown metric "ctrr"/);
  });
});
