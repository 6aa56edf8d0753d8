import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidOptionsError, topN } from '../../src/index.js';
import { compareIds } from '../../src/base/ids.js';
import { deepFreeze } from './helpers.js';

const rows = deepFreeze([
  { influencerId: '2', revenue: 50, cpa: 4, segment: 'Low' },
  { influencerId: '10', revenue: 900, cpa: 2, segment: 'High' },
  { influencerId: '9', revenue: 120, cpa: null, segment: 'Mid' },
  { influencerId: '3', revenue: null, cpa: 1, segment: null },
  { influencerId: '1', revenue: 120, cpa: 8, segment: 'Mid' },
]);

describe('topN', () => {
  it('sorts by the value, largest first, ties by id numerically, and leaves out missing values', () => {
    const out = topN(rows, { metric: 'revenue', n: 20 });
    expect(out.map((d) => [d.rank, d.influencerId, d.value])).toEqual([
      [1, '10', 900],
      [2, '1', 120],
      [3, '9', 120],
      [4, '2', 50],
    ]);
    expect(out[0]).toMatchObject({ metric: 'revenue', metricLabel: 'Revenue', segment: 'High' });
  });

  it('keeps the first n', () => {
    expect(topN(rows, { n: 2 }).map((d) => d.influencerId)).toEqual(['10', '1']);
    expect(topN(rows, { n: 0 })).toEqual([]);
  });

  it('sorts ascending on request (cheapest first)', () => {
    expect(topN(rows, { metric: 'cpa', order: 'ascending' }).map((d) => d.influencerId)).toEqual(['3', '10', '2', '1']);
  });

  it('handles a single influencer and an empty input', () => {
    expect(topN([{ influencerId: 'a', revenue: 5 }])).toEqual([{ rank: 1, influencerId: 'a', value: 5, metric: 'revenue', metricLabel: 'Revenue', segment: null }]);
    expect(topN([])).toEqual([]);
  });

  it('rejects a bad n, an unknown order, a metric no row has, and a non-array', () => {
    expect(() => topN(rows, { n: -1 })).toThrow(InvalidOptionsError);
    expect(() => topN(rows, { n: 2.5 })).toThrow(/non-negative integer/);
    expect(() => topN(rows, { order: 'up' as 'ascending' })).toThrow(InvalidOptionsError);
    expect(() => topN(rows, { metric: 'revenu' as 'revenue' })).toThrow(/no row has a field "revenu"/);
    expect(() => topN(null as unknown as [])).toThrow(InvalidInputError);
  });
});

/** The straightforward top-N: every row sorted (stable), then the first n. */
function sortedTopN(rows: readonly { influencerId: string; v: number | null; segment: string | null }[], n: number, sign: number) {
  return rows
    .map((row) => ({ row, value: row.v }))
    .filter((d): d is { row: (typeof rows)[number]; value: number } => d.value !== null && Number.isFinite(d.value))
    .sort((a, b) => sign * (b.value - a.value) || compareIds(a.row.influencerId, b.row.influencerId))
    .slice(0, n)
    .map((d, i) => ({ rank: i + 1, influencerId: d.row.influencerId, value: d.value, segment: d.row.segment }));
}

describe('topN bounded selection', () => {
  it('gives what sorting every row gives, ties (values and ids) included', () => {
    const row = fc.record({
      influencerId: fc.oneof(fc.constantFrom('1', '2', '10', '007', '7', 'a', 'b'), fc.nat(30).map(String)),
      v: fc.oneof(fc.constantFrom(null, 0, -0, 1, 2, 2.5, -3, Number.NaN, Infinity), fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true })),
      segment: fc.constantFrom('Low', 'High', null),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 300 }), fc.nat(40), fc.constantFrom('descending', 'ascending'), (rows, n, order) => {
        Object.freeze(rows);
        const out = topN(rows, { metric: 'v', n, order: order as 'descending' | 'ascending' });
        const expected = sortedTopN(rows, n, order === 'descending' ? 1 : -1);
        expect(out.map(({ rank, influencerId, value, segment }) => ({ rank, influencerId, value, segment }))).toEqual(expected);
        // the same row objects' order, -0 kept as given
        expect(out.map((d) => Object.is(d.value, -0))).toEqual(expected.map((d) => Object.is(d.value, -0)));
      }),
      { numRuns: 300 },
    );
  });
});
