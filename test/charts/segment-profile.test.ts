import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_METRICS, InvalidOptionsError, segmentProfile } from '../../src/index.js';
import { deepFreeze } from './helpers.js';

const labels = ['Low', 'Mid', 'High'];
// 'Mid' is empty; 'High' has a null ctr and a null revenue.
const rows = deepFreeze([
  { segment: 'Low', impressions: 1000, clicks: 10, addToCart: 2, purchases: 1, revenue: 30, ctr: 0.01 },
  { segment: 'High', impressions: 100, clicks: 0, addToCart: 0, purchases: 0, revenue: null, ctr: null },
  { segment: 'High', impressions: 1000, clicks: 50, addToCart: 10, purchases: 5, revenue: 200, ctr: 0.05 },
  { segment: 'High', impressions: 9000, clicks: 90, addToCart: 30, purchases: 9, revenue: 100, ctr: 0.01 },
  { segment: null, impressions: 5, clicks: 5, addToCart: 5, purchases: 5, revenue: 5000, ctr: 1 },
]);

describe('segmentProfile', () => {
  it('gives the mean per segment in label order, metric by metric, with the statistic named', () => {
    const out = segmentProfile(rows, { labels, metrics: ['revenue', 'ctr'] });
    expect(out.map((d) => [d.metric, d.segment, d.statistic, d.value, d.n])).toEqual([
      ['revenue', 'Low', 'mean', 30, 1],
      ['revenue', 'Mid', 'mean', null, 0],
      ['revenue', 'High', 'mean', 150, 2],
      ['ctr', 'Low', 'mean', 0.01, 1],
      ['ctr', 'Mid', 'mean', null, 0],
      ['ctr', 'High', 'mean', expect.closeTo(0.03, 15), 2],
    ]);
    expect(out[0]!.metricLabel).toBe('Revenue');
    expect(out[3]!.metricLabel).toBe('CTR');
  });

  it('names a total as a total, and sums exactly', () => {
    const out = segmentProfile(rows, { labels, metrics: ['revenue', 'purchases'], statistic: 'total' });
    expect(out.filter((d) => d.segment === 'High').map((d) => [d.metric, d.statistic, d.value])).toEqual([
      ['revenue', 'total', 300],
      ['purchases', 'total', 14],
    ]);
    const money = segmentProfile(
      [0.1, 0.2, 0.3].map((revenue) => ({ segment: 'Low', revenue })),
      { labels: ['Low'], metrics: ['revenue'], statistic: 'total' },
    );
    expect(money[0]!.value).toBe(0.6); // 0.1 + 0.2 + 0.3 is 0.6000000000000001 in naive summation
  });

  it('gives the median', () => {
    const out = segmentProfile(rows, { labels, metrics: ['ctr'], statistic: 'median' });
    expect(out.map((d) => d.value)).toEqual([0.01, null, 0.03]);
  });

  it('pools rates as a ratio of the segment sums', () => {
    const out = segmentProfile(rows, { labels, metrics: ['ctr', 'rpc'], statistic: 'ratioOfSums' });
    // High: clicks 0 + 50 + 90 = 140 over 100 + 1000 + 9000 = 10100 impressions; revenue 300 over 140 clicks.
    expect(out.find((d) => d.metric === 'ctr' && d.segment === 'High')!.value).toBeCloseTo(140 / 10100, 15);
    expect(out.find((d) => d.metric === 'rpc' && d.segment === 'High')!.value).toBeCloseTo(300 / 140, 15);
    expect(out.find((d) => d.metric === 'ctr' && d.segment === 'Mid')!.value).toBeNull();
  });

  it('refuses statistics that mean nothing for a metric', () => {
    expect(() => segmentProfile(rows, { labels, metrics: ['ctr'], statistic: 'total' })).toThrow(/total of "ctr" means nothing/);
    expect(() => segmentProfile(rows, { labels, metrics: ['revenue'], statistic: 'ratioOfSums' })).toThrow(InvalidOptionsError);
    expect(() => segmentProfile(rows, { labels, metrics: ['ctr'], statistic: 'sum' as 'total' })).toThrow(/statistic/);
    expect(() => segmentProfile(rows, { labels, metrics: ['nope'] })).toThrow(/no row has a field "nope"/);
  });

  it('handles a single influencer and defaults to the standard metrics', () => {
    const one = [{ segment: 'High', revenue: 10, ctr: 0.1, atcRate: null, purchaseRate: 0.5, overallConversion: 0.01, rpc: 2 }];
    const out = segmentProfile(one, { labels });
    expect(out).toHaveLength(DEFAULT_PROFILE_METRICS.length * 3);
    expect(out.filter((d) => d.segment === 'High').map((d) => d.value)).toEqual([10, 0.1, null, 0.5, 0.01, 2]);
    expect(out.filter((d) => d.segment !== 'High').every((d) => d.value === null && d.n === 0)).toBe(true);
  });
});
