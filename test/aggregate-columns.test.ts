import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, columnsOfGroups, hasUnreadGroups, mergeAggregates, unreadGroupColumns, type Aggregate, type InfluencerTotals } from '../src/aggregate.js';
import { analyze, parseEvents } from '../src/index.js';
import { eventRow as row } from './helpers/arbitraries.js';
import { expectError } from './support/expect-error.js';

const noReport = parseEvents([]).report;

describe('aggregate columns (what analyze reads without building group objects)', () => {
  it('reads the same columns off the accumulator as off the group objects', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 80 }), fc.boolean(), fc.boolean(), (rows, rowRates, withRowRates) => {
        const direct = unreadGroupColumns(aggregate(rows, { rowRates }), withRowRates);
        expect(direct).not.toBeNull();
        expect(direct).toEqual(columnsOfGroups(aggregate(rows, { rowRates }).groups, withRowRates));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same report from an aggregate whose groups were never read as from its group objects', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 80 }), fc.constantFrom('default' as const, 'classic' as const), fc.constantFrom([], ['platform']), (rows, preset, by) => {
        const unread = aggregate(rows, { by });
        const read = aggregate(rows, { by });
        expect(read.groups.length).toBeGreaterThanOrEqual(0);
        expect(hasUnreadGroups(unread)).toBe(true);
        expect(hasUnreadGroups(read)).toBe(false);
        expect(analyze({ aggregate: unread, report: noReport }, { preset })).toEqual(analyze({ aggregate: read, report: noReport }, { preset }));
      }),
      { numRuns: 200 },
    );
  });

  it('builds the groups once, on first read, as plain data', () => {
    const rows = fc.sample(row, { numRuns: 50, seed: 3 });
    const agg = aggregate(rows, { by: ['platform'] });
    const plain = { by: [...agg.by], groups: aggregate(rows, { by: ['platform'] }).groups };
    expect(structuredClone(agg)).toEqual(plain);
    expect(JSON.parse(JSON.stringify(agg))).toEqual(JSON.parse(JSON.stringify(plain)));
    expect({ ...agg }).toEqual(plain);
    expect(Object.keys(agg)).toEqual(['by', 'groups']);
    expect(agg.groups).toBe(agg.groups);
    expect(unreadGroupColumns(agg, false)).toBeNull();
  });

  it('follows edits to groups that were read, and groups set in their place', () => {
    const rows = fc.sample(row, { numRuns: 40, seed: 5 }).map((r) => ({ ...r, impressions: 1000, clicks: 10 }));
    const before = aggregate(rows).groups[0]!.clicks;
    const agg = aggregate(rows);
    const first = agg.groups[0] as { -readonly [K in keyof InfluencerTotals]: InfluencerTotals[K] };
    expect(first.clicks).toBe(before);
    first.clicks = 500;
    const edited = analyze({ aggregate: agg, report: noReport });
    expect(edited.influencers.find((l) => l.influencerId === first.influencerId)!.ctr).toBe(500 / first.impressions);

    const replaced = aggregate(rows) as { -readonly [K in keyof Aggregate]: Aggregate[K] };
    replaced.groups = replaced.groups.slice(0, 1);
    expect(hasUnreadGroups(replaced)).toBe(false);
    expect(analyze({ aggregate: replaced, report: noReport }).influencers).toHaveLength(1);
  });

  it('merges an unread aggregate as it merges a read one', () => {
    const rows = fc.sample(row, { numRuns: 60, seed: 9 });
    const read = aggregate(rows.slice(0, 30));
    expect(read.groups.length).toBeGreaterThan(0);
    expect(mergeAggregates([aggregate(rows.slice(0, 30)), aggregate(rows.slice(30), { offset: 30 })])).toEqual(
      mergeAggregates([read, aggregate(rows.slice(30), { offset: 30 })]),
    );
  });

  it('asks for per-row rates when the classic preset gets an aggregate without them, read or not', () => {
    const rows = fc.sample(row, { numRuns: 20, seed: 11 });
    for (const readFirst of [false, true]) {
      const agg = aggregate(rows, { rowRates: false });
      if (readFirst) expect(agg.groups.length).toBeGreaterThan(0);
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
