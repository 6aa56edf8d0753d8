import { readFileSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate } from '../src/aggregate.js';
import { parseEventsCSV } from '../src/ingest/parse.js';
import { funnelMetrics } from '../src/metrics.js';
import { presets } from '../src/presets.js';
import { score } from '../src/scoring.js';
import { segment } from '../src/segment.js';
import { smallSampleEstimates } from '../src/small-sample.js';
import { toSQL } from '../src/sql.js';
import type { EventRow } from '../src/types.js';

const METRICS = ['ctr', 'atcRate', 'purchaseRate', 'overallConversion', 'rpc', 'rpi', 'roas', 'cpa', 'cpc', 'cpm'] as const;
const ALL = ['revenue', 'cost', 'date', 'category', 'followerCount'] as const;

let db: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  connection = await db.connect();
});
afterAll(() => {
  connection.closeSync();
  db.closeSync();
});

/** Rows as the library computes them in memory: totals plus metrics. */
function inMemory(rows: readonly EventRow[]) {
  return aggregate(rows).groups.map((g) => ({ ...g, ...funnelMetrics(g) }));
}

/** Runs a query and turns BIGINT counts into numbers. */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

/** Counts, ids, dates, categories and follower counts exactly; money within float rounding. */
function expectSame(sqlRows: Record<string, unknown>[], memory: ReturnType<typeof inMemory>) {
  expect(sqlRows.map((r) => r.influencerId)).toEqual(memory.map((m) => m.influencerId));
  sqlRows.forEach((row, i) => {
    const m = memory[i]!;
    for (const key of ['rows', 'impressions', 'clicks', 'addToCart', 'purchases', 'firstDate', 'lastDate', 'category', 'followerCount'] as const) {
      expect([m.influencerId, key, row[key]]).toEqual([m.influencerId, key, m[key]]);
    }
    for (const key of ['revenue', 'cost', ...METRICS] as const) {
      const want = m[key];
      const got = row[key] as number | null;
      if (want === null) expect([key, got]).toEqual([key, null]);
      else {
        expect(got, `${m.influencerId} ${key}`).not.toBeNull();
        expect(Math.abs(got! - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
      }
    }
  });
}

describe('toSQL on DuckDB', () => {
  it('gives the in-memory totals and metrics on the sample', async () => {
    await connection.run(
      `CREATE OR REPLACE TABLE sample AS SELECT * FROM read_csv('examples/data/events.csv', header = true, types = {'influencer_id': 'VARCHAR', 'date': 'DATE'})`,
    );
    const sqlRows = await query(toSQL({ table: 'sample', fields: ['revenue', 'date', 'category', 'followerCount'] }));
    const { rows } = parseEventsCSV(readFileSync('examples/data/events.csv', 'utf8'));
    expectSame(sqlRows, inMemory(rows));
  });

  it('then score and segment run unchanged on the warehouse rows', async () => {
    const sqlRows = await query(toSQL({ table: 'sample', fields: ['revenue', 'date', 'category', 'followerCount'] }));
    const { rows } = parseEventsCSV(readFileSync('examples/data/events.csv', 'utf8'));
    const scheme = presets.default.scoring;
    // The default scheme scores shrunk rates: add them to the warehouse totals as analyze does.
    const fromSql = segment(score(smallSampleEstimates(sqlRows as unknown as ReturnType<typeof inMemory>).lines, scheme), { by: 'score' });
    const fromMemory = segment(score(smallSampleEstimates(inMemory(rows)).lines, scheme), { by: 'score' });
    expect(new Set(fromSql.rows.map((r) => r.rank)).size).toBeGreaterThan(90);
    expect(fromSql.rows.map((r) => [r.influencerId, r.rank, r.segment])).toEqual(fromMemory.rows.map((r) => [r.influencerId, r.rank, r.segment]));
    fromSql.rows.forEach((r, i) => expect(r.score!).toBeCloseTo(fromMemory.rows[i]!.score!, 12));
  });

  it('matches the in-memory path on random data: zero denominators, missing amounts, "007" and "7"', async () => {
    const row = fc.record({
      influencerId: fc.constantFrom('7', '007', '10', '9', 'ana', 'Ben', 'b', '0'),
      impressions: fc.oneof(fc.constant(0), fc.nat(5000)),
      clicks: fc.oneof(fc.constant(0), fc.nat(300)),
      addToCart: fc.oneof(fc.constant(0), fc.nat(40)),
      purchases: fc.oneof(fc.constant(0), fc.nat(10)),
      revenue: fc.option(fc.integer({ min: 0, max: 500_000 }).map((c) => c / 100)),
      cost: fc.option(fc.integer({ min: 0, max: 50_000 }).map((c) => c / 100)),
      date: fc.option(fc.integer({ min: 1, max: 28 }).map((d) => `2025-02-${String(d).padStart(2, '0')}`)),
      category: fc.option(fc.constantFrom('fashion', 'beauty', 'Tech', 'tech')),
      followerCount: fc.option(fc.nat(1_000_000)),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), async (events) => {
        const rows: EventRow[] = events.map((e) => ({ ...e, platform: null, campaign: null, extra: {} }));
        const literal = (v: unknown) => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v));
        const values = rows
          .map((r) => `(${[r.influencerId, r.impressions, r.clicks, r.addToCart, r.purchases, r.revenue, r.cost, r.date, r.category, r.followerCount].map(literal).join(', ')})`)
          .join(',\n');
        await connection.run(
          `CREATE OR REPLACE TABLE random_events (influencer_id VARCHAR, impressions BIGINT, clicks BIGINT, add_to_cart BIGINT, purchases BIGINT, revenue DOUBLE, cost DOUBLE, date DATE, category VARCHAR, follower_count BIGINT)`,
        );
        await connection.run(`INSERT INTO random_events VALUES ${values}`);
        expectSame(await query(toSQL({ table: 'random_events', fields: ALL })), inMemory(rows));
      }),
      { numRuns: 40 },
    );
  });

  it('reads mapped columns, leaves absent fields NULL, and runs the postgres text on DuckDB too', async () => {
    await connection.run(
      `CREATE OR REPLACE TABLE leads AS SELECT influencer_id AS creator, impressions AS views, clicks, add_to_cart AS leads, purchases AS orders FROM sample`,
    );
    const columns = { influencerId: 'creator', impressions: 'views', addToCart: 'leads', purchases: 'orders' };
    const sqlRows = await query(toSQL({ table: 'leads', columns, fields: [] }));
    const { rows } = parseEventsCSV(readFileSync('examples/data/events.csv', 'utf8'));
    const memory = inMemory(rows.map((r) => ({ ...r, revenue: null, cost: null, date: null, category: null, followerCount: null })));
    expectSame(sqlRows, memory);
    expect(sqlRows.every((r) => r.rpc === null && r.revenue === null)).toBe(true);
    // Postgres' text runs on DuckDB once its binary collation is removed.
    const postgres = toSQL({ table: 'sample', dialect: 'postgres', fields: ['revenue', 'date', 'category', 'followerCount'] });
    expect(postgres).toContain('COLLATE "C"');
    expect(postgres).toContain('DOUBLE PRECISION');
    expectSame(await query(postgres.replaceAll(' COLLATE "C"', '')), inMemory(parseEventsCSV(readFileSync('examples/data/events.csv', 'utf8')).rows));
  });

  it('writes BigQuery with backquoted names, FLOAT64 and NULLIF on every rate', () => {
    const sql = toSQL({ table: 'project.dataset.events', dialect: 'bigquery', fields: ['revenue', 'cost'] });
    expect(sql).toContain('FROM `project`.`dataset`.`events`');
    expect(sql).not.toContain('"');
    expect(sql.match(/NULLIF\(/g)).toHaveLength(10);
    expect(sql).toContain('CAST(t.clicks AS FLOAT64) / NULLIF(CAST(t.impressions AS FLOAT64), 0) AS `ctr`');
  });

  it('refuses unknown dialects, fields and empty table names', () => {
    expect(() => toSQL({ table: 'events', dialect: 'mysql' as never })).toThrow(/dialect/);
    expect(() => toSQL({ table: 'events', fields: ['clicks' as never] })).toThrow(/optional field/);
    expect(() => toSQL({ table: 'a..b' })).toThrow(/table name/);
    expect(() => toSQL({ table: 'events', columns: { nope: 'x' } as never })).toThrow(/mapping/);
  });
});
