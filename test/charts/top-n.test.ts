import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidOptionsError, topN } from '../../src/index.js';
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
