import { describe, expect, it } from 'vitest';
import { presets } from '../../src/scoring/presets.js';
import { smallSampleEstimates } from '../../src/metrics/small-sample.js';
import { compareInfluencers, DRAWN_METRICS, rankIntervals, type FunnelLine } from '../../src/uncertainty/index.js';
import { expectError } from '../support/expect-error.js';

function source(lines: readonly FunnelLine[]) {
  const { lines: estimated, priors } = smallSampleEstimates(lines.map((l) => ({ revenue: null, cost: null, ...l })));
  return { influencers: estimated, priors };
}

/** A population around two named influencers. */
function population(ana: Partial<FunnelLine>, ben: Partial<FunnelLine>) {
  const base = { impressions: 20_000, clicks: 400, addToCart: 40, purchases: 10, revenue: 500, cost: 200 };
  return source([
    { influencerId: 'Ana', ...base, ...ana },
    { influencerId: 'Ben', ...base, ...ben },
    ...Array.from({ length: 20 }, (_, i) => ({
      influencerId: `p${i}`,
      impressions: 10_000 + 1000 * i,
      clicks: 150 + 15 * i,
      addToCart: 15 + (i % 5),
      purchases: 3 + (i % 4),
      revenue: (3 + (i % 4)) * (45 + i),
      cost: 100 + 10 * i,
    })),
  ]);
}

describe('compareInfluencers', () => {
  it('is antisymmetric: swapping the two swaps every outcome', () => {
    const s = population({ clicks: 600, purchases: 14, revenue: 800 }, {});
    const ab = compareInfluencers(s, 'Ana', 'Ben', { draws: 200 });
    const ba = compareInfluencers(s, 'Ben', 'Ana', { draws: 200 });
    for (const [x, y] of [[ab.score!, ba.score!], ...DRAWN_METRICS.map((m) => [ab.metrics[m]!, ba.metrics[m]!])] as const) {
      expect(x.pABetter).toBeCloseTo(y.pBBetter, 12);
      expect(x.lossIfA).toBeCloseTo(y.lossIfB, 12);
      expect(x.differenceLow).toBeCloseTo(-y.differenceHigh, 12);
    }
  });

  it('tells a clearly better influencer apart, on the score and per metric, in a plain sentence', () => {
    const s = population({ impressions: 200_000, clicks: 6000, addToCart: 700, purchases: 300, revenue: 18_000, cost: 1500 }, {});
    const c = compareInfluencers(s, 'Ana', 'Ben', { draws: 300 });
    expect(c.score!.pABetter).toBeGreaterThan(0.95);
    expect(c.metrics.ctr!.pABetter).toBeGreaterThan(0.99);
    // Ana's cost per purchase (5) is far below Ben's (20): lower is better for cpa and cpc.
    expect(c.metrics.cpa!.pABetter).toBeGreaterThan(0.99);
    expect(c.metrics.cpa!.differenceHigh).toBeLessThan(0);
    expect(c.sentence).toMatch(/^Ana beats Ben on the score in (\d+%|more than 99%) of draws; choosing Ana (risks losing (\d\.\d\d|less than 0\.01) score points on average|loses nothing in any draw)\.$/);
    expect(c.score!.lossIfB).toBeGreaterThan(c.score!.lossIfA);
  });

  it('leads the sentence with whoever is ahead', () => {
    const s = population({ clicks: 250, addToCart: 20, purchases: 3, revenue: 120 }, { clicks: 800, addToCart: 90, purchases: 30, revenue: 1800 });
    const c = compareInfluencers(s, 'Ana', 'Ben', { draws: 200 });
    expect(c.score!.pABetter).toBeLessThan(0.5);
    expect(c.sentence.startsWith('Ben beats Ana on the score in ')).toBe(true);
  });

  it('says when a score is missing, and gives null metrics where a value is missing', () => {
    const s = population({ impressions: 0, clicks: 0, addToCart: 0, purchases: 0, revenue: null, cost: null }, {});
    const c = compareInfluencers(s, 'Ana', 'Ben', { draws: 50, scoring: { ...presets.default.scoring, missing: 'null' } });
    expect(c.score).toBeNull();
    expect(c.sentence).toBe("Ana has no score (no data for the scheme's metrics), so the score cannot tell Ana and Ben apart.");
    for (const m of DRAWN_METRICS) expect(c.metrics[m]).toBeNull();
  });

  it('reads the same draws as rankIntervals: a certain ranking gives a certain comparison', () => {
    const s = population({ impressions: 90_000 }, { impressions: 10_000 });
    const scoring = { metrics: [{ metric: 'impressions', weight: 1 }] };
    expect(compareInfluencers(s, 'Ana', 'Ben', { draws: 20, scoring }).score).toMatchObject({ pABetter: 1, lossIfA: 0 });
    const ranks = rankIntervals(s, { draws: 20, scoring });
    expect(ranks[0]!.rankHigh).toBeLessThan(ranks[1]!.rankLow!);
    const c = compareInfluencers(s, 'Ana', 'Ben', { draws: 20, scoring });
    expect(c.sentence).toBe('Ana beats Ben on the score in 100% of draws; choosing Ana loses nothing in any draw.');
  });

  it('is deterministic', () => {
    const s = population({ clicks: 450 }, {});
    expect(compareInfluencers(s, 'Ana', 'Ben', { draws: 60, seed: 3 })).toEqual(compareInfluencers(s, 'Ana', 'Ben', { draws: 60, seed: 3 }));
  });

  it('validates its input', () => {
    const s = population({}, {});
    expectError(() => compareInfluencers(s, 'Ana', 'Ana'), 'INVALID_INPUT', /two different influencers/);
    expectError(() => compareInfluencers(s, 'Ana', 'Zoe'), 'INVALID_INPUT', /no influencer "Zoe"/);
    expectError(() => compareInfluencers(s, 'Ana', 7 as never), 'INVALID_INPUT', /two influencer ids/);
    expectError(() => compareInfluencers(s, 'Ana', 'Ben', { k: 3 } as never), 'INVALID_OPTIONS', /k/);
  });
});
