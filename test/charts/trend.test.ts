import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, InvalidInputError, InvalidOptionsError, trend, type TrendDatum } from '../../src/index.js';
import { deepFreeze, event } from './helpers.js';

const values = (out: TrendDatum[], metric: string, series: string | null = null) =>
  out.filter((d) => d.metric === metric && d.series === series).map((d) => [d.period, d.value]);

// Two influencers over two ISO weeks; nothing on 2025-09-03; 'b' has one big day and one tiny day.
const rows = deepFreeze([
  event({ influencerId: 'a', date: '2025-09-01', impressions: 1000, clicks: 10, addToCart: 2, purchases: 1, revenue: 0.1 }),
  event({ influencerId: 'b', date: '2025-09-01', impressions: 100000, clicks: 10000, addToCart: 100, purchases: 50, revenue: 0.2 }),
  event({ influencerId: 'a', date: '2025-09-02', impressions: 500, clicks: 5, addToCart: 1, purchases: 0, revenue: 0.3 }),
  event({ influencerId: 'b', date: '2025-09-04', impressions: 100, clicks: 10, addToCart: 10, purchases: 10, revenue: 1 }),
  event({ influencerId: 'a', date: '2025-09-08', impressions: 200, clicks: 4, addToCart: 0, purchases: 0, revenue: 0 }),
  event({ influencerId: 'c', date: null, impressions: 999, clicks: 9, addToCart: 9, purchases: 9, revenue: 9 }),
]);

