import { describe, expect, it } from 'vitest';
import { smallSampleEstimates } from '../../src/metrics/small-sample.js';
import { comparePeriodTotals, DRAWN_METRICS, toFunnelColumns, type FunnelLine } from '../../src/uncertainty/index.js';
import { expectError } from '../support/expect-error.js';
import { observe, sampler, totalsOf, trueInfluencers } from './simulate.js';

describe('comparePeriodTotals on simulated windows with planted changes', () => {
  for (const seed of [1, 2, 3]) {
    it(`finds most planted improvements with P(improved) > 0.9 and few unchanged influencers (seed ${seed})`, () => {
      const s = sampler(seed);
      const truth = trueInfluencers(s, 200);
      // 40 influencers click 50% more in the current window; 30 others convert twice as often.
      const ctrUp = new Set(truth.slice(0, 40).map((t) => t.influencerId));
      const purchaseUp = new Set(truth.slice(40, 70).map((t) => t.influencerId));
      const later = truth.map((t) => ({
        ...t,
        ctr: ctrUp.has(t.influencerId) ? t.ctr * 1.5 : t.ctr,
        purchaseRate: purchaseUp.has(t.influencerId) ? Math.min(0.95, t.purchaseRate * 2) : t.purchaseRate,
      }));
      const previousRows = observe(s, truth, 30, { cpm: 8 });
      const currentRows = observe(s, later, 30, { firstDay: 30, cpm: 8 });
      // The priors of both windows, fitted on both together.
      const both = [...previousRows, ...currentRows];
      const { priors } = smallSampleEstimates(totalsOf(both), both);
      const previous = totalsOf(previousRows);
      const result = comparePeriodTotals({ previous, current: totalsOf(currentRows), priors });
      const lines = result.influencers;
      const share = (keep: (id: string) => boolean, found: (l: (typeof lines)[number]) => boolean) => {
        const some = lines.filter((l) => keep(l.influencerId));
        return some.filter(found).length / some.length;
      };
      const unchanged = (id: string) => !ctrUp.has(id) && !purchaseUp.has(id);
      const carts = new Map(previous.map((t) => [t.influencerId, t.addToCart]));

      expect(share((id) => ctrUp.has(id), (l) => l.ctr.pImproved! > 0.9)).toBeGreaterThanOrEqual(0.85);
      // Cost per impression is the same in both windows, so more clicks are cheaper clicks.
      expect(share((id) => ctrUp.has(id), (l) => l.cpc.pImproved! > 0.9)).toBeGreaterThanOrEqual(0.85);
      // Purchases are rarer: doubled purchase rates are found where there were carts to convert.
      expect(share((id) => purchaseUp.has(id) && carts.get(id)! >= 50, (l) => l.purchaseRate.pImproved! > 0.9)).toBeGreaterThanOrEqual(0.9);
      expect(share((id) => purchaseUp.has(id), (l) => l.purchaseRate.pImproved! > 0.9)).toBeGreaterThanOrEqual(0.4);
      // A calibrated probability exceeds 0.9 for about 10% of unchanged influencers.
      expect(share(unchanged, (l) => l.ctr.pImproved! > 0.9)).toBeLessThanOrEqual(0.15);
      expect(share(unchanged, (l) => l.ctr.pImproved! < 0.1)).toBeLessThanOrEqual(0.15);
      expect(share((id) => !purchaseUp.has(id), (l) => l.purchaseRate.pImproved! > 0.9)).toBeLessThanOrEqual(0.1);
      expect(result.overall.ctr.pImproved).toBe(1);
    });
  }
});

function lines(specs: readonly (Partial<FunnelLine> & { influencerId: string })[]): FunnelLine[] {
  return specs.map((s) => ({ impressions: 10_000, clicks: 200, addToCart: 20, purchases: 5, revenue: 250, cost: 100, ...s }));
}

const population = Array.from({ length: 15 }, (_, i) => ({ influencerId: `p${i}`, clicks: 150 + 10 * i, purchases: 3 + (i % 4) }));
const priorsOf = (l: readonly FunnelLine[]) => smallSampleEstimates(l.map((x) => ({ revenue: null, cost: null, ...x }))).priors;

