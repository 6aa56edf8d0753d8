import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, exactSum, parseEvents, parseEventsCSV } from '../../src/index.js';
import { withRows } from '../helpers/rows.js';

const csv = readFileSync(new URL('../../examples/data/events.csv', import.meta.url), 'utf8');
const events = withRows(parseEventsCSV(csv));
const report = analyze(events);
const { charts } = report;

describe('analyze(...).charts', () => {
  it('has the six chart shapes', () => {
    expect(Object.keys(charts)).toEqual(['segmentShare', 'topByRevenue', 'segmentProfile', 'funnelFlow', 'heatmap', 'trend']);
  });

  it('segment share covers every influencer, in label order', () => {
    expect(charts.segmentShare.map((d) => d.segment)).toEqual(report.segments);
    expect(charts.segmentShare.reduce((s, d) => s + d.count, 0)).toBe(report.influencers.length);
  });

  it('top by revenue holds the 20 largest revenues, largest first', () => {
    const revenues = report.influencers.map((i) => i.revenue!).sort((a, b) => b - a);
    expect(charts.topByRevenue.map((d) => d.value)).toEqual(revenues.slice(0, 20));
    for (const d of charts.topByRevenue) expect(report.influencers.find((i) => i.influencerId === d.influencerId)!.segment).toBe(d.segment);
  });

  it('segment profile holds the median per segment of the influencer lines, so one tiny influencer cannot sway it', () => {
    const high = report.influencers.filter((i) => i.segment === 'High');
    const datum = charts.segmentProfile.find((d) => d.segment === 'High' && d.metric === 'revenue')!;
    expect(datum).toMatchObject({ statistic: 'median', n: high.length });
    const sorted = high.map((i) => i.revenue!).sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    expect(datum.value).toBeCloseTo(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2, 6);
    // Revenue per click: the median of Mid stays near the other segments' (the mean was 27 against High's 3).
    const rpc = (segment: string) => charts.segmentProfile.find((d) => d.segment === segment && d.metric === 'rpc')!.value!;
    expect(rpc('Mid')).toBeLessThan(3 * rpc('High'));
  });

  it('the heatmap holds segment x metric cells with normalised values in [0, 1]', () => {
    expect(charts.heatmap).toHaveLength(report.segments.length * 6);
    for (const d of charts.heatmap) {
      expect(report.segments).toContain(d.row);
      expect(d.normalized).toBeGreaterThanOrEqual(0);
      expect(d.normalized).toBeLessThanOrEqual(1);
    }
  });

  it('the funnel starts at the total impressions of the used rows', () => {
    expect(charts.funnelFlow[0]!.count).toBe(exactSum(events.rows.map((r) => r.impressions)));
  });

  it('the trend is daily by segment and its totals add up to the whole', () => {
    const revenue = charts.trend.filter((d) => d.metric === 'revenue');
    expect(new Set(revenue.map((d) => d.unit))).toEqual(new Set(['day']));
    expect([...new Set(revenue.map((d) => d.series))]).toEqual(report.segments);
    expect(new Set(revenue.map((d) => d.period)).size).toBe(30);
    expect(exactSum(revenue.map((d) => d.value!))).toBeCloseTo(exactSum(events.rows.map((r) => r.revenue!)), 6);
  });

  it('serialises without NaN or Infinity', () => {
    const json = JSON.stringify(charts);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(json)).toEqual(charts);
  });

  it('adds cost metrics when the data has cost, and honours trendPeriod', () => {
    const withCost = analyze(
      withRows(parseEvents([
        { influencer_id: '1', date: '2025-01-01', impressions: 100, clicks: 10, add_to_cart: 2, purchases: 1, revenue: 50, cost: 20 },
        { influencer_id: '2', date: '2025-01-09', impressions: 200, clicks: 10, add_to_cart: 5, purchases: 2, revenue: 10, cost: 5 },
      ])),
      { trendPeriod: 'week' },
    );
    expect([...new Set(withCost.charts.heatmap.map((d) => d.column))]).toContain('roas');
    expect([...new Set(withCost.charts.segmentProfile.map((d) => d.metric))]).toContain('cpa');
    expect([...new Set(withCost.charts.trend.map((d) => d.period))]).toEqual(['2025-W01', '2025-W02']);
    expect(report.charts.heatmap.some((d) => d.column === 'roas')).toBe(false);
  });
});
