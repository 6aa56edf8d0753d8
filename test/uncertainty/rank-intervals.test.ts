import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/scoring/presets.js';
import { score } from '../../src/scoring/scoring.js';
import { smallSampleEstimates } from '../../src/metrics/small-sample.js';
import { OrderStatistics } from '../../src/uncertainty/order-statistics.js';
import { intervalPositions } from '../../src/uncertainty/interval.js';
import { rankIntervals, toFunnelColumns, type FunnelLine } from '../../src/uncertainty/index.js';
import { expectError } from '../support/expect-error.js';

/** Lines with their fitted priors, as `analyze` would give them. */
function source(lines: readonly FunnelLine[]) {
  const { lines: estimated, priors } = smallSampleEstimates(lines.map((l) => ({ revenue: null, cost: null, ...l })));
  return { influencers: estimated, priors };
}

const lineArb = fc.record({
  impressions: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 200_000 })),
  ctr: fc.double({ min: 0, max: 0.2, noNaN: true }),
  atc: fc.double({ min: 0, max: 0.5, noNaN: true }),
  pr: fc.double({ min: 0, max: 0.8, noNaN: true }),
  value: fc.option(fc.double({ min: 0, max: 300, noNaN: true }), { nil: null, freq: 5 }),
  cpm: fc.option(fc.double({ min: 0, max: 20, noNaN: true }), { nil: null, freq: 2 }),
});
const populationArb = fc.array(lineArb, { minLength: 1, maxLength: 25 }).map((specs) =>
  specs.map((s, i): FunnelLine => {
    const clicks = Math.round(s.impressions * s.ctr);
    const addToCart = Math.round(clicks * s.atc);
    const purchases = Math.round(addToCart * s.pr);
    return {
      influencerId: `i${i}`,
      impressions: s.impressions,
      clicks,
      addToCart,
      purchases,
      revenue: s.value === null ? null : Math.round(purchases * s.value * 100) / 100,
      cost: s.cpm === null ? null : Math.round(s.impressions * s.cpm * 0.1) / 100,
    };
  }),
);

const byId = <T extends { influencerId: string }>(lines: readonly T[]) => new Map(lines.map((l) => [l.influencerId, l]));

