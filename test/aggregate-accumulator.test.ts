import fc from 'fast-check';
import { eventTableOf } from '../src/ingest/event-table.js';
import { describe, expect, it } from 'vitest';
import { Accumulator, aggregate, mergeAggregates, type EventColumns } from '../src/aggregate/aggregate.js';
import { exportAccumulator, mergeAccumulator } from '../src/aggregate/raw-state.js';
import { exactSum } from '../src/base/exact-sum.js';
import type { EventRow } from '../src/contract/types.js';
import { eventRow as row } from './helpers/arbitraries.js';

function columnsOf(rows: readonly EventRow[]): EventColumns {
  return {
    influencerId: rows.map((r) => r.influencerId),
    impressions: Float64Array.from(rows, (r) => r.impressions),
    clicks: Float64Array.from(rows, (r) => r.clicks),
    addToCart: Float64Array.from(rows, (r) => r.addToCart),
    purchases: Float64Array.from(rows, (r) => r.purchases),
    revenue: Float64Array.from(rows, (r) => r.revenue ?? NaN),
    cost: rows.map((r) => r.cost),
    date: rows.map((r) => r.date),
    category: rows.map((r) => r.category),
    platform: rows.map((r) => r.platform),
    followerCount: rows.map((r) => r.followerCount),
  };
}

