import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToPartials, exactSum, ExactSum, partialsValue } from '../src/base/exact-sum.js';

// Doubles of every magnitude, with heavy cancellation and signed zeros.
const doubles = fc.array(
  fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.integer({ min: -1000, max: 1000 }),
    fc.constantFrom(0, -0, 1e308, -1e308, 2 ** -1074, 0.1, 0.2, 0.3),
  ),
  { maxLength: 60 },
);

// Far enough from the largest double that no running total overflows.
const bounded = fc.array(fc.oneof(fc.double({ min: -1e300, max: 1e300, noNaN: true }), fc.constantFrom(0, -0, 2 ** -1074, 0.1, 0.2, 0.3)), { maxLength: 60 });

describe('ExactSum', () => {
  it('gives the value of the partials of addToPartials, bit for bit, after every addition', () => {
    fc.assert(
      fc.property(doubles, (values) => {
        const partials: number[] = [];
        const sum = new ExactSum();
        expect(Object.is(sum.value(), partialsValue(partials))).toBe(true);
        for (const v of values) {
          addToPartials(partials, v);
          sum.add(v);
          expect(Object.is(sum.value(), partialsValue(partials))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is exact: any order gives the same double, and 0.1 + 0.2 + 0.3 rounds once', () => {
    expect(exactSum([0.1, 0.2, 0.3])).toBe(0.6);
    expect(exactSum([1e300, 1, -1e300])).toBe(1);
    fc.assert(
      fc.property(bounded, fc.integer(), (values, seed) => {
        const shuffled = values.map((v, i) => [v, (Math.imul(i + 1, 2654435761) ^ seed) >>> 0] as const).sort((a, b) => a[1] - b[1]).map(([v]) => v);
        const a = new ExactSum();
        for (const v of values) a.add(v);
        const b = new ExactSum();
        for (const v of shuffled) b.add(v);
        expect(b.value()).toBe(a.value());
      }),
      { numRuns: 200 },
    );
  });
});
