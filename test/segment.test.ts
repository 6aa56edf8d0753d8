import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultLabels, quantileCuts, segment } from '../src/index.js';
import { expectError } from './support/expect-error.js';

describe('quantileCuts', () => {
  it('interpolates linearly (R-7, pandas and d3 default) and skips missing values', () => {
    expect(quantileCuts([1, 2, 3, 4], [0.33, 0.66])).toEqual([1.99, 2.98]);
    expect(quantileCuts([4, null, 1, undefined, 3, 2, Number.NaN], [0.5])).toEqual([2.5]);
    expect(quantileCuts([], [0.5])).toEqual([]);
    expect(quantileCuts([7], [0.1, 0.9])).toEqual([7, 7]);
  });

  it('rejects bad probabilities and inputs', () => {
    expectError(() => quantileCuts([1, 2], []), 'INVALID_OPTIONS', /`probabilities` requires at least 1 value/);
    expectError(() => quantileCuts([1, 2], [0.5, 0.4]), 'INVALID_OPTIONS', /strictly increasing numbers between 0 and 1/);
    expectError(() => quantileCuts([1, 2], [0, 0.5]), 'INVALID_OPTIONS', /strictly increasing numbers between 0 and 1/);
    expectError(() => quantileCuts(null as never), 'INVALID_INPUT', /quantileCuts requires an iterable of numbers/);
  });
});

describe('segment', () => {
  const rows = Object.freeze([3, 1, 4, 1, 5, 9, 2, 6].map((v, i) => Object.freeze({ id: i, v })));

  it('cuts terciles with Low / Mid / High and the <= rule, keeping input order', () => {
    const { cuts, labels, rows: out } = segment(rows, { by: 'v' });
    expect(labels).toEqual(['Low', 'Mid', 'High']);
    expect(cuts).toEqual(quantileCuts(rows.map((r) => r.v), [1 / 3, 2 / 3]));
    expect(out.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    for (const r of out) expect(r.segment).toBe(r.v <= cuts[0]! ? 'Low' : r.v <= cuts[1]! ? 'Mid' : 'High');
  });

  it('puts a value equal to a cut in the lower segment, so ties never split', () => {
    const { rows: out } = segment([{ v: 1 }, { v: 2 }, { v: 2 }, { v: 2 }, { v: 3 }], { by: 'v', method: 'thresholds', thresholds: [2] });
    expect(out.map((r) => r.segment)).toEqual(['Low', 'Low', 'Low', 'Low', 'High']);
  });

  it('takes fixed thresholds (inferred from `thresholds`), any number of segments and custom labels', () => {
    const { rows: out, labels } = segment(rows, { by: (r) => r.v, thresholds: [1, 3, 5], labels: ['D', 'C', 'B', 'A'] });
    expect(labels).toEqual(['D', 'C', 'B', 'A']);
    expect(out.map((r) => r.segment)).toEqual(['C', 'D', 'B', 'D', 'B', 'A', 'C', 'A']);
    expect(segment(rows, { by: 'v', probabilities: [0.25, 0.5, 0.75] }).labels).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(defaultLabels(2)).toEqual(['Low', 'High']);
  });

  it('leaves missing values unsegmented', () => {
    const { rows: out } = segment([{ v: 1 }, { v: null }, { v: 3 }], { by: 'v' });
    expect(out[1]!.segment).toBeNull();
    expect(segment([{ v: null }], { by: 'v' }).rows[0]!.segment).toBeNull();
  });

  it('rejects bad options with typed errors', () => {
    expectError(() => segment(rows, { by: 'v', labels: ['a', 'b'] }), 'INVALID_OPTIONS', /`labels` requires 3 distinct labels \(one more than the cuts\), got 2/);
    expectError(() => segment(rows, { by: 'v', labels: ['a', 'a', 'b'] }), 'INVALID_OPTIONS', /got 3 with duplicates/);
    expectError(() => segment(rows, { by: 'v', labels: ['a', '', 'b'] }), 'INVALID_OPTIONS', /`labels` must be an array of non-blank strings/);
    expectError(() => segment(rows, { by: 'v', method: 'thresholds', thresholds: [3, 1] }), 'INVALID_OPTIONS', /non-decreasing order/);
    expectError(() => segment(rows, { by: 'v', method: 'thresholds' }), 'INVALID_OPTIONS', /`thresholds` requires at least 1 finite value/);
    expectError(() => segment(rows, { by: 'v', method: 'quantile', thresholds: [1] }), 'INVALID_OPTIONS', /`thresholds` only apply to method "thresholds"/);
    expectError(() => segment(rows, { by: 'v', thresholds: [1], probabilities: [0.5] }), 'INVALID_OPTIONS', /`probabilities` only apply to method "quantile"/);
    expectError(() => segment(rows, { by: 'v', method: 'kmeans' as never }), 'INVALID_OPTIONS', /Unknown segment method "kmeans": use "quantile" or "thresholds"/);
    expectError(() => segment(rows, { by: 3 as never }), 'INVALID_OPTIONS', /`by` must be a field name or a function/);
    expectError(() => segment(rows, null as never), 'INVALID_OPTIONS', /segment requires options/);
    expectError(() => segment('x' as never, { by: 'v' }), 'INVALID_INPUT', /segment requires an array of rows/);
  });

  it('partitions the influencers in label order (property)', () => {
    const values = fc.array(fc.option(fc.integer({ min: -20, max: 20 }).map((x) => x / 4), { nil: null, freq: 6 }), { minLength: 1, maxLength: 60 });
    const probabilities = fc
      .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 5 })
      .map((ps) => ps.sort((a, b) => a - b).map((p) => p / 100));
    fc.assert(
      fc.property(values, probabilities, (vs, ps) => {
        const rs = vs.map((v, i) => ({ i, v }));
        const { rows: out, labels, cuts } = segment(rs, { by: 'v', probabilities: ps });
        expect(labels.length).toBe(ps.length + 1);
        const index = (s: string | null) => (s === null ? -1 : labels.indexOf(s));
        for (const r of out) {
          // every present value is in exactly one known segment, missing values in none
          if (r.v === null) expect(r.segment).toBeNull();
          else expect(index(r.segment)).toBeGreaterThanOrEqual(0);
        }
        for (const a of out) {
          for (const b of out) {
            if (a.v === null || b.v === null) continue;
            if (a.v <= b.v) expect(index(a.segment)).toBeLessThanOrEqual(index(b.segment));
            if (a.v === b.v) expect(a.segment).toBe(b.segment);
          }
        }
        for (let k = 1; k < cuts.length; k++) expect(cuts[k]!).toBeGreaterThanOrEqual(cuts[k - 1]!);
      }),
    );
  });
});