describe('aggregate (accumulator)', () => {
  it('sums money exactly, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 80 }), (rows) => {
        const frozen = Object.freeze(rows.map((r) => Object.freeze({ ...r })));
        const { groups } = aggregate(frozen);
        for (const g of groups) {
          const mine = rows.filter((r) => r.influencerId === g.influencerId);
          const revenue = mine.filter((r) => r.revenue !== null).map((r) => r.revenue!);
          expect(g.revenue).toBe(revenue.length ? exactSum(revenue) : null);
          expect(g.clicks).toBe(mine.reduce((s, r) => s + r.clicks, 0));
          const ctr = mine.filter((r) => r.impressions > 0).map((r) => r.clicks / r.impressions);
          expect(g.state.rowRates!.ctr.n).toBe(ctr.length);
          expect(exactSum(g.state.rowRates!.ctr.sum)).toBe(ctr.length ? exactSum(ctr) : 0);
        }
        const reversed = aggregate([...rows].reverse());
        // state included, except where the first row is by definition order-dependent
        const strip = (a: typeof reversed) => a.groups.map((g) => ({ ...g, state: { ...g.state, firstSeen: 0, firstFollowers: 0 } }));
        expect(strip(reversed)).toEqual(strip(aggregate(rows)));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same aggregate from columns as from rows', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.constantFrom([], ['date'], ['platform', 'category']), (rows, by) => {
        expect(aggregate(columnsOf(rows), { by })).toEqual(aggregate(rows, { by }));
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same result over inputs longer than one batch of the loops, rows or columns', () => {
    // 10,000 rows run through the loops in several batches; positions continue across batches.
    const rows = fc.sample(row, { numRuns: 10_000, seed: 7 });
    const whole = aggregate(rows, { by: ['platform'] });
    expect(aggregate(columnsOf(rows), { by: ['platform'] })).toEqual(whole);
    const at = 5_000;
    expect(mergeAggregates([aggregate(rows.slice(0, at), { by: ['platform'] }), aggregate(rows.slice(at), { by: ['platform'], offset: at })])).toEqual(whole);
    const plain = aggregate(rows);
    for (const g of plain.groups) {
      const mine = rows.filter((r) => r.influencerId === g.influencerId);
      expect(g.rows).toBe(mine.length);
      expect(g.state.firstSeen).toBe(rows.findIndex((r) => r.influencerId === g.influencerId));
      expect(g.state.firstFollowers).toBe(mine[0]!.followerCount);
    }
  });

  it('counts an empty category and an empty date like any other text, from the first row on', () => {
    // The date and category caches start on an empty text: a first row with one must not be mistaken for a cache hit.
    const columns: EventColumns = {
      influencerId: ['a', 'a', 'a'],
      impressions: [1, 1, 1],
      clicks: [0, 0, 0],
      addToCart: [0, 0, 0],
      purchases: [0, 0, 0],
      date: ['', '', '2025-09-01'],
      category: ['', '', 'x'],
    };
    const [g] = aggregate(columns).groups;
    expect([...g!.state.categories]).toEqual([
      ['', 2],
      ['x', 1],
    ]);
    expect(g).toMatchObject({ category: '', firstDate: '', lastDate: '2025-09-01' });
  });

  it('merges parts into exactly the whole, and rolls up dimensions', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.nat(60), (rows, cut) => {
        const at = Math.min(cut, rows.length);
        const whole = aggregate(rows, { by: ['date'] });
        const parts = mergeAggregates([aggregate(rows.slice(0, at), { by: ['date'] }), aggregate(rows.slice(at), { by: ['date'], offset: at })]);
        expect(parts).toEqual(whole);
        expect(mergeAggregates([whole], { by: [] })).toEqual(aggregate(rows));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the latest follower count (ties: the largest) and the most frequent category', () => {
    const base = { impressions: 1, clicks: 0, addToCart: 0, purchases: 0, revenue: null, cost: null, platform: null, campaign: null, extra: {} };
    const rows: EventRow[] = [
      { ...base, influencerId: 'a', date: '2025-09-02', category: 'tech', followerCount: 10 },
      { ...base, influencerId: 'a', date: '2025-09-03', category: 'beauty', followerCount: 30 },
      { ...base, influencerId: 'a', date: '2025-09-03', category: 'beauty', followerCount: 20 },
      { ...base, influencerId: 'a', date: null, category: 'tech', followerCount: 99 },
    ];
    const [g] = aggregate(rows).groups;
    expect(g).toMatchObject({ followerCount: 30, category: 'beauty', firstDate: '2025-09-02', lastDate: '2025-09-03', rows: 4 });
    expect(g!.state.firstFollowers).toBe(10);
  });

  it('takes first and last dates, the latest follower count and the modal category as a direct reading would (property)', () => {
    // The oracle compares dates as text (ISO dates sort as text; other text compares as text too),
    // null dates count as earliest for follower counts, ties keep the largest count, and the modal
    // category's ties go to the first in sort order.
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const groups = new Map(aggregate(rows).groups.map((g) => [g.influencerId, g]));
        const ids = [...new Set(rows.map((r) => r.influencerId))];
        for (const id of ids) {
          const mine = rows.filter((r) => r.influencerId === id);
          const dates = mine.map((r) => r.date).filter((d): d is string => d !== null);
          const first = dates.length ? dates.reduce((a, b) => (b < a ? b : a)) : null;
          const last = dates.length ? dates.reduce((a, b) => (b > a ? b : a)) : null;
          let latest: { date: string | null; followers: number } | null = null;
          for (const r of mine) {
            if (r.followerCount === null) continue;
            const later =
              latest === null ||
              (r.date !== null && (latest.date === null || r.date > latest.date)) ||
              (r.date === latest.date && r.followerCount > latest.followers);
            if (later) latest = { date: r.date, followers: r.followerCount };
          }
          const counts = new Map<string, number>();
          for (const r of mine) if (r.category !== null) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
          let mode: string | null = null;
          for (const [category, n] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (mode === null || n > counts.get(mode)!) mode = category;
          const g = groups.get(id)!;
          expect({ firstDate: g.firstDate, lastDate: g.lastDate, followerCount: g.followerCount, category: g.category, rows: g.rows }).toEqual({
            firstDate: first,
            lastDate: last,
            followerCount: latest?.followers ?? null,
            category: mode,
            rows: mine.length,
          });
          expect(g.state.firstFollowers).toBe(mine[0]!.followerCount ?? null);
          expect([...g.state.categories]).toEqual([...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses columns of different lengths and a missing count column', () => {
    const columns = columnsOf([]);
    expect(() => aggregate({ ...columns, influencerId: ['x'] })).toThrow(/has 0 values/);
    const { clicks: _clicks, ...noClicks } = columns;
    expect(() => aggregate(noClicks as EventColumns)).toThrow(/"clicks" is missing/);
  });

  it('merges raw exported state (as a worker hands it back) to exactly the aggregate of the whole (property)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 50 }), fc.array(fc.nat(50), { maxLength: 3 }), fc.boolean(), fc.constantFrom([], ['date'], ['platform', 'date']), (rows, cutsRaw, rowRates, by) => {
        const cuts = [...new Set(cutsRaw.map((c) => Math.min(c, rows.length)))].sort((a, b) => a - b);
        const bounds = [0, ...cuts, rows.length];
        const whole = new Accumulator(by, rowRates);
        bounds.slice(1).forEach((end, i) => {
          // each part accumulated on its own, its positions counted from its own start
          const part = new Accumulator(by, rowRates);
          part.addTable(eventTableOf(rows.slice(bounds[i]!, end)));
          mergeAccumulator(whole, structuredClone(exportAccumulator(part)), bounds[i]!);
        });
        expect(whole.result()).toEqual(aggregate(rows, { by, rowRates }));
      }),
      { numRuns: 150 },
    );
  });
});
