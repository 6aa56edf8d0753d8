import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitBetaPrior, shrinkRates, shrinkRatios, wilson } from '../src/index.js';
import { expectError } from './support/expect-error.js';
import { normalQuantile } from '../src/metrics/intervals.js';
import reference from './fixtures/wilson.json' with { type: 'json' };

/** mulberry32: a small seeded PRNG so simulations are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('normalQuantile', () => {
  it('matches known quantiles of the standard normal', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 13);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 11);
    expect(normalQuantile(0.0001)).toBeCloseTo(-3.719016485455709, 12);
  });
});

describe('wilson', () => {
  it.each(reference.cases)('matches scipy for $successes/$trials at $confidence', ({ successes, trials, confidence, low, high }) => {
    const interval = wilson(successes, trials, { confidence })!;
    expect(interval.low).toBeCloseTo(low, 12);
    expect(interval.high).toBeCloseTo(high, 12);
    expect(interval.estimate).toBe(successes / trials);
    expect(interval.confidence).toBe(confidence);
  });

  it('defaults to 95% and gives null without trials', () => {
    expect(wilson(3, 10)!.confidence).toBe(0.95);
    expect(wilson(0, 0)).toBeNull();
  });

  it('always brackets the estimate inside [0, 1] and narrows with more data', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e7 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), (n, share, confidence) => {
        const k = Math.floor(share * n);
        const w = wilson(k, n, { confidence })!;
        expect(w.low).toBeGreaterThanOrEqual(0);
        expect(w.high).toBeLessThanOrEqual(1);
        expect(w.low).toBeLessThanOrEqual(w.estimate);
        expect(w.high).toBeGreaterThanOrEqual(w.estimate);
        const bigger = wilson(k * 4, n * 4, { confidence })!;
        expect(bigger.high - bigger.low).toBeLessThanOrEqual(w.high - w.low + 1e-12);
      }),
    );
  });

  it('rejects bad counts and confidence levels with typed errors', () => {
    expectError(() => wilson(5, 3), 'INVALID_INPUT', /wilson requires successes <= trials, got 5 successes in 3 trials/);
    expectError(() => wilson(-1, 3), 'INVALID_INPUT', /`successes` to be a finite number >= 0, got -1/);
    expectError(() => wilson(1, Number.NaN), 'INVALID_INPUT', /`trials` to be a finite number >= 0, got NaN/);
    expectError(() => wilson(1, 3, { confidence: 1 }), 'INVALID_OPTIONS', /`confidence` must be a number strictly between 0 and 1, got 1/);
    expectError(() => wilson(1, 3, { confidence: 95 }), 'INVALID_OPTIONS', /got 95/);
  });
});

/** Draws a beta-binomial population: true rates from Beta(alpha, beta), then binomial counts. */
function simulate(seed: number, alpha: number, beta: number, groups: number, trials: () => number) {
  const random = prng(seed);
  // Beta draws from two gammas (Marsaglia–Tsang), enough for a test.
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * random() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = (1 + c * x) ** 3;
      if (v > 0 && Math.log(random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return Array.from({ length: groups }, () => {
    const a = gamma(alpha);
    const p = a / (a + gamma(beta));
    const n = trials();
    let s = 0;
    for (let i = 0; i < n; i++) if (random() < p) s++;
    return { successes: s, trials: n };
  });
}

describe('fitBetaPrior', () => {
  it('recovers the prior of a simulated beta-binomial population', () => {
    const random = prng(7);
    const counts = simulate(42, 6, 34, 400, () => 20 + Math.floor(random() * 400));
    const prior = fitBetaPrior(counts);
    expect(prior.mean).toBeCloseTo(0.15, 1);
    // true strength 40: the method of moments lands within a factor of 1.5 on 400 groups
    expect(prior.strength).toBeGreaterThan(40 / 1.5);
    expect(prior.strength).toBeLessThan(40 * 1.5);
    expect(prior.alpha + prior.beta).toBeCloseTo(prior.strength, 10);
    expect(prior.groups).toBe(400);
  });

  it('does not depend on the order of the counts', () => {
    const counts = simulate(3, 2, 18, 60, () => 50);
    const shuffled = counts.slice().reverse();
    expect(fitBetaPrior(shuffled)).toEqual(fitBetaPrior(counts));
  });

  it('has defined results for degenerate populations', () => {
    expect(fitBetaPrior([]).strength).toBe(0);
    expect(fitBetaPrior([{ successes: 3, trials: 10 }])).toMatchObject({ mean: 0.3, strength: 0, overdispersion: null, groups: 1 });
    expect(fitBetaPrior([{ successes: 0, trials: 10 }, { successes: 0, trials: 5 }])).toMatchObject({ mean: 0, strength: 0 });
    // rates that vary less than binomial noise: no detectable difference, strength at the cap (all trials)
    expect(fitBetaPrior([{ successes: 50, trials: 100 }, { successes: 50, trials: 100 }, { successes: 51, trials: 100 }])).toMatchObject({ strength: 300, overdispersion: 0 });
    // rates that differ completely (0% vs 100%): no shrinkage
    expect(fitBetaPrior([{ successes: 0, trials: 100 }, { successes: 100, trials: 100 }])).toMatchObject({ strength: 0, overdispersion: 1 });
  });

  it('rejects malformed counts', () => {
    expectError(() => fitBetaPrior([{ successes: 4, trials: 2 }]), 'INVALID_INPUT', /successes <= trials, got 4 successes in 2 trials at 0/);
    expectError(() => fitBetaPrior('x' as never), 'INVALID_INPUT', /fitBetaPrior requires an array/);
    expectError(() => fitBetaPrior([null as never]), 'INVALID_INPUT', /`successes.0` to be a finite number >= 0, got undefined/);
  });
});

describe('shrinkRates', () => {
  const population = [
    { successes: 1, trials: 1 },
    { successes: 250, trials: 1000 },
    { successes: 180, trials: 900 },
    { successes: 90, trials: 300 },
    { successes: 30, trials: 200 },
    { successes: 0, trials: 0 },
  ];

  it('pulls small samples most of the way to the population and leaves large ones almost alone', () => {
    const { prior, values } = shrinkRates(population);
    expect(prior.strength).toBeGreaterThan(0);
    expect(values[0]).toBeLessThan(0.5);
    expect(Math.abs(values[1]! - 0.25)).toBeLessThan(Math.abs(values[0]! - 1) / 10);
    expect(values[5]).toBeNull();
    values.forEach((v, i) => {
      const c = population[i]!;
      if (v === null) return;
      const raw = c.successes / c.trials;
      expect(v).toBeGreaterThanOrEqual(Math.min(raw, prior.mean) - 1e-15);
      expect(v).toBeLessThanOrEqual(Math.max(raw, prior.mean) + 1e-15);
      expect(v).toBeCloseTo((c.successes + prior.alpha) / (c.trials + prior.alpha + prior.beta), 15);
    });
  });

  it('takes a given prior and does not mutate its input', () => {
    const frozen = Object.freeze(population.map((c) => Object.freeze({ ...c })));
    const { prior, values } = shrinkRates(frozen, { prior: { alpha: 1, beta: 3 } });
    expect(prior).toMatchObject({ alpha: 1, beta: 3, strength: 4, mean: 0.25 });
    expect(values[0]).toBeCloseTo(2 / 5, 15);
  });

  it('rejects a malformed prior', () => {
    expectError(() => shrinkRates(population, { prior: { alpha: -1, beta: 2 } }), 'INVALID_OPTIONS', /`prior` requires finite `alpha` and `beta` >= 0/);
  });
});

describe('shrinkRatios', () => {
  const groups = [
    { value: 2499, exposure: 3, periods: [{ value: 0, exposure: 1 }, { value: 2499, exposure: 1 }, { value: 0, exposure: 1 }] },
    { value: 3000, exposure: 1200, periods: [{ value: 1400, exposure: 600 }, { value: 1600, exposure: 600 }] },
    { value: 1800, exposure: 900, periods: [{ value: 700, exposure: 400 }, { value: 1100, exposure: 500 }] },
    { value: 5200, exposure: 1000, periods: [{ value: 2500, exposure: 480 }, { value: 2700, exposure: 520 }] },
  ];

  it('implements the Bühlmann–Straub credibility estimate', () => {
    const { prior, values } = shrinkRatios(groups);
    const C = 3103;
    const R = (2499 + 3000 + 1800 + 5200) / C;
    expect(prior.mean).toBeCloseTo(R, 14);
    expect(prior.method).toBe('periods');
    // within variance: pooled period deviations over (T_i - 1) degrees of freedom
    let ss = 0;
    let df = 0;
    for (const g of groups) {
      const r = g.value / g.exposure;
      for (const p of g.periods) ss += p.exposure * (p.value / p.exposure - r) ** 2;
      df += g.periods.length - 1;
    }
    expect(prior.withinVariance).toBeCloseTo(ss / df, 8);
    const spread = groups.reduce((s, g) => s + g.exposure * (g.value / g.exposure - R) ** 2, 0);
    const tau2 = (spread - 3 * (ss / df)) / (C - groups.reduce((s, g) => s + g.exposure ** 2, 0) / C);
    expect(prior.betweenVariance).toBeCloseTo(Math.max(0, tau2), 8);
    const k = Math.min(ss / df / Math.max(tau2, 0), C);
    expect(prior.strength).toBeCloseTo(k, 6);
    expect(values[0]).toBeCloseTo((2499 + k * R) / (3 + k), 8);
    expect(values[0]).toBeLessThan(groups[3]!.value / groups[3]!.exposure);
  });

  it('scales with the money: multiplying every value by c multiplies every estimate by c', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1000, noNaN: true }), (c) => {
        const scaled = groups.map((g) => ({ ...g, value: g.value * c, periods: g.periods.map((p) => ({ ...p, value: p.value * c })) }));
        const a = shrinkRatios(groups);
        const b = shrinkRatios(scaled);
        expect(b.prior.strength).toBeCloseTo(a.prior.strength, 6);
        b.values.forEach((v, i) => expect(v! / c).toBeCloseTo(a.values[i]!, 8));
      }),
    );
  });

  it('does not shrink without a within variance, and takes a given one or a given strength', () => {
    const bare = groups.map(({ value, exposure }) => ({ value, exposure }));
    const none = shrinkRatios(bare);
    expect(none.prior).toMatchObject({ method: 'none', strength: 0, withinVariance: null });
    expect(none.values[0]).toBe(833);
    expect(shrinkRatios(bare, { withinVariance: 400 }).prior.method).toBe('given');
    const fixed = shrinkRatios(bare, { strength: 100 });
    expect(fixed.values[0]).toBeCloseTo((2499 + 100 * fixed.prior.mean) / 103, 12);
    expect(shrinkRatios([{ value: 5, exposure: 0 }]).values).toEqual([null]);
  });

  it('rejects malformed groups and options', () => {
    expectError(() => shrinkRatios([{ value: -1, exposure: 3 }]), 'INVALID_INPUT', /`value.0` to be a finite number >= 0, got -1/);
    expectError(() => shrinkRatios([{ value: 1, exposure: 3, periods: [{ value: 1, exposure: -2 }] }]), 'INVALID_INPUT', /`exposure.0.periods.0`/);
    expectError(() => shrinkRatios(groups, { withinVariance: Number.POSITIVE_INFINITY }), 'INVALID_OPTIONS', /`withinVariance` must be a finite number >= 0/);
    expectError(() => shrinkRatios(groups, { strength: -3 }), 'INVALID_OPTIONS', /`strength` must be a finite number >= 0, got -3/);
  });
});
