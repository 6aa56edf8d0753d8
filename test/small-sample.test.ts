import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactSum } from '../src/base/exact-sum.js';
import { fitBetaPrior, RATE_COUNTS, shrinkRates, shrinkRatios, wilson, type IntervalRate } from '../src/metrics/intervals.js';
import { estimateArrays } from '../src/metrics/small-sample.js';

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

/** fitBetaPrior as documented, every sum exactly rounded over the counts with trials. */
function referencePrior(counts: readonly { successes: number; trials: number }[]) {
  const used = counts.filter((c) => c.trials > 0);
  const k = used.length;
  const trials = exactSum(used.map((c) => c.trials));
  const mean = trials > 0 ? exactSum(used.map((c) => c.successes)) / trials : 0;
  const make = (strength: number, overdispersion: number | null) => ({ mean, alpha: mean * strength, beta: (1 - mean) * strength, strength, overdispersion, groups: k, trials });
  if (k < 2 || mean <= 0 || mean >= 1) return make(0, null);
  const spread = exactSum(used.map((c) => c.trials * (c.successes / c.trials - mean) ** 2));
  const denominator = trials - exactSum(used.map((c) => c.trials * c.trials)) / trials - (k - 1);
  if (!(denominator > 0)) return make(0, null);
  const rho = (spread / (mean * (1 - mean)) - (k - 1)) / denominator;
  if (rho >= 1) return make(0, 1);
  if (rho <= 0) return make(trials, 0);
  return make(Math.min(1 / rho - 1, trials), rho);
}

describe('count totals', () => {
  it('sum whole, fractional and huge counts exactly (fitBetaPrior and shrinkRatios)', () => {
    const count = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1000, noNaN: true }), fc.constantFrom(2 ** 52, 2 ** 53 - 1, 2 ** 60, 3e15));
    const counts = fc.array(
      fc.tuple(count, fc.double({ min: 0, max: 1, noNaN: true })).map(([trials, share]) => ({ trials, successes: Math.min(trials, Math.floor(trials * share)) })),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(counts, (cs) => {
        expect(fitBetaPrior(cs)).toEqual(referencePrior(cs));
        const groups = cs.map((c) => ({ value: c.successes * 1.5, exposure: c.trials }));
        const prior = shrinkRatios(groups, { withinVariance: 2 }).prior;
        const used = groups.filter((g) => g.exposure > 0);
        const exposure = exactSum(used.map((g) => g.exposure));
        expect(prior.exposure).toBe(exposure);
        expect(prior.groups).toBe(used.length);
        const mean = exposure > 0 ? exactSum(used.map((g) => g.value)) / exposure : 0;
        expect(prior.mean).toBe(mean);
        const spread = exactSum(used.map((g) => g.exposure * (g.value / g.exposure - mean) ** 2));
        const denominator = exposure - exactSum(used.map((g) => g.exposure * g.exposure)) / exposure;
        expect(prior.betweenVariance).toBe(used.length >= 2 && denominator > 0 ? Math.max(0, (spread - (used.length - 1) * 2) / denominator) : null);
      }),
      { numRuns: 300 },
    );
  });
});
