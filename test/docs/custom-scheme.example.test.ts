import { describe, expect, it } from 'vitest';
import { defineScoring, explainScore, makeInfluencer, score } from '../../src/index.js';

// The scheme under test: money first, then cheap acquisitions, then reach.
const scheme = defineScoring({
  metrics: [
    { metric: 'roas', weight: 3 },
    { metric: 'cpa', weight: 2, direction: 'lower' },
    { metric: 'ctrShrunk', weight: 1 },
  ],
  missing: 'worst',
});

describe('our partner scheme', () => {
  const cheap = makeInfluencer({ influencerId: 'cheap', clicks: 400, purchases: 12, revenue: 1200, cost: 300 });
  const pricey = makeInfluencer({ influencerId: 'pricey', clicks: 400, purchases: 12, revenue: 1200, cost: 900 });
  const unknownCost = makeInfluencer({ influencerId: 'unknown-cost', clicks: 400, purchases: 12, revenue: 1200, cost: null });
  const everyone = [cheap, pricey, unknownCost];

  it('ranks the cheaper of two equal sellers first', () => {
    const ranks = Object.fromEntries(score(everyone, scheme).map((r) => [r.influencerId, r.rank]));
    // a missing cost counts as the worst known value, so 'unknown-cost' ties with 'pricey'
    expect(ranks).toEqual({ cheap: 1, pricey: 2, 'unknown-cost': 2 });
  });

  it('explains a score metric by metric', () => {
    const why = explainScore(pricey, scheme, everyone);
    expect(why.metrics.map((m) => m.metric)).toEqual(['roas', 'cpa', 'ctrShrunk']);
    expect(why.metrics[0]!.raw).toBeCloseTo(1200 / 900, 12);
    // percentile ranks among the two influencers with a cost: pricey is the worse one on both money metrics
    expect(why.metrics[0]!.normalized).toBe(0);
    expect(why.metrics[1]!.normalized).toBe(0);
    const sum = why.metrics.reduce((total, m) => total + m.contribution, 0);
    expect(sum).toBeCloseTo(why.score!, 12);
  });

  it('counts a missing cost as the worst value', () => {
    const roas = explainScore(unknownCost, scheme, everyone).metrics[0]!;
    expect(roas).toMatchObject({ raw: null, normalized: null, used: 0, contribution: 0 });
  });

  it('rejects a typo before any data is scored', () => {
    expect(() => defineScoring({ metrics: [{ metric: 'roas', weight: 1, normalize: 'percentile' as never }] })).toThrow(
      /metrics\.0\.normalize: unknown normaliser: use one of none, minmax, zscore, rank/,
    );
  });
});
