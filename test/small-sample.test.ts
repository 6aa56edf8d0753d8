import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactSum } from '../src/exact-sum.js';
import { fitBetaPrior, RATE_COUNTS, shrinkRates, shrinkRatios, wilson, type IntervalRate } from '../src/intervals.js';
import { estimateArrays } from '../src/small-sample.js';

// Influencer lines with funnel anomalies (more clicks than impressions...), zero counts and missing revenue.
const lineArb = fc.record({
  influencerId: fc.string({ maxLength: 3 }),
  impressions: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2_000_000 })),
  clicks: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 50_000 })),
  addToCart: fc.integer({ min: 0, max: 5_000 }),
  purchases: fc.integer({ min: 0, max: 2_000 }),
  revenue: fc.option(fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 100), { nil: null, freq: 4 }),
});
const linesArb = fc.array(lineArb, { maxLength: 30 });

const asNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

describe('estimateArrays', () => {
  it('gives, for each rate, exactly what fitBetaPrior, shrinkRates and wilson give per line', () => {
    fc.assert(
      fc.property(linesArb, fc.constantFrom(0.8, 0.95, 0.99), (raw, confidence) => {
        const lines = Object.freeze(raw.map((l) => Object.freeze(l)));
        const { rates, priors } = estimateArrays(lines, () => undefined, confidence);
        expect(priors.confidence).toBe(confidence);
        for (const name of Object.keys(RATE_COUNTS) as IntervalRate[]) {
          const { successes, trials } = RATE_COUNTS[name];
          const counts = lines.map((l) => ({ successes: Math.min(l[successes], l[trials]), trials: l[trials] }));
          expect(priors[name]).toEqual(fitBetaPrior(counts));
          expect(Array.from(rates[name].shrunk, asNull)).toEqual(shrinkRates(counts).values);
          counts.forEach((c, i) => {
            const interval = wilson(c.successes, c.trials, { confidence });
            expect(asNull(rates[name].low[i]!)).toBe(interval?.low ?? null);
            expect(asNull(rates[name].high[i]!)).toBe(interval?.high ?? null);
          });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gives the money ratios shrinkRatios gives with the compound-Poisson noise of docs/scoring.md', () => {
    fc.assert(
      fc.property(linesArb, (raw) => {
        const lines = Object.freeze(raw.map((l) => Object.freeze(l)));
        const { money, priors } = estimateArrays(lines, () => undefined);
        const withRevenue = lines.filter((l) => l.revenue !== null);
        const purchases = withRevenue.reduce((s, l) => s + l.purchases, 0);
        const orderValueSquare = purchases > 0 ? exactSum(withRevenue.map((l) => (l.purchases > 0 ? l.revenue! ** 2 / l.purchases : 0))) / purchases : 0;
        for (const [name, exposureKey] of [['rpc', 'clicks'], ['rpi', 'impressions']] as const) {
          const groups = withRevenue.map((l) => ({ value: l.revenue!, exposure: l[exposureKey] }));
          const exposure = exactSum(groups.map((g) => g.exposure));
          const expected = shrinkRatios(groups, purchases > 0 && exposure > 0 ? { withinVariance: (purchases / exposure) * orderValueSquare } : {});
          expect(priors[name]).toEqual(expected.prior);
          const values = lines.map((l) => (l.revenue === null ? null : expected.values[withRevenue.indexOf(l)]!));
          expect(Array.from(money[name], asNull)).toEqual(values);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('fails on a bad count as the public functions do', () => {
    const line = { influencerId: 'a', impressions: 10, clicks: 2, addToCart: 1, purchases: 1, revenue: null };
    expect(() => estimateArrays([line, { ...line, clicks: -1 }], () => undefined)).toThrow(/fitBetaPrior requires `successes.1` to be a finite number >= 0, got -1/);
    expect(() => estimateArrays([line, { ...line, impressions: '10' as never }], () => undefined)).toThrow(/fitBetaPrior requires `trials.1` to be a finite number >= 0/);
    expect(() => estimateArrays([line, { ...line, revenue: -5 }], () => undefined)).toThrow(/shrinkRatios requires `value.0` to be a finite number >= 0, got -5/);
    expect(() => estimateArrays([line], () => undefined, 1.5)).toThrow(/`confidence` must be a number strictly between 0 and 1/);
  });
});
