import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, compareIds, fromSQL, summaryCSV, toSQL, type AnalyzeReport } from '../src/index.js';
import { duckdb, duckRows, eventArbitrary, eventsCSV, expectSameReport, loadDuckDB, sampleEvents } from './sql/warehouses.js';

const METRICS = ['ctr', 'atcRate', 'purchaseRate', 'overallConversion', 'rpc', 'rpi', 'roas', 'cpa', 'cpc', 'cpm', 'engagementRate', 'cpe'] as const;
const ALL = ['revenue', 'cost', 'date', 'category', 'followerCount'] as const;
const SAMPLE_FIELDS = ['revenue', 'date', 'category', 'followerCount'] as const;
const sampleText = readFileSync('examples/data/events.csv', 'utf8');

let connection: DuckDBConnection;
let close: () => void;

beforeAll(async () => {
  ({ connection, close } = await duckdb());
  await connection.run(
    `CREATE OR REPLACE TABLE sample AS SELECT * FROM read_csv('examples/data/events.csv', header = true, types = {'influencer_id': 'VARCHAR', 'date': 'DATE'})`,
  );
});
afterAll(() => close());

/** A count as a number, whatever the client gave (bigint, string). */
const count = (v: unknown) => (v === null ? null : Number(v));

/** Totals and metrics of the SQL rows against the report lines: ids in id order; counts, dates, categories exactly; money within 1e-12. */
function expectSameTotals(sqlRows: Record<string, unknown>[], memory: AnalyzeReport) {
  const byId = new Map(memory.influencers.map((line) => [line.influencerId, line]));
  expect(sqlRows.map((r) => r.influencerId)).toEqual([...byId.keys()].sort(compareIds));
  const lines = sqlRows.map((r) => byId.get(r.influencerId as string)!);
  sqlRows.forEach((row, i) => {
    const m = lines[i]!;
    for (const key of ['rows', 'impressions', 'clicks', 'addToCart', 'purchases', 'followerCount'] as const) expect([m.influencerId, key, count(row[key])]).toEqual([m.influencerId, key, m[key]]);
    for (const key of ['firstDate', 'lastDate', 'category'] as const) expect([m.influencerId, key, row[key]]).toEqual([m.influencerId, key, m[key]]);
    for (const key of ['revenue', 'cost', ...METRICS] as const) {
      const want = m[key];
      const got = row[key] as number | null;
      if (want === null) expect([key, got]).toEqual([key, null]);
      else expect(Math.abs(got! - want), `${m.influencerId} ${key}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
    }
  });
}

describe('toSQL on DuckDB', () => {
  it('gives the in-memory totals and metrics on the sample, in id order', async () => {
    const sqlRows = await duckRows(connection, toSQL({ table: 'sample', fields: [...SAMPLE_FIELDS] }));
    expect(sqlRows).toHaveLength(100);
    expect(sqlRows.slice(0, 3).map((r) => r.influencerId)).toEqual(['1', '2', '3']);
    expectSameTotals(sqlRows, analyze(sampleText));
  });

  it('returns every sum analyze reads, besides the totals and metrics', async () => {
    const [row] = await duckRows(connection, toSQL({ table: 'sample', fields: [...SAMPLE_FIELDS] }));
    expect(Object.keys(row!)).toEqual([
      'influencerId', 'rows', 'impressions', 'clicks', 'addToCart', 'purchases', 'engagements', 'revenue', 'cost', 'revenueRows', 'costRows',
      'firstDate', 'lastDate', 'category', 'categoryRows', 'followerCount', 'followerCountDate', ...METRICS,
      'rpcNoiseSquares', 'rpcNoiseValues', 'rpcNoiseExposure', 'rpcNoiseRows', 'rpiNoiseSquares', 'rpiNoiseValues', 'rpiNoiseExposure', 'rpiNoiseRows',
      'ctrRowSum', 'ctrRowCount', 'atcRateRowSum', 'atcRateRowCount', 'purchaseRateRowSum', 'purchaseRateRowCount',
      'overallConversionRowSum', 'overallConversionRowCount', 'rpcRowSum', 'rpcRowCount', 'rpiRowSum', 'rpiRowCount',
      'clicksOverImpressions', 'addToCartOverClicks', 'purchasesOverAddToCart', 'conversionsWithoutClicks', 'exactSums',
    ]);
    // Influencer 1: 30 rows, all with revenue and clicks; its noise sums as the rows give them.
    const events = sampleEvents(sampleText).filter((e) => e[0] === '1');
    expect(count(row!.rpcNoiseRows)).toBe(30);
    expect(count(row!.rpcNoiseExposure)).toBe(events.reduce((s, e) => s + e[2], 0));
    const squares = events.reduce((s, e) => s + (e[5]! * e[5]!) / e[2], 0);
    expect(Math.abs((row!.rpcNoiseSquares as number) - squares)).toBeLessThan(1e-12 * squares);
    expect(count(row!.purchaseRateRowCount)).toBe(events.filter((e) => e[3] > 0).length);
    expect(row!.exactSums).toMatch(/^(\w+:-?\d+:-?\d+:-?\d+)( \w+:-?\d+:-?\d+:-?\d+)*$/);
  });

  it('reads mapped columns and leaves absent fields NULL', async () => {
    await connection.run(
      `CREATE OR REPLACE TABLE leads AS SELECT influencer_id AS creator, impressions AS views, clicks, add_to_cart AS leads, purchases AS orders FROM sample`,
    );
    const columns = { influencerId: 'creator', impressions: 'views', addToCart: 'leads', purchases: 'orders' };
    const sqlRows = await duckRows(connection, toSQL({ table: 'leads', columns, fields: [] }));
    const countsOnly = eventsCSV(sampleEvents(sampleText).map((e) => [e[0], e[1], e[2], e[3], e[4], null, null, null, null, null]));
    expectSameTotals(sqlRows, analyze(countsOnly));
    expect(sqlRows.every((r) => r.rpc === null && r.revenue === null && r.rpcNoiseSquares === null && count(r.rpcNoiseRows) === 0)).toBe(true);
    expectSameReport(analyze(fromSQL(sqlRows)), analyze(countsOnly));
  });

  it('writes BigQuery with backquoted names, FLOAT64, NUMERIC exact sums and NULLIF on every rate', () => {
    const sql = toSQL({ table: 'project.dataset.events', dialect: 'bigquery', fields: ['revenue', 'cost'] });
    expect(sql).toContain('FROM `project`.`dataset`.`events`');
    expect(sql).not.toContain('"');
    expect(sql).not.toContain('VALUES');
    expect(sql.match(/NULLIF\(/g)).toHaveLength(METRICS.length);
    expect(sql).toContain('CAST(t.clicks AS FLOAT64) / NULLIF(CAST(t.impressions AS FLOAT64), 0) AS `ctr`');
    expect(sql).toContain('CROSS JOIN UNNEST(GENERATE_ARRAY(0, 11)) AS k');
    expect(sql).toContain('SUM(CAST(CAST(sgn * FLOOR(y) AS INT64) AS NUMERIC))');
    expect(sql).toContain("REGEXP_CONTAINS(t.influencer_id, r'^[0-9]+$')");
  });

  it('refuses unknown dialects, fields and empty table names', () => {
    expect(() => toSQL({ table: 'events', dialect: 'mysql' as never })).toThrow(/dialect/);
    expect(() => toSQL({ table: 'events', fields: ['clicks' as never] })).toThrow(/optional field/);
    expect(() => toSQL({ table: 'a..b' })).toThrow(/table name/);
    expect(() => toSQL({ table: 'events', columns: { nope: 'x' } as never })).toThrow(/mapping/);
  });
});

describe('analyze(fromSQL(rows)) on DuckDB', () => {
  it('gives the report analyze gives on the sample: the same summary, byte for byte', async () => {
    const rows = await duckRows(connection, toSQL({ table: 'sample', fields: [...SAMPLE_FIELDS] }));
    const fromSql = analyze(fromSQL(rows));
    const inMemory = analyze(sampleText);
    expect(expectSameReport(fromSql, inMemory)).toBe(0);
    expect(summaryCSV(fromSql)).toBe(summaryCSV(inMemory));
    expect(fromSql.input).toMatchObject({ rows: 3000, used: 3000, rejected: 0, anomalies: inMemory.input.anomalies });
  });

  it('gives the classic preset too, all but the first-row follower count', async () => {
    const rows = await duckRows(connection, toSQL({ table: 'sample', fields: [...SAMPLE_FIELDS] }));
    expect(expectSameReport(analyze(fromSQL(rows), { preset: 'classic' }), analyze(sampleText, { preset: 'classic' }), ['followerCount'])).toBe(0);
  });

  it('without exactSums, reads the float sums: the same ranks and segments on the sample, values within 1e-12', async () => {
    const rows = (await duckRows(connection, toSQL({ table: 'sample', fields: [...SAMPLE_FIELDS] }))).map(({ exactSums: _, ...row }) => row);
    expectSameReport(analyze(fromSQL(rows)), analyze(sampleText));
    expectSameReport(analyze(fromSQL(rows), { preset: 'classic' }), analyze(sampleText, { preset: 'classic' }), ['followerCount']);
  });

  it('matches analyze on random events: zero denominators, missing amounts, anomalies, tiny and large doubles, "007" and "7"', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary(), { minLength: 1, maxLength: 80 }), async (events) => {
        const csv = eventsCSV(events);
        await loadDuckDB(connection, 'random_events', csv);
        const rows = await duckRows(connection, toSQL({ table: 'random_events', fields: [...ALL] }));
        const input = fromSQL(rows);
        expect(expectSameReport(analyze(input), analyze(csv))).toBe(0);
        expect(expectSameReport(analyze(input, { preset: 'classic' }), analyze(csv, { preset: 'classic' }), ['followerCount'])).toBe(0);
        expect(input.report.anomalies).toEqual(analyze(csv).input.anomalies);
      }),
      { numRuns: 40 },
    );
  });

  it('is exact on extreme amounts: subnormal, tiny, 2^53 - 1, thirds', async () => {
    const amounts = [5e-324, 2.2250738585072014e-308, 1e-300, 1e-17, 0.1, 1 / 3, 2 / 3, 123456.789, 9007199254740991];
    const events = amounts.flatMap((v, i) => [
      ['a', 100 + i, 1 + i, 1, 1, v, v / 7, '2025-01-01', 'x', null] as const,
      ['a', 3, 2, 1, 0, amounts[amounts.length - 1 - i]!, null, '2025-01-02', 'y', null] as const,
      [String(i), 10, 3, 2, 1, v, v, null, null, 5] as const,
    ]);
    const csv = eventsCSV(events);
    await loadDuckDB(connection, 'extreme', csv);
    const rows = await duckRows(connection, toSQL({ table: 'extreme', fields: [...ALL] }));
    expect(expectSameReport(analyze(fromSQL(rows)), analyze(csv))).toBe(0);
    expect(expectSameReport(analyze(fromSQL(rows), { preset: 'classic' }), analyze(csv, { preset: 'classic' }), ['followerCount'])).toBe(0);
  });

  it('gives an empty report for an empty table, as analyze does on a header', async () => {
    await loadDuckDB(connection, 'empty_events', eventsCSV([]));
    const rows = await duckRows(connection, toSQL({ table: 'empty_events', fields: [...ALL] }));
    expect(rows).toEqual([]);
    const report = analyze(fromSQL(rows));
    expect(report.influencers).toEqual([]);
    expect(summaryCSV(report)).toBe(summaryCSV(analyze(eventsCSV([]))));
  });
});
