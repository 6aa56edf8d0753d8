import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, funnelPlot } from '../../src/uncertainty/index.js';
import { overdispersionFactor } from '../../src/uncertainty/funnel-plot.js';
import { normalUpperTail } from '../../src/uncertainty/multiple-testing.js';
import { expectError } from '../support/expect-error.js';

interface Reference {
  normalUpperTail: { x: number; sf: number; mpmath: number }[];
  benjaminiHochberg: { p: number[]; q: number[] };
  funnelPlot: {
    impressions: number[];
    clicks: number[];
    target: number;
    z: number[];
    phi: number;
    zAdjusted: number[];
    p: number[];
    q: number[];
    limits: { exposure: number; low95: number; high95: number; low998: number; high998: number }[];
  };
}
// numpy/scipy values: test/uncertainty/reference.py.
const reference = JSON.parse(readFileSync(new URL('../fixtures/uncertainty-reference.json', import.meta.url), 'utf8')) as Reference;

const relative = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('normalUpperTail', () => {
  it('matches mpmath (40 digits) to 5e-15 and scipy.stats.norm.sf to 1e-12 relative, far into the tail', () => {
    for (const { x, sf, mpmath } of reference.normalUpperTail) {
      expect(relative(normalUpperTail(x), mpmath), `x = ${x}`).toBeLessThan(5e-15);
      expect(relative(normalUpperTail(x), sf), `x = ${x}`).toBeLessThan(1e-12);
    }
    expect(normalUpperTail(40)).toBe(0);
    expect(normalUpperTail(-40)).toBe(1);
  });
});

describe('benjaminiHochberg', () => {
  it('matches scipy.stats.false_discovery_control(method="bh")', () => {
    const q = benjaminiHochberg(reference.benjaminiHochberg.p);
    q.forEach((v, i) => expect(relative(v, reference.benjaminiHochberg.q[i]!)).toBeLessThan(1e-12));
  });

  it('matches a hand computation', () => {
    // Sorted: 0.005 (×4/1 = 0.02), 0.01 (×4/2 = 0.02), 0.03 (×4/3 = 0.04), 0.04 (×4/4 = 0.04).
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 15));
  });

  it('is monotone in p, at least p, at most 1', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }), (p) => {
        const q = benjaminiHochberg(p);
        p.forEach((pi, i) => {
          expect(q[i]!).toBeGreaterThanOrEqual(pi);
          expect(q[i]!).toBeLessThanOrEqual(1);
          p.forEach((pj, j) => {
            if (pi < pj) expect(q[i]!).toBeLessThanOrEqual(q[j]!);
          });
        });
      }),
      { numRuns: 100 },
    );
  });

  it('refuses values outside [0, 1]', () => {
    expectError(() => benjaminiHochberg([0.5, 1.5]), 'INVALID_INPUT', /p-values in \[0, 1\]/);
  });
});

