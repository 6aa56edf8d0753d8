import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/uncertainty/random.js';

const reference = JSON.parse(readFileSync(new URL('../fixtures/uncertainty-reference.json', import.meta.url), 'utf8')) as {
  xoshiro128starstar: { state: number[]; outputs: number[] };
};

/** Mean and variance of `count` values of `draw`. */
function moments(draw: () => number, count: number): { mean: number; variance: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < count; i++) {
    const x = draw();
    sum += x;
    squares += x * x;
  }
  const mean = sum / count;
  return { mean, variance: squares / count - mean * mean };
}

describe('Random', () => {
  it('is xoshiro128** 1.0: the reference outputs from the state {1, 2, 3, 4}', () => {
    const rng = new Random();
    const words = Int32Array.from(reference.xoshiro128starstar.state);
    rng.load(words, Float64Array.of(NaN), 0);
    const outputs = reference.xoshiro128starstar.outputs.map(() => rng.uint32());
    expect(outputs).toEqual(reference.xoshiro128starstar.outputs);
  });

  it('gives the same stream for the same seed, id and family, and different streams otherwise', () => {
    const take = (seed: number, id: string, stream: number) => {
      const rng = new Random().seed(seed, id, stream);
      return Array.from({ length: 8 }, () => rng.uint32());
    };
    expect(take(1, 'ana', 0)).toEqual(take(1, 'ana', 0));
    expect(take(1, 'ana', 0)).not.toEqual(take(2, 'ana', 0));
    expect(take(1, 'ana', 0)).not.toEqual(take(1, 'anb', 0));
    expect(take(1, 'ana', 0)).not.toEqual(take(1, 'ana', 1));
    expect(take(1, '7', 0)).not.toEqual(take(1, '007', 0));
    expect(take(2 ** 40 + 1, 'x', 0)).not.toEqual(take(1, 'x', 0));
  });

  it('resumes a stored stream exactly, spare normal included', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), fc.integer({ min: 0, max: 20 }), (seed, id, skip) => {
        const a = new Random().seed(seed, id, 0);
        for (let i = 0; i < skip; i++) a.normal();
        const words = new Int32Array(4);
        const spares = new Float64Array(1);
        a.store(words, spares, 0);
        const b = new Random();
        b.load(words, spares, 0);
        for (let i = 0; i < 5; i++) expect(b.normal()).toBe(a.normal());
      }),
      { numRuns: 50 },
    );
  });

  it('draws uniforms in (0, 1) with the right moments', () => {
    const rng = new Random().seed(3, 'u', 0);
    let inside = true;
    const { mean, variance } = moments(() => {
      const u = rng.uniform();
      if (!(u > 0 && u < 1)) inside = false;
      return u;
    }, 100_000);
    expect(inside).toBe(true);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it('draws standard normals', () => {
    const rng = new Random().seed(4, 'n', 0);
    const { mean, variance } = moments(() => rng.normal(), 200_000);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(variance).toBeCloseTo(1, 1);
  });

  it.each([0.05, 0.3, 1, 2.5, 40, 5000])('draws Γ(%f) with mean and variance equal to the shape', (shape) => {
    const rng = new Random().seed(5, `g${shape}`, 0);
    const { mean, variance } = moments(() => rng.gamma(shape), 100_000);
    expect(Math.abs(mean - shape) / shape).toBeLessThan(0.03);
    expect(Math.abs(variance - shape) / shape).toBeLessThan(0.06);
  });

  it.each([
    [0.5, 0.5],
    [0.02, 3],
    [3, 700],
    [25, 975],
    [2000, 98000],
  ])('draws Beta(%f, %f) with its mean and variance', (a, b) => {
    const rng = new Random().seed(6, `b${a}`, 0);
    const mean = a / (a + b);
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    const m = moments(() => rng.beta(a, b), 100_000);
    expect(Math.abs(m.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / 100_000) + 1e-12);
    expect(Math.abs(m.variance - variance) / variance).toBeLessThan(0.1);
  });

  it('never gives NaN for tiny shapes (log-space beta)', () => {
    const rng = new Random().seed(7, 't', 0);
    let bad = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.beta(1e-4, 1e-3);
      if (!(x >= 0 && x <= 1)) bad++;
      if (Number.isNaN(rng.logGamma(1e-6))) bad++;
    }
    expect(bad).toBe(0);
  });
});