describe('rankIntervals: properties', () => {
  it('gives P(top k) summing to min(k, scored influencers), bounds in order, no NaN', () => {
    fc.assert(
      fc.property(populationArb, fc.integer({ min: 1, max: 12 }), fc.constantFrom('worst', 'reweight', 'null'), (lines, k, missing) => {
        const scheme = { ...presets.default.scoring, missing } as const;
        const s = source(lines);
        const out = rankIntervals(s, { draws: 30, k, scoring: scheme });
        const scored = score(s.influencers, scheme).filter((r) => r.score !== null).length;
        expect(out.reduce((sum, l) => sum + l.pTopK, 0)).toBeCloseTo(Math.min(k, scored), 9);
        for (const l of out) {
          expect(JSON.stringify(l)).not.toMatch(/NaN|Infinity/);
          expect(l.pTopK).toBeGreaterThanOrEqual(0);
          expect(l.pTopK).toBeLessThanOrEqual(1 + 1e-12);
          if (l.rankLow === null) {
            expect(l.rankHigh).toBeNull();
            expect(l.pTopK).toBe(0);
          } else {
            expect(l.rankLow).toBeGreaterThanOrEqual(1);
            expect(l.rankLow).toBeLessThanOrEqual(l.rankHigh!);
            expect(l.rankHigh).toBeLessThanOrEqual(scored);
          }
          for (const m of ['rpc', 'rpi', 'roas', 'cpa', 'cpc'] as const) {
            const low = l[`${m}Low`];
            const high = l[`${m}High`];
            if (low !== null && high !== null) expect(low).toBeLessThanOrEqual(high);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('does not depend on the order of the lines, and columns give what lines give', () => {
    fc.assert(
      fc.property(populationArb, fc.integer(), (lines, seed) => {
        const s = source(lines);
        const shuffled = [...s.influencers].sort((a, b) => ((a.impressions * 7919 + seed) % 13) - ((b.impressions * 7919 + seed) % 13) || a.influencerId.localeCompare(b.influencerId));
        const one = byId(rankIntervals(s, { draws: 20, seed }));
        const two = byId(rankIntervals({ influencers: shuffled, priors: s.priors }, { draws: 20, seed }));
        expect(two).toEqual(one);
        const columns = toFunnelColumns(s.influencers);
        expect(byId(rankIntervals({ columns, priors: s.priors }, { draws: 20, seed }))).toEqual(one);
      }),
      { numRuns: 25 },
    );
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const s = source(Array.from({ length: 30 }, (_, i) => ({ influencerId: String(i), impressions: 2000 + 300 * i, clicks: 40 + (i % 7), addToCart: 5 + (i % 3), purchases: 1 + (i % 2), revenue: 60 + i })));
    const a = rankIntervals(s, { draws: 50, seed: 9 });
    expect(rankIntervals(s, { draws: 50, seed: 9 })).toEqual(a);
    expect(rankIntervals(s, { draws: 50, seed: 10 })).not.toEqual(a);
  });
});

describe('rankIntervals: semantics', () => {
  it('holds metrics the draws do not cover at their point values: a scheme on impressions alone is certain', () => {
    const lines = [3000, 1000, 5000, 2000].map((impressions, i) => ({ influencerId: `n${i}`, impressions, clicks: 30, addToCart: 3, purchases: 1, revenue: 10 }));
    const out = rankIntervals(source(lines), { draws: 40, k: 2, scoring: { metrics: [{ metric: 'impressions', weight: 1 }] } });
    expect(out.map((l) => [l.rankLow, l.rankHigh, l.pTopK])).toEqual([
      [2, 2, 1],
      [4, 4, 0],
      [1, 1, 1],
      [3, 3, 0],
    ]);
  });

  it('shares the last top-k places among ties', () => {
    const lines = Array.from({ length: 4 }, (_, i) => ({ influencerId: `t${i}`, impressions: 1000, clicks: 10, addToCart: 1, purchases: 0, revenue: 0 }));
    const out = rankIntervals(source(lines), { draws: 10, k: 3, scoring: { metrics: [{ metric: 'impressions', weight: 1 }] } });
    for (const l of out) {
      expect(l.pTopK).toBeCloseTo(0.75, 12);
      expect([l.rankLow, l.rankHigh]).toEqual([1, 1]);
    }
  });

  it('gives null rank bounds and P(top k) 0 to influencers with a null score', () => {
    const lines = [
      { influencerId: 'a', impressions: 10_000, clicks: 200, addToCart: 20, purchases: 5, revenue: 250 },
      { influencerId: 'b', impressions: 8000, clicks: 150, addToCart: 12, purchases: 3, revenue: 140 },
      { influencerId: 'none', impressions: 0, clicks: 0, addToCart: 0, purchases: 0, revenue: null },
    ];
    const out = rankIntervals(source(lines), { draws: 30, scoring: { ...presets.default.scoring, missing: 'null' } });
    expect(out[2]).toMatchObject({ influencerId: 'none', rankLow: null, rankHigh: null, pTopK: 0, rpcLow: null, rpiLow: null });
    expect(out[0]!.pTopK + out[1]!.pTopK).toBeCloseTo(2, 12);
    // Under the default `worst` policy too: an influencer with no data for any metric has no score.
    const worst = rankIntervals(source(lines), { draws: 30 });
    expect(worst[2]).toMatchObject({ influencerId: 'none', rankLow: null, rankHigh: null, pTopK: 0 });
    expect(worst[0]!.pTopK + worst[1]!.pTopK).toBeCloseTo(2, 12);
  });

  it("scores with the options' scheme, else the source's scheme, else its preset's", () => {
    const lines = [
      { influencerId: 'a', impressions: 10_000, clicks: 200, addToCart: 20, purchases: 5, revenue: 250 },
      { influencerId: 'b', impressions: 8000, clicks: 150, addToCart: 0, purchases: 0, revenue: 0 },
    ];
    const s = source(lines);
    // The classic scheme gives a null score to an influencer without add-to-carts (no purchase rate).
    expect(rankIntervals({ ...s, preset: 'classic' }, { draws: 20 })[1]!.rankLow).toBeNull();
    expect(rankIntervals({ ...s, preset: 'default' }, { draws: 20 })[1]!.rankLow).not.toBeNull();
    const byImpressions = { metrics: [{ metric: 'impressions', weight: 1 }] };
    expect(rankIntervals({ ...s, preset: 'classic', scoring: byImpressions }, { draws: 20 }).map((l) => l.rankLow)).toEqual([1, 2]);
    expect(rankIntervals({ ...s, preset: 'classic' }, { draws: 20, scoring: byImpressions }).map((l) => l.rankLow)).toEqual([1, 2]);
  });

  it('gives money intervals where the point metric exists, null elsewhere', () => {
    const lines = [
      { influencerId: 'full', impressions: 50_000, clicks: 1000, addToCart: 100, purchases: 25, revenue: 1250, cost: 400 },
      { influencerId: 'noClicks', impressions: 500, clicks: 0, addToCart: 0, purchases: 0, revenue: 0, cost: 5 },
      { influencerId: 'noPurchases', impressions: 4000, clicks: 80, addToCart: 4, purchases: 0, revenue: 0, cost: 30 },
      { influencerId: 'noMoney', impressions: 9000, clicks: 150, addToCart: 10, purchases: 2, revenue: null, cost: null },
      { influencerId: 'free', impressions: 9000, clicks: 150, addToCart: 10, purchases: 2, revenue: 90, cost: 0 },
    ];
    const out = byId(rankIntervals(source(lines), { draws: 200 }));
    const full = out.get('full')!;
    for (const m of ['rpc', 'rpi', 'roas', 'cpa', 'cpc'] as const) expect(full[`${m}Low`]).not.toBeNull();
    expect(full.rpcLow! < 1.25 && 1.25 < full.rpcHigh!).toBe(true);
    expect(full.cpcLow! < 0.4 && 0.4 < full.cpcHigh!).toBe(true);
    expect(full.cpaLow! < 16 && 16 < full.cpaHigh!).toBe(true);
    expect(full.roasLow! < 3.125 && 3.125 < full.roasHigh!).toBe(true);
    expect(out.get('noClicks')).toMatchObject({ rpcLow: null, rpcHigh: null, cpcLow: null, cpaLow: null });
    expect(out.get('noClicks')!.rpiLow).not.toBeNull();
    expect(out.get('noPurchases')).toMatchObject({ cpaLow: null, cpaHigh: null });
    expect(out.get('noPurchases')!.cpcLow).not.toBeNull();
    expect(out.get('noMoney')).toMatchObject({ rpcLow: null, rpiLow: null, roasLow: null, cpaLow: null, cpcLow: null });
    expect(out.get('free')).toMatchObject({ roasLow: null, roasHigh: null, cpaLow: 0, cpaHigh: 0, cpcLow: 0, cpcHigh: 0 });
  });

  it('narrows the intervals as the data grow', () => {
    const make = (scale: number) =>
      Array.from({ length: 12 }, (_, i) => ({
        influencerId: String(i),
        impressions: 10_000 * scale,
        clicks: (150 + 10 * i) * scale,
        addToCart: (15 + i) * scale,
        purchases: (4 + (i % 4)) * scale,
        revenue: (4 + (i % 4)) * scale * (40 + i),
      }));
    const width = (scale: number) => rankIntervals(source(make(scale)), { draws: 200 }).reduce((w, l) => w + (l.rankHigh! - l.rankLow!), 0);
    expect(width(100)).toBeLessThan(width(1));
  });

  it('scores extra columns held at their values, and names a field no line has', () => {
    const lines = [
      { influencerId: 'a', impressions: 1000, clicks: 20, addToCart: 2, purchases: 1, revenue: 30, engagement: 0.05 },
      { influencerId: 'b', impressions: 1200, clicks: 25, addToCart: 3, purchases: 1, revenue: 40, engagement: 0.09 },
    ];
    const out = rankIntervals(source(lines), { draws: 20, k: 1, scoring: { metrics: [{ metric: 'engagement', weight: 1 }] } });
    expect(out.map((l) => l.pTopK)).toEqual([0, 1]);
    expectError(() => rankIntervals(source(lines), { scoring: { metrics: [{ metric: 'followerCount', weight: 1 }] } }), 'INVALID_OPTIONS', /followerCount/);
  });

  it('validates its options and input', () => {
    const s = source([{ influencerId: 'a', impressions: 10, clicks: 1, addToCart: 0, purchases: 0 }]);
    expectError(() => rankIntervals(s, { draws: 0 }), 'INVALID_OPTIONS', /draws/);
    expectError(() => rankIntervals(s, { draws: 1.5 }), 'INVALID_OPTIONS', /draws: expected an integer/);
    expectError(() => rankIntervals(s, { level: 1 }), 'INVALID_OPTIONS', /level: expected a number strictly between 0 and 1/);
    expectError(() => rankIntervals(s, { k: 0 }), 'INVALID_OPTIONS', /k: expected k >= 1/);
    expectError(() => rankIntervals(s, { seed: 0.5 }), 'INVALID_OPTIONS', /seed/);
    expectError(() => rankIntervals(s, { draw: 10 } as never), 'INVALID_OPTIONS', /draw/);
    expectError(() => rankIntervals(s, { scoring: { metrics: [{ metric: 'ctr', weight: -1 }] } }), 'INVALID_SCHEME', /weight/);
    expectError(() => rankIntervals({ influencers: s.influencers } as never), 'INVALID_INPUT', /priors/);
    expectError(() => rankIntervals(null as never), 'INVALID_INPUT', /influencers, priors/);
    expectError(() => rankIntervals({ ...s, influencers: [...s.influencers, ...s.influencers] }), 'INVALID_INPUT', /appears twice/);
    expectError(
      () => rankIntervals({ columns: { ...toFunnelColumns(s.influencers), clicks: new Float64Array(2) }, priors: s.priors }),
      'INVALID_INPUT',
      /`clicks` has 2 values for 1 ids/,
    );
  });

  it('handles no influencers at all', () => {
    expect(rankIntervals(source([]))).toEqual([]);
  });
});

describe('OrderStatistics', () => {
  it('keeps exactly the interval bounds of the sorted draws', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 40, maxLength: 40 }), { minLength: 1, maxLength: 5 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (slots, level) => {
        const draws = 40;
        const [lo, hi] = intervalPositions(draws, level);
        const stats = new OrderStatistics(slots.length, lo + 1);
        for (let d = 0; d < draws; d++) {
          slots.forEach((values, i) => stats.add(i, values[d]!));
          stats.next();
        }
        slots.forEach((values, i) => {
          const sorted = Float64Array.from(values).sort();
          // Equal as numbers (-0 and 0 are the same order statistic).
          expect(stats.lowAt(i) === sorted[lo]).toBe(true);
          expect(stats.highAt(i) === sorted[hi]).toBe(true);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('places the bounds at outward order statistics', () => {
    expect(intervalPositions(100, 0.9)).toEqual([4, 95]);
    expect(intervalPositions(101, 0.9)).toEqual([5, 95]);
    expect(intervalPositions(1000, 0.9)).toEqual([49, 950]);
    expect(intervalPositions(1, 0.9)).toEqual([0, 0]);
  });
});
