import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, metricHeatmap } from '../../src/index.js';
import { deepFreeze } from './helpers.js';

const rows = deepFreeze([
  { segment: 'Low', category: 'food', purchaseRate: 0.2, overallConversion: 0.001 },
  { segment: 'Mid', category: 'tech', purchaseRate: 0.25, overallConversion: 0.003 },
  { segment: 'High', category: 'food', purchaseRate: 0.3, overallConversion: 0.005 },
  { segment: 'High', category: 'tech', purchaseRate: null, overallConversion: 0.005 },
]);

describe('metricHeatmap', () => {
  it('normalises each column on its own, so small rates are not flattened by large ones', () => {
    const out = metricHeatmap(rows, { order: ['Low', 'Mid', 'High'], metrics: ['purchaseRate', 'overallConversion'] });
    expect(out.map((d) => [d.column, d.row, d.value, d.normalized, d.n])).toEqual([
      ['purchaseRate', 'Low', 0.2, 0, 1],
      ['purchaseRate', 'Mid', 0.25, expect.closeTo(0.5, 12), 1],
      ['purchaseRate', 'High', 0.3, 1, 1],
      ['overallConversion', 'Low', 0.001, 0, 1],
      ['overallConversion', 'Mid', 0.003, expect.closeTo(0.5, 12), 1],
      ['overallConversion', 'High', 0.005, 1, 2],
    ]);
    expect(out.every((d) => d.statistic === 'mean')).toBe(true);
    expect(out[3]!.columnLabel).toBe('Overall conversion');
  });

  it('keeps an empty row of the order with null values', () => {
    const out = metricHeatmap(rows, { order: ['Low', 'Empty', 'High'], metrics: ['purchaseRate'] });
    expect(out.map((d) => [d.row, d.value, d.normalized, d.n])).toEqual([
      ['Low', 0.2, 0, 1],
      ['Empty', null, null, 0],
      ['High', 0.3, 1, 1],
    ]);
  });

  it('gives 0.5 to a column of equal values, and scales by the largest absolute value with normalize: max', () => {
    const equal = metricHeatmap([{ segment: 'A', ctr: 0.1 }, { segment: 'B', ctr: 0.1 }], { metrics: ['ctr'] });
    expect(equal.map((d) => d.normalized)).toEqual([0.5, 0.5]);
    const max = metricHeatmap(rows, { order: ['Low', 'Mid', 'High'], metrics: ['overallConversion'], normalize: 'max' });
    expect(max.map((d) => d.normalized)).toEqual([0.2, 0.6, 1].map((v) => expect.closeTo(v, 12)));
  });

  it('rows by another field, sorted, when no order is given', () => {
    const out = metricHeatmap(rows, { by: 'category', metrics: ['overallConversion'] });
    expect(out.map((d) => [d.row, d.value])).toEqual([
      ['food', 0.003],
      ['tech', 0.004],
    ]);
  });

  it('handles a single influencer', () => {
    const out = metricHeatmap([{ segment: 'High', ctr: 0.02, rpc: null }], { order: ['Low', 'High'], metrics: ['ctr', 'rpc'] });
    expect(out.map((d) => [d.row, d.column, d.value, d.normalized])).toEqual([
      ['Low', 'ctr', null, null],
      ['High', 'ctr', 0.02, 0.5],
      ['Low', 'rpc', null, null],
      ['High', 'rpc', null, null],
    ]);
  });

  it('rejects unknown options with typed errors', () => {
    expect(() => metricHeatmap(rows, { normalize: 'zscore' as 'max' })).toThrow(InvalidOptionsError);
    expect(() => metricHeatmap(rows, { metrics: ['ctr'], statistic: 'total' })).toThrow(InvalidOptionsError);
    expect(() => metricHeatmap(rows, { order: ['A', 'A'], metrics: ['purchaseRate'] })).toThrow(/twice/);
  });
});