describe('trend', () => {
  it('gives daily totals and ratio-of-sums rates, every day from the first to the last, undated rows left out', () => {
    const out = trend(rows, { metrics: ['clicks', 'revenue', 'ctr', 'purchaseRate'] });
    const days = ['2025-09-01', '2025-09-02', '2025-09-03', '2025-09-04', '2025-09-05', '2025-09-06', '2025-09-07', '2025-09-08'];
    expect(values(out, 'clicks')).toEqual(days.map((d, i) => [d, [10010, 5, 0, 10, 0, 0, 0, 4][i]]));
    expect(values(out, 'revenue')[0]).toEqual(['2025-09-01', expect.closeTo(0.3, 15)]);
    expect(values(out, 'revenue')[2]).toEqual(['2025-09-03', 0]);
    // Ratio of sums: 10010 clicks over 101000 impressions, not the mean of 0.01 and 0.1.
    expect(values(out, 'ctr')[0]![1]).toBeCloseTo(10010 / 101000, 15);
    expect(values(out, 'ctr')[2]![1]).toBeNull();
    expect(values(out, 'purchaseRate')[1]![1]).toBe(0);
    expect(out[0]).toEqual({ period: '2025-09-01', start: '2025-09-01', unit: 'day', series: null, metric: 'clicks', metricLabel: 'Clicks', statistic: 'total', value: 10010 });
    expect(out.find((d) => d.metric === 'ctr')!.statistic).toBe('ratioOfSums');
  });

  it('rolls up ISO weeks and months, with exact money sums', () => {
    const weeks = trend(rows, { period: 'week', metrics: ['revenue', 'overallConversion'] });
    expect(values(weeks, 'revenue')).toEqual([
      ['2025-W36', 1.6], // 0.1 + 0.2 + 0.3 + 1, exactly rounded
      ['2025-W37', 0],
    ]);
    expect(weeks[0]!.start).toBe('2025-09-01');
    expect(values(weeks, 'overallConversion')[0]![1]).toBeCloseTo(61 / 101600, 15);
    const months = trend(rows, { period: 'month', metrics: ['purchases'] });
    expect(values(months, 'purchases')).toEqual([['2025-09', 61]]);
    expect(months[0]!.unit).toBe('month');
  });

  it('splits by influencer, ids sorted numerically', () => {
    const out = trend(
      [event({ influencerId: '10', date: '2025-01-01', clicks: 1 }), event({ influencerId: '9', date: '2025-01-02', clicks: 2 })],
      { by: 'influencer', metrics: ['clicks'] },
    );
    expect(out.map((d) => [d.series, d.period, d.value])).toEqual([
      ['9', '2025-01-01', 0],
      ['9', '2025-01-02', 2],
      ['10', '2025-01-01', 1],
      ['10', '2025-01-02', 0],
    ]);
  });

  it('splits by segment in label order, keeping an empty segment and collecting unsegmented influencers last', () => {
    const segments = [
      { influencerId: 'a', segment: 'High' },
      { influencerId: 'b', segment: 'Low' },
    ];
    const out = trend(rows, { period: 'week', by: 'segment', segments, labels: ['Low', 'Mid', 'High'], metrics: ['purchases', 'ctr'] });
    expect([...new Set(out.map((d) => d.series))]).toEqual(['Low', 'Mid', 'High']);
    expect(values(out, 'purchases', 'Low')).toEqual([
      ['2025-W36', 60],
      ['2025-W37', 0],
    ]);
    expect(values(out, 'purchases', 'Mid')).toEqual([
      ['2025-W36', 0],
      ['2025-W37', 0],
    ]);
    expect(values(out, 'ctr', 'Mid')).toEqual([
      ['2025-W36', null],
      ['2025-W37', null],
    ]);
    const partial = trend(rows, { by: 'segment', segments: [segments[0]!], labels: ['Low', 'High'], metrics: ['clicks'], period: 'month' });
    expect(partial.map((d) => [d.series, d.value])).toEqual([
      ['Low', 0],
      ['High', 19],
      [null, 10010],
    ]);
  });

  it('gives null revenue for an export without revenue, and nothing for rows without dates', () => {
    const leads = [event({ influencerId: 'a', date: '2025-01-01', clicks: 3, impressions: 10 })];
    expect(trend(leads, { metrics: ['revenue', 'rpc'] }).map((d) => d.value)).toEqual([null, null]);
    expect(trend([event({ influencerId: 'a' })])).toEqual([]);
    expect(trend([])).toEqual([]);
  });

  it('picks the period from the span with period: auto', () => {
    const span = (last: string) => trend([event({ influencerId: 'a', date: '2024-01-01' }), event({ influencerId: 'a', date: last })], { period: 'auto', metrics: ['rows'] })[0]!.unit;
    expect(span('2024-04-29')).toBe('day'); // 120 days
    expect(span('2024-04-30')).toBe('week');
    expect(span('2025-12-31')).toBe('week');
    expect(span('2026-01-01')).toBe('month');
  });

  it('reads per-day aggregates the same as rows', () => {
    const dated = rows.filter((r) => r.date !== null);
    const { groups } = aggregate(dated, { by: ['date'] });
    expect(trend(groups, { metrics: ['rows', 'clicks', 'ctr'] })).toEqual(trend(dated, { metrics: ['rows', 'clicks', 'ctr'] }));
  });

  it('does not depend on the order of the rows', () => {
    const money = fc.double({ min: 0, max: 1e6, noNaN: true });
    const row = fc.record({
      influencerId: fc.constantFrom('1', '2', '10'),
      date: fc.constantFrom('2025-03-30', '2025-03-31', '2025-04-06', '2025-04-07'),
      impressions: fc.nat(1000),
      clicks: fc.nat(100),
      revenue: money,
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.integer(), (partials, seed) => {
        const input = partials.map((p) => event(p));
        const shuffled = [...input].sort((x, y) => ((input.indexOf(x) * 7919 + seed) % 31) - ((input.indexOf(y) * 7919 + seed) % 31));
        for (const period of ['day', 'week', 'month'] as const) {
          expect(JSON.stringify(trend(shuffled, { period, by: 'influencer' }))).toBe(JSON.stringify(trend(input, { period, by: 'influencer' })));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rejects bad options and dates with typed errors', () => {
    expect(() => trend(rows, { metrics: ['score' as 'ctr'] })).toThrow(InvalidOptionsError);
    expect(() => trend(rows, { period: 'year' as 'day' })).toThrow(InvalidOptionsError);
    expect(() => trend(rows, { by: 'category' as 'segment' })).toThrow(InvalidOptionsError);
    expect(() => trend(rows, { by: 'segment', segments: [] })).toThrow(/requires `segments`/);
    expect(() => trend([event({ influencerId: 'a', date: '2025-13-01' })])).toThrow(InvalidInputError);
  });
});