describe('comparePeriodTotals', () => {
  const previous = lines([...population, { influencerId: 'same' }, { influencerId: 'gone' }, { influencerId: 'zero', purchases: 0, revenue: 0 }]);
  const current = lines([...population, { influencerId: 'same' }, { influencerId: 'new' }, { influencerId: 'zero', purchases: 4, revenue: 200 }]);
  const priors = priorsOf([...previous, ...current]);

  it('matches influencers by id, in id order, and reports the observed change', () => {
    const result = comparePeriodTotals({ previous, current, priors }, { draws: 200 });
    expect(result.influencers.map((l) => l.influencerId)).toEqual([...population.map((p) => p.influencerId), 'gone', 'new', 'same', 'zero'].sort());
    const zero = result.influencers.find((l) => l.influencerId === 'zero')!;
    expect(zero.purchaseRate).toMatchObject({ previous: 0, current: 0.2, change: 0.2, relativeChange: null });
    // Shrunk toward a population whose purchase rates hardly vary, 0 of 20 then 4 of 20 is weak evidence.
    expect(zero.purchaseRate.pImproved).toBeGreaterThan(0.5);
    expect(zero.cpa).toMatchObject({ previous: null, current: 25, change: null, low: null, high: null, pImproved: null });
    const same = result.influencers.find((l) => l.influencerId === 'same')!;
    for (const m of DRAWN_METRICS) {
      expect(same[m].change).toBe(0);
      expect(same[m].relativeChange).toBe(0);
      expect(same[m].low!).toBeLessThan(0);
      expect(same[m].high!).toBeGreaterThan(0);
      expect(same[m].pImproved!).toBeGreaterThan(0.2);
      expect(same[m].pImproved!).toBeLessThan(0.8);
    }
    for (const id of ['gone', 'new']) {
      const line = result.influencers.find((l) => l.influencerId === id)!;
      for (const m of DRAWN_METRICS) expect(line[m]).toMatchObject({ change: null, relativeChange: null, low: null, high: null, pImproved: null });
      expect(line.ctr[id === 'gone' ? 'previous' : 'current']).toBe(0.02);
    }
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  it('is deterministic, takes columns as lines, and does not depend on line order', () => {
    const a = comparePeriodTotals({ previous, current, priors }, { draws: 50, seed: 4 });
    expect(comparePeriodTotals({ previous: toFunnelColumns(previous), current: toFunnelColumns(current), priors }, { draws: 50, seed: 4 })).toEqual(a);
    expect(comparePeriodTotals({ previous: [...previous].reverse(), current: [...current].reverse(), priors }, { draws: 50, seed: 4 })).toEqual(a);
    expect(comparePeriodTotals({ previous, current, priors }, { draws: 50, seed: 5 })).not.toEqual(a);
  });

  it('compares the totals over all influencers in `overall`', () => {
    const result = comparePeriodTotals({ previous, current, priors }, { draws: 100 });
    const clicks = (l: FunnelLine[]) => l.reduce((s, x) => s + x.clicks, 0);
    const impressions = (l: FunnelLine[]) => l.reduce((s, x) => s + x.impressions, 0);
    expect(result.overall.ctr.previous).toBeCloseTo(clicks(previous) / impressions(previous), 15);
    expect(result.overall.ctr.current).toBeCloseTo(clicks(current) / impressions(current), 15);
  });

  it('validates its input and options', () => {
    expectError(() => comparePeriodTotals({ previous, current, priors }, { draws: -1 }), 'INVALID_OPTIONS', /draws/);
    expectError(() => comparePeriodTotals({ previous, current, priors }, { k: 2 } as never), 'INVALID_OPTIONS', /k/);
    expectError(() => comparePeriodTotals({ previous, current } as never), 'INVALID_INPUT', /priors/);
    expectError(() => comparePeriodTotals({ previous: null, current, priors } as never), 'INVALID_INPUT', /previous/);
    expectError(() => comparePeriodTotals(null as never), 'INVALID_INPUT', /previous, current, priors/);
  });
});
