// The @example of each chart function, run as written with the output its comment states.
import { describe, expect, it } from 'vitest';
import { funnelFlow, metricHeatmap, metricLabel, periodOf, segmentProfile, segmentShare, topN } from '../../src/index.js';

describe('TSDoc examples of the chart shapes', () => {
  it('segmentShare', () => {
    expect(segmentShare([{ segment: 'High' }, { segment: 'Low' }, { segment: 'High' }], ['Low', 'Mid', 'High'])).toEqual([
      { segment: 'Low', count: 1, share: 1 / 3 },
      { segment: 'Mid', count: 0, share: 0 },
      { segment: 'High', count: 2, share: 2 / 3 },
    ]);
  });

  it('topN', () => {
    const out = topN(
      [
        { influencerId: '1', revenue: 50, segment: 'Low' },
        { influencerId: '2', revenue: 900, segment: 'High' },
        { influencerId: '3', revenue: null, segment: null },
      ],
      { metric: 'revenue', n: 20 },
    );
    expect(out).toMatchObject([
      { rank: 1, influencerId: '2', value: 900, metric: 'revenue' },
      { rank: 2, influencerId: '1', value: 50 },
    ]);
    expect(out).toHaveLength(2);
  });

  it('segmentProfile', () => {
    const out = segmentProfile(
      [
        { segment: 'Low', revenue: 10, ctr: 0.01 },
        { segment: 'High', revenue: 90, ctr: null },
        { segment: 'High', revenue: 110, ctr: 0.03 },
      ],
      { labels: ['Low', 'Mid', 'High'], metrics: ['revenue', 'ctr'] },
    );
    expect(out.slice(0, 4)).toMatchObject([
      { segment: 'Low', metric: 'revenue', statistic: 'mean', value: 10, n: 1 },
      { segment: 'Mid', metric: 'revenue', value: null, n: 0 },
      { segment: 'High', metric: 'revenue', value: 100, n: 2 },
      { segment: 'Low', metric: 'ctr' },
    ]);
  });

  it('metricHeatmap', () => {
    const out = metricHeatmap(
      [
        { segment: 'Low', ctr: 0.3, overallConversion: 0.001 },
        { segment: 'High', ctr: 0.35, overallConversion: 0.005 },
      ],
      { order: ['Low', 'Mid', 'High'], metrics: ['ctr', 'overallConversion'] },
    );
    expect(out.slice(0, 4)).toMatchObject([
      { row: 'Low', column: 'ctr', value: 0.3, normalized: 0 },
      { row: 'Mid', column: 'ctr', value: null, normalized: null, n: 0 },
      { row: 'High', column: 'ctr', value: 0.35, normalized: 1 },
      { row: 'Low', column: 'overallConversion', value: 0.001, normalized: 0 },
    ]);
  });

  it('funnelFlow', () => {
    expect(funnelFlow([{ impressions: 1000, clicks: 50, addToCart: 10, purchases: 4 }]).slice(0, 2)).toEqual([
      { step: 'impressions', label: 'Impressions', count: 1000, fromPrevious: null, fromStart: 1, dropOff: null },
      { step: 'clicks', label: 'Clicks', count: 50, fromPrevious: 0.05, fromStart: 0.05, dropOff: 950 },
    ]);
  });

  it('periodOf and metricLabel', () => {
    expect(periodOf('2025-09-03', 'week')).toEqual({ period: '2025-W36', start: '2025-09-01' });
    expect(periodOf('2024-12-30', 'week')).toEqual({ period: '2025-W01', start: '2024-12-30' });
    expect(periodOf('2025-09-03', 'month')).toEqual({ period: '2025-09', start: '2025-09-01' });
    expect(metricLabel('atcRate')).toBe('Add-to-cart rate');
    expect(metricLabel('engagementRate')).toBe('Engagement rate');
  });
});
