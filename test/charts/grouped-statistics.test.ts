import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricHeatmap, segmentProfile, type Statistic } from '../../src/index.js';
import { compareIds } from '../../src/base/ids.js';
import { statisticOf } from '../../src/charts/statistics.js';

const value = fc.oneof(
  fc.constantFrom(null, undefined, 0, -0, 1, 0.1, 0.2, 0.3, 1e16, -1e16, Number.NaN, Infinity, 'x'),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
  fc.double(),
);
const row = fc.record({
  segment: fc.oneof(fc.constantFrom('Low', 'Mid', 'High', 'Other', null), fc.constantFrom(3, 10, 2.5, Number.NaN)),
  impressions: fc.oneof(fc.constant(null), fc.nat(1000)),
  clicks: fc.nat(100),
  addToCart: fc.nat(50),
  purchases: fc.nat(20),
  revenue: value,
  ctr: value,
  rpc: value,
});
const statistic = fc.constantFrom<Statistic>('mean', 'median', 'total');
const metricsOf = (s: Statistic) => (s === 'total' ? ['revenue', 'clicks'] : ['revenue', 'ctr', 'rpc']);

/** Each group's statistic straight from its rows (the definition). */
function reference(groups: Map<string, object[]>, metrics: readonly string[], s: Statistic) {
  return metrics.flatMap((metric) => [...groups].map(([key, members]) => ({ key, metric, ...statisticOf(members, metric, s) })));
}

describe('one-pass statistics per group', () => {
  it('segmentProfile gives each segment the statistic of its own rows', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 200 }), statistic, (rows, s) => {
        Object.freeze(rows);
        const labels = ['Low', 'Mid', 'High'];
        const metrics = metricsOf(s);
        const groups = new Map<string, object[]>(labels.map((l) => [l, rows.filter((r) => r.segment === l)]));
        const out = segmentProfile(rows as never, { labels, metrics, statistic: s });
        expect(out.map((d) => ({ key: d.segment, metric: d.metric, value: d.value, n: d.n }))).toEqual(reference(groups, metrics, s));
      }),
      { numRuns: 200 },
    );
  });

  it('metricHeatmap gives each row key the statistic of its own rows, with or without an order', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 200 }), statistic, fc.boolean(), (rows, s, ordered) => {
        Object.freeze(rows);
        const metrics = metricsOf(s);
        const keyOf = (r: (typeof rows)[number]) =>
          typeof r.segment === 'string' ? r.segment : typeof r.segment === 'number' && Number.isFinite(r.segment) ? String(r.segment) : null;
        const keys = ordered ? ['High', 'Low', '3', 'Mid'] : [...new Set(rows.map(keyOf).filter((k): k is string => k !== null))].sort(compareIds);
        const groups = new Map<string, object[]>(keys.map((k) => [k, rows.filter((r) => keyOf(r) === k)]));
        const out = metricHeatmap(rows, { metrics, statistic: s, ...(ordered ? { order: keys } : {}) });
        expect(out.map((d) => ({ key: d.row, metric: d.column, value: d.value, n: d.n }))).toEqual(reference(groups, metrics, s));
      }),
      { numRuns: 200 },
    );
  });
});
