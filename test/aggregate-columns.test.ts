import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, mergeAggregates, type Aggregate, type InfluencerTotals } from '../src/aggregate/aggregate.js';
import { analyze, eventTableOf, parseEvents } from '../src/index.js';
import { eventRow as row } from './helpers/arbitraries.js';
import { expectError } from './support/expect-error.js';

const noReport = parseEvents([]).report;

describe('aggregates and events through the one accumulator', () => {
  it('gives the same report from events as from their aggregate, by influencer or by platform', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 80 }), fc.constantFrom('default' as const, 'classic' as const), fc.constantFrom([], ['platform']), (rows, preset, by) => {
        const fromEvents = analyze({ events: eventTableOf(rows), report: noReport }, { preset });
        const fromAggregate = analyze({ aggregate: aggregate(rows, { by }), report: noReport }, { preset });
        // (An aggregate without dates per group has no trend to give; everything else is the same.)
        expect({ ...fromAggregate, charts: { ...fromAggregate.charts, trend: [] } }).toEqual({ ...fromEvents, charts: { ...fromEvents.charts, trend: [] } });
      }),
      { numRuns: 200 },
    );
  });

  it('is plain data', () => {
    const rows = fc.sample(row, { numRuns: 50, seed: 3 });
    const agg = aggregate(rows, { by: ['platform'] });
    expect(structuredClone(agg)).toEqual(agg);
    expect(Object.keys(agg)).toEqual(['by', 'groups']);
    expect(Object.getOwnPropertySymbols(agg)).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(agg, 'groups')!.get).toBeUndefined();
  });

  it('follows edits to groups, and groups set in their place', () => {
    const rows = fc.sample(row, { numRuns: 40, seed: 5 }).map((r) => ({ ...r, impressions: 1000, clicks: 10 }));
    const agg = aggregate(rows);
    const first = agg.groups[0] as { -readonly [K in keyof InfluencerTotals]: InfluencerTotals[K] };
    first.clicks = 500;
    const edited = analyze({ aggregate: agg, report: noReport });
    expect(edited.influencers.find((l) => l.influencerId === first.influencerId)!.ctr).toBe(500 / first.impressions);

    const replaced = aggregate(rows) as { -readonly [K in keyof Aggregate]: Aggregate[K] };
    replaced.groups = replaced.groups.slice(0, 1);
    expect(analyze({ aggregate: replaced, report: noReport }).influencers).toHaveLength(1);
  });

  it('merges aggregates of parts as the aggregate of the whole', () => {
    const rows = fc.sample(row, { numRuns: 60, seed: 9 });
    const read = aggregate(rows.slice(0, 30));
    expect(mergeAggregates([aggregate(rows.slice(0, 30)), aggregate(rows.slice(30), { offset: 30 })])).toEqual(
      mergeAggregates([read, aggregate(rows.slice(30), { offset: 30 })]),
    );
  });

  it('asks for per-row rates when the classic preset gets an aggregate without them, read or not', () => {
    const rows = fc.sample(row, { numRuns: 20, seed: 11 });
    {
      const agg = aggregate(rows, { rowRates: false });
      expectError(() => analyze({ aggregate: agg, report: noReport }, { preset: 'classic' }), 'INVALID_INPUT', /classic preset averages per-row rates: aggregate with `rowRates: true`/);
    }
    // No influencer, nothing to average: an empty report.
    expect(analyze({ aggregate: aggregate([], { rowRates: false }), report: noReport }, { preset: 'classic' }).influencers).toEqual([]);
  });
});

describe('hand-made aggregates', () => {
  it('never puts NaN in a report, whatever a hand-made group leaves out', () => {
    const rows = fc.sample(row, { numRuns: 30, seed: 13 });
    const groups = aggregate(rows).groups.map((g, i) => ({
      ...g,
      purchases: (i === 0 ? null : g.purchases) as number,
      rows: (i === 1 ? undefined : g.rows) as number,
      followerCount: (i === 2 ? undefined : g.followerCount) as number | null,
      state: (i === 3 ? undefined : g.state) as InfluencerTotals['state'],
    }));
    const report = analyze({ aggregate: { by: [], groups }, report: noReport });
    for (const line of report.influencers) {
      for (const [key, value] of Object.entries(line)) expect(Number.isNaN(value), `${line.influencerId}.${key}`).toBe(false);
    }
    expect(report.influencers.find((l) => l.influencerId === groups[0]!.influencerId)!.purchases).toBe(0);
  });
});
