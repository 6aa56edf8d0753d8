import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partialsValue } from '../src/base/exact-sum.js';
import { event } from './helpers/rows.js';
import { aggregate, exactSum, mergeAggregates, type Aggregate, type EventRow, type InfluencerTotals } from '../src/index.js';

const row = event;

const arbRow = fc
  .record({
    influencerId: fc.constantFrom('1', '2', '10', '007', '7', '__proto__', 'constructor', 'ana'),
    impressions: fc.nat(1_000_000),
    clicks: fc.nat(10_000),
    addToCart: fc.nat(1000),
    purchases: fc.nat(100),
    revenue: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), { nil: null }),
    cost: fc.option(fc.double({ min: 0, max: 1e4, noNaN: true, noDefaultInfinity: true }), { nil: null }),
    date: fc.option(fc.constantFrom('2025-09-01', '2025-09-02', '2025-10-01'), { nil: null }),
    category: fc.option(fc.constantFrom('beauty', 'fashion', 'tech'), { nil: null }),
    platform: fc.option(fc.constantFrom('tiktok', 'instagram'), { nil: null }),
    followerCount: fc.option(fc.nat(5_000_000), { nil: null }),
  })
  .map((r) => row({ ...r, campaign: null }));

/** Everything an aggregate says, with Maps made comparable; `orderFree` drops what depends on row order. */
function canonical<D extends string>(agg: Aggregate<D>, orderFree = false): unknown {
  return agg.groups.map((g) => {
    const { state, ...rest } = g;
    const { categories, firstSeen, firstFollowers, revenue, cost, rowRates, ...s } = state;
    return {
      ...rest,
      state: {
        ...s,
        // Partials are one of many exact representations of a sum: compare the sums they hold.
        revenue: partialsValue(revenue),
        cost: partialsValue(cost),
        rowRates: Object.fromEntries(Object.entries(rowRates!).map(([k, v]) => [k, [partialsValue(v.sum), v.n]])),
        categories: [...categories].sort(),
        ...(orderFree ? {} : { firstSeen, firstFollowers }),
      },
    };
  });
}

function sums<D extends string>(agg: Aggregate<D>): unknown {
  return agg.groups.map(({ state, ...rest }) => ({ ...rest, rates: Object.fromEntries(Object.entries(state.rowRates!).map(([k, v]) => [k, v.n])) }));
}

