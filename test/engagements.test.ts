// The optional count `engagements` (likes + comments + shares) goes through every layer from the one
// field list: ingest (CSV and objects), the accumulator, merging, the report, the summary and SQL.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { aggregate, analyze, cpe, engagementRate, eventRows, fromSQL, mergeAggregates, parseEvents, parseEventsCSV, summaryCSV, toSQL } from '../src/index.js';
import { aggregateEventsCSV } from '../src/node/index.js';

const CSV = [
  'influencer_id,impressions,clicks,add_to_cart,purchases,engagements,revenue,cost',
  'ana,1000,30,6,2,50,59.8,20',
  'ana,500,10,2,1,,20,10',
  'ben,2000,40,8,1,120,30,25',
  'cy,100,1,0,0,,,5',
  'dee,300,3,1,0,-4,,',
].join('\n');

describe('engagements', () => {
  it('is read as an optional count: empty is null, a negative value rejects the row', () => {
    const { events, report } = parseEventsCSV(CSV);
    expect(Array.from(events.engagements!)).toEqual([50, NaN, 120, NaN]);
    expect(report).toMatchObject({ used: 4, rejected: 1, reasons: { negative: 1 }, nulls: { engagements: 2 } });
    expect(eventRows(events).map((r) => r.engagements)).toEqual([50, null, 120, null]);
    expect(parseEvents([{ influencer_id: 'x', impressions: 10, clicks: 1, add_to_cart: 0, purchases: 0, engagements: 3 }]).events.engagements![0]).toBe(3);
  });

  it('is summed per influencer (null when no row had it), merged exactly, and gives engagementRate and cpe', () => {
    const { events } = parseEventsCSV(CSV);
    const groups = aggregate(events).groups;
    expect(groups.map((g) => [g.influencerId, g.engagements])).toEqual([
      ['ana', 50],
      ['ben', 120],
      ['cy', null],
    ]);
    const rows = eventRows(events);
    expect(mergeAggregates([aggregate(rows.slice(0, 2)), aggregate(rows.slice(2), { offset: 2 })])).toEqual(aggregate(events));
    const report = analyze(parseEventsCSV(CSV));
    const ana = report.influencers.find((l) => l.influencerId === 'ana')!;
    expect(ana.engagementRate).toBe(engagementRate({ impressions: 1500, clicks: 40, addToCart: 8, purchases: 3, engagements: 50 }));
    expect(ana.engagementRate).toBeCloseTo(50 / 1500, 15);
    expect(ana.cpe).toBe(cpe({ impressions: 1500, clicks: 40, addToCart: 8, purchases: 3, engagements: 50, cost: 30 }));
    expect(report.influencers.find((l) => l.influencerId === 'cy')).toMatchObject({ engagements: null, engagementRate: null, cpe: null });
  });

  it('adds summary columns only when the data has engagements', async () => {
    const header = summaryCSV(analyze(parseEventsCSV(CSV))).split('\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['engagements', 'engagement_rate', 'cpe']));
    const without = summaryCSV(analyze(parseEventsCSV(CSV.replace(/,engagements|,(\d+|-4|)(?=,[\d.]*,[\d.]*$)/gm, '')))).split('\n')[0]!.split(',');
    expect(without).not.toContain('engagements');
    expect(summaryCSV(analyze(await aggregateEventsCSV(new TextEncoder().encode(CSV) as never)))).toBe(summaryCSV(analyze(parseEventsCSV(CSV))));
  });

  it('comes back from a warehouse with the same report', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    await connection.run(
      `CREATE TABLE events AS SELECT * FROM (VALUES ${CSV.split('\n')
        .slice(1, 5)
        .map((l) => `(${l.split(',').map((v, i) => (v === '' ? 'NULL' : i === 0 ? `'${v}'` : v)).join(',')})`)
        .join(',')}) AS t(influencer_id, impressions, clicks, add_to_cart, purchases, engagements, revenue, cost)`,
    );
    const sql = toSQL({ table: 'events', fields: ['engagements', 'revenue', 'cost'] });
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
    connection.closeSync();
    db.closeSync();
    const fromWarehouse = analyze(fromSQL(rows as never));
    const inMemory = analyze(parseEventsCSV(CSV.split('\n').slice(0, 5).join('\n')));
    expect(fromWarehouse.influencers.map((l) => [l.influencerId, l.engagements, l.engagementRate, l.cpe, l.rank])).toEqual(
      inMemory.influencers.map((l) => [l.influencerId, l.engagements, l.engagementRate, l.cpe, l.rank]),
    );
  });
});