describe('funnelPlot', () => {
  const f = reference.funnelPlot;
  const lines = f.impressions.map((impressions, i) => ({ influencerId: `i${i}`, impressions, clicks: f.clicks[i]!, addToCart: 0, purchases: 0 }));

  it('matches the numpy/scipy reference: target, phi, z, p and q-values', () => {
    const plot = funnelPlot(lines, { metric: 'ctr' });
    expect(relative(plot.target, f.target)).toBeLessThan(1e-14);
    expect(relative(plot.phi!, f.phi)).toBeLessThan(1e-12);
    expect(plot.phiUsed).toBe(plot.phi);
    plot.points.forEach((point, i) => {
      expect(relative(point.z, f.zAdjusted[i]!)).toBeLessThan(1e-12);
      expect(relative(point.pValue, f.p[i]!)).toBeLessThan(1e-10);
      expect(relative(point.qValue, f.q[i]!)).toBeLessThan(1e-10);
    });
    // The two planted outliers (4.5% and 0.8%) are flagged; nobody else is.
    expect(plot.points.filter((p) => p.flag !== 'within').map((p) => [p.influencerId, p.flag])).toEqual([
      ['i11', 'above'],
      ['i16', 'below'],
    ]);
  });

  it('matches the reference limits at the smallest and largest exposure', () => {
    const plot = funnelPlot(lines, { metric: 'ctr', steps: 3 });
    const [first, , last] = plot.limits;
    for (const [got, want] of [
      [first!, f.limits[0]!],
      [last!, f.limits[2]!],
    ] as const) {
      expect(got.exposure).toBe(want.exposure);
      for (const key of ['low95', 'high95', 'low998', 'high998'] as const) expect(relative(got[key], want[key])).toBeLessThan(1e-12);
    }
  });

  it('estimates phi by hand on five z-scores (10% winsorising at R-7 quantiles)', () => {
    // Sorted -2, -1, 0, 1, 5: the 10% and 90% quantiles are -1.6 and 3.4, so -2 -> -1.6 and 5 -> 3.4.
    const phi = overdispersionFactor(Float64Array.of(0, 5, -1, 1, -2), 0.1)!;
    expect(phi).toBeCloseTo((1.6 ** 2 + 1 + 0 + 1 + 3.4 ** 2) / 5, 14);
    expect(overdispersionFactor(Float64Array.of(0, 5, -1, 1, -2), 0)).toBeCloseTo((4 + 1 + 0 + 1 + 25) / 5, 14);
    expect(overdispersionFactor(new Float64Array(0), 0.1)).toBeNull();
  });

  it('keeps the limits at their binomial width when the rates are not over-dispersed, or when asked', () => {
    const even = Array.from({ length: 30 }, (_, i) => ({ influencerId: String(i), impressions: 10_000, clicks: 200, addToCart: 20, purchases: 5 }));
    const plot = funnelPlot(even, { metric: 'ctr' });
    expect(plot.phi).toBe(0);
    expect(plot.phiUsed).toBe(1);
    expect(plot.points.every((p) => p.flag === 'within' && p.z === 0 && p.pValue === 1)).toBe(true);
    expect(plot.limits).toHaveLength(1);
    const se = Math.sqrt((0.02 * 0.98) / 10_000);
    expect(plot.limits[0]!.high95).toBeCloseTo(0.02 + 1.959963984540054 * se, 14);
    const off = funnelPlot(lines, { metric: 'ctr', overdispersion: false });
    expect(off.phiUsed).toBe(1);
    expect(off.points.filter((p) => p.flag !== 'within').length).toBeGreaterThan(2);
  });

  it('plots each rate on its own trials, skips lines without trials, caps anomalies', () => {
    const plot = funnelPlot(
      [
        { influencerId: 'a', impressions: 1000, clicks: 20, addToCart: 4, purchases: 1 },
        { influencerId: 'b', impressions: 500, clicks: 0, addToCart: 0, purchases: 0 },
        { influencerId: 'c', impressions: 800, clicks: 10, addToCart: 12, purchases: 2 },
      ],
      { metric: 'atcRate', target: 0.3 },
    );
    expect(plot.target).toBe(0.3);
    expect(plot.points.map((p) => [p.influencerId, p.exposure, p.successes, p.value])).toEqual([
      ['a', 20, 4, 0.2],
      ['c', 10, 10, 1],
    ]);
    expect(plot.limits[0]!.exposure).toBe(10);
    expect(plot.limits.at(-1)!.exposure).toBe(20);
  });

  it('has limits that narrow with exposure and never leave [0, 1]', () => {
    const plot = funnelPlot(lines, { metric: 'ctr' });
    expect(plot.limits).toHaveLength(100);
    for (let i = 1; i < plot.limits.length; i++) {
      const a = plot.limits[i - 1]!;
      const b = plot.limits[i]!;
      expect(b.exposure).toBeGreaterThan(a.exposure);
      expect(b.high998 - b.low998).toBeLessThanOrEqual(a.high998 - a.low998);
      expect(b.low998).toBeGreaterThanOrEqual(0);
      expect(b.low998).toBeLessThanOrEqual(b.low95);
      expect(b.high95).toBeLessThanOrEqual(b.high998);
    }
    expect(JSON.stringify(plot)).not.toMatch(/NaN|null/);
  });

  it('gives an empty plot for no lines', () => {
    expect(funnelPlot([], { metric: 'purchaseRate' })).toEqual({ metric: 'purchaseRate', target: 0, phi: null, phiUsed: 1, points: [], limits: [] });
  });

  it('validates its options', () => {
    expectError(() => funnelPlot(lines, { metric: 'rpc' as never }), 'INVALID_OPTIONS', /metric: expected one of ctr, atcRate, purchaseRate, overallConversion/);
    expectError(() => funnelPlot(lines, { metric: 'ctr', target: 1 }), 'INVALID_OPTIONS', /target/);
    expectError(() => funnelPlot(lines, { metric: 'ctr', winsorize: 0.5 }), 'INVALID_OPTIONS', /winsorize/);
    expectError(() => funnelPlot(lines, { metric: 'ctr', colour: 'red' } as never), 'INVALID_OPTIONS', /colour/);
    expectError(() => funnelPlot(lines, undefined as never), 'INVALID_OPTIONS', /metric/);
    expectError(() => funnelPlot([{ influencerId: 'x', impressions: -1, clicks: 0, addToCart: 0, purchases: 0 }], { metric: 'ctr' }), 'INVALID_INPUT', /impressions/);
  });
});