describe('aggregate', () => {
  it('sums counts and money per influencer, sorted by numeric id', () => {
    const rows = [
      row({ influencerId: '10', impressions: 100, clicks: 5, revenue: 0.1 }),
      row({ influencerId: '9', impressions: 50, clicks: 1, revenue: 0.2, cost: 3 }),
      row({ influencerId: '10', impressions: 10, clicks: 1, revenue: 0.2 }),
    ];
    const { groups } = aggregate(Object.freeze(rows.map((r) => Object.freeze(r))));
    expect(groups.map((g) => g.influencerId)).toEqual(['9', '10']);
    expect(groups[1]).toMatchObject({ rows: 2, impressions: 110, clicks: 6, revenue: 0.30000000000000004, cost: null });
    expect(groups[0]).toMatchObject({ revenue: 0.2, cost: 3 });
  });

  it('sums money exactly rounded, whatever the order', () => {
    const values = [1e16, 1, -1e16 + 2e16, 0.1, 0.2, 0.3].map(Math.abs);
    const forward = aggregate(values.map((v) => row({ influencerId: 'a', revenue: v }))).groups[0]!.revenue;
    const backward = aggregate(values.reverse().map((v) => row({ influencerId: 'a', revenue: v }))).groups[0]!.revenue;
    expect(forward).toBe(backward);
    expect(forward).toBe(exactSum(values));
    expect(exactSum([0.1, 0.2, 0.3])).toBe(0.6);
  });

  it('groups by extra dimensions and keeps their values as fields', () => {
    const rows = [
      row({ influencerId: 'a', platform: 'tiktok', impressions: 1, extra: { campaignType: 'x' } }),
      row({ influencerId: 'a', platform: 'instagram', impressions: 2, extra: { campaignType: 'x' } }),
      row({ influencerId: 'a', platform: 'tiktok', impressions: 3 }),
    ];
    const { groups } = aggregate(rows, { by: ['platform', 'campaignType'] });
    expect(groups.map((g) => [g.platform, g.campaignType, g.impressions])).toEqual([
      ['instagram', 'x', 2],
      ['tiktok', 'x', 1],
      ['tiktok', null, 3],
    ]);
  });

  it('treats ids such as __proto__ and constructor as plain ids', () => {
    const { groups } = aggregate([row({ influencerId: '__proto__', clicks: 1 }), row({ influencerId: 'constructor', clicks: 2 })]);
    expect(groups.map((g) => [g.influencerId, g.clicks])).toEqual([
      ['__proto__', 1],
      ['constructor', 2],
    ]);
  });

  it('picks the most frequent category (ties: first in sort order) and the latest follower count', () => {
    const rows = [
      row({ influencerId: 'a', category: 'fashion', date: '2025-09-02', followerCount: 20 }),
      row({ influencerId: 'a', category: 'fashion', date: '2025-09-01', followerCount: 10 }),
      row({ influencerId: 'a', category: 'beauty', date: '2025-09-03', followerCount: 30 }),
      row({ influencerId: 'a', category: 'beauty', date: '2025-09-03', followerCount: 25 }),
    ];
    const g = aggregate(rows).groups[0]!;
    expect(g.category).toBe('beauty');
    expect(g.followerCount).toBe(30);
    expect(g.state.firstFollowers).toBe(20);
    expect([g.firstDate, g.lastDate]).toEqual(['2025-09-01', '2025-09-03']);
  });

  it('refuses to group by a count', () => {
    expect(() => aggregate([], { by: ['clicks'] })).toThrow(/Cannot group by "clicks"/);
  });

  it('is independent of row order (property)', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 60 }), fc.integer(), (rows, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), { seed, numRuns: 1 })[0]!;
        expect(canonical(aggregate(shuffled, { by: ['platform'] }), true)).toEqual(canonical(aggregate(rows, { by: ['platform'] }), true));
      }),
      { numRuns: 150 },
    );
  });

  it('merging the aggregates of parts gives the aggregate of the whole (property)', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 4 }), (rows, cutsRaw) => {
        const cuts = [...new Set(cutsRaw.map((c) => Math.min(c, rows.length)))].sort((a, b) => a - b);
        const bounds = [0, ...cuts, rows.length];
        const parts = bounds.slice(1).map((end, i) => aggregate(rows.slice(bounds[i], end), { by: ['date'], offset: bounds[i] }));
        const frozen = parts.map((p) => structuredClone(p));
        const merged = mergeAggregates(parts);
        expect(canonical(merged)).toEqual(canonical(aggregate(rows, { by: ['date'] })));
        // merging does not mutate its inputs
        expect(parts.map((p) => canonical(p))).toEqual(frozen.map((p) => canonical(p)));
      }),
      { numRuns: 150 },
    );
  });

  it('rolls up a per-day aggregate to per influencer (property)', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 60 }), (rows) => {
        const daily = aggregate(rows, { by: ['date', 'platform'] });
        expect(sums(mergeAggregates([daily], { by: [] }))).toEqual(sums(aggregate(rows)));
        expect(canonical(mergeAggregates([structuredClone(daily)], { by: ['platform'] }))).toEqual(canonical(aggregate(rows, { by: ['platform'] })));
      }),
      { numRuns: 100 },
    );
  });

  it('with rowRates: false, gives the same totals without per-row rate state, and merges without it (property)', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 60 }), (rows) => {
        const lean = aggregate(rows, { by: ['date'], rowRates: false });
        const full = aggregate(rows, { by: ['date'] });
        const strip = (agg: { groups: readonly InfluencerTotals[] }) => agg.groups.map(({ state: { rowRates, ...state }, ...rest }) => ({ ...rest, state }));
        expect(lean.groups.every((g) => g.state.rowRates === undefined)).toBe(true);
        expect(strip(lean)).toEqual(strip(full));
        const rolled = mergeAggregates([lean], { by: [] });
        expect(rolled.groups.every((g) => g.state.rowRates === undefined)).toBe(true);
        expect(strip(rolled)).toEqual(strip(mergeAggregates([full], { by: [] })));
        // a lean part makes the whole lean; never the other way round silently
        expect(mergeAggregates([full, lean]).groups.every((g) => g.state.rowRates === undefined)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses to merge aggregates with different dimensions', () => {
    expect(() => mergeAggregates([aggregate([], { by: ['date'] }), aggregate([]) as unknown as Aggregate<'date'>])).toThrow(/Cannot merge/);
    expect(() => mergeAggregates([aggregate([])], { by: ['date'] })).toThrow(/Cannot roll up/);
  });
});
