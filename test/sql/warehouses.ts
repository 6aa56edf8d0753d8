// The warehouses the SQL tests run on (DuckDB in memory, the PostgreSQL of the global setup) and the
// comparison of a report from SQL rows with the report of the same events in memory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import pg from 'pg';
import { expect, inject } from 'vitest';
import type { AnalyzeReport } from '../../src/index.js';

/** The events table's columns, as the loaders create them. */
export const EVENT_COLUMNS = ['influencer_id', 'impressions', 'clicks', 'add_to_cart', 'purchases', 'revenue', 'cost', 'date', 'category', 'follower_count'] as const;

/** One event as CSV cells (empty: no value), in {@link EVENT_COLUMNS} order. */
export type EventCells = readonly [string, number, number, number, number, number | null, number | null, string | null, string | null, number | null];

/** Events as CSV text with the library's column names. */
export function eventsCSV(events: readonly EventCells[]): string {
  return [EVENT_COLUMNS.join(','), ...events.map((e) => e.map((v) => (v === null ? '' : String(v))).join(','))].join('\n') + '\n';
}

/**
 * Random events: ids such as "007" and "7", zero denominators, funnel anomalies, missing amounts,
 * cents and arbitrary doubles from `smallest` (subnormals by default) up to 10^7.
 */
export function eventArbitrary(smallest = 0): fc.Arbitrary<EventCells> {
  const double = (max: number) => fc.double({ min: smallest, max, noNaN: true }).map((x) => (x < smallest ? smallest : x));
  return fc.tuple(
    fc.constantFrom('7', '007', '10', '9', 'ana', 'Ben', 'b', '0'),
    fc.oneof(fc.constant(0), fc.nat(5000)),
    fc.oneof(fc.constant(0), fc.nat(300)),
    fc.oneof(fc.constant(0), fc.nat(40)),
    fc.oneof(fc.constant(0), fc.nat(10)),
    fc.option<number>(fc.oneof(fc.integer({ min: 0, max: 500_000 }).map((c) => c / 100), double(1e7), fc.constant(0))),
    fc.option<number>(fc.oneof(fc.integer({ min: 0, max: 50_000 }).map((c) => c / 100), double(1e5))),
    fc.option<string>(fc.integer({ min: 1, max: 28 }).map((d) => `2025-02-${String(d).padStart(2, '0')}`)),
    fc.option<string>(fc.constantFrom('fashion', 'beauty', 'Tech', 'tech')),
    fc.option<number>(fc.nat(1_000_000)),
  );
}

/** A DuckDB database in memory. */
export async function duckdb(): Promise<{ connection: DuckDBConnection; close: () => void }> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      db.closeSync();
    },
  };
}

/** Loads CSV text into a DuckDB table with the library's column names and types. */
export async function loadDuckDB(connection: DuckDBConnection, table: string, csv: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'if-duckdb-'));
  try {
    const file = join(dir, 'events.csv');
    writeFileSync(file, csv);
    await connection.run(
      `CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv('${file}', header = true, auto_detect = false, columns = {'influencer_id': 'VARCHAR', 'impressions': 'BIGINT', 'clicks': 'BIGINT', 'add_to_cart': 'BIGINT', 'purchases': 'BIGINT', 'revenue': 'DOUBLE', 'cost': 'DOUBLE', 'date': 'DATE', 'category': 'VARCHAR', 'follower_count': 'BIGINT'})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows of a query as DuckDB's Node API gives them (BIGINT and HUGEINT as bigint). */
export async function duckRows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** Connection settings of the test PostgreSQL; fails the test with the reason when there is none. */
export function postgresConfig(): pg.ClientConfig {
  const target = inject('postgres');
  if (!target || target.error) throw new Error(target?.error ?? 'No PostgreSQL: the global setup (test/support/postgres-setup.ts) did not run.');
  return { host: target.host, port: target.port, user: target.user, database: target.database, ...(target.password !== undefined && { password: target.password }) };
}

/** A client of the test PostgreSQL in a schema of its own (dropped by `close`), so test files run side by side. */
export async function postgres(): Promise<{ client: pg.Client; schema: string; close: () => Promise<void> }> {
  const client = new pg.Client(postgresConfig());
  await client.connect();
  const schema = `if_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  return {
    client,
    schema,
    close: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

/**
 * Loads events into a PostgreSQL table with a batched INSERT (one statement per 5000 rows, the
 * values as text arrays, parsed by the server). `revenue` is `DOUBLE PRECISION` or `NUMERIC`.
 */
export async function loadPostgres(client: pg.Client, table: string, events: readonly EventCells[], money: 'DOUBLE PRECISION' | 'NUMERIC' = 'DOUBLE PRECISION'): Promise<void> {
  const types = ['TEXT', 'BIGINT', 'BIGINT', 'BIGINT', 'BIGINT', money, money, 'DATE', 'TEXT', 'BIGINT'];
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.query(`CREATE TABLE ${table} (${EVENT_COLUMNS.map((c, i) => `${c} ${types[i]}`).join(', ')})`);
  for (let start = 0; start < events.length; start += 5000) {
    const batch = events.slice(start, start + 5000);
    const columns = EVENT_COLUMNS.map((_, j) => batch.map((e) => (e[j] === null ? null : String(e[j]))));
    await client.query(`INSERT INTO ${table} SELECT * FROM unnest(${EVENT_COLUMNS.map((_, j) => `$${j + 1}::text[]::${types[j]}[]`).join(', ')})`, columns);
  }
}

/** Parses the bundled sample into {@link EventCells} (its other columns dropped). */
export function sampleEvents(text: string): EventCells[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const names = header!.split(',');
  const at = (name: string) => names.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(',');
    const get = (name: string) => (at(name) < 0 || cells[at(name)] === '' ? null : cells[at(name)]!);
    const num = (name: string) => (get(name) === null ? null : Number(get(name)));
    return [get('influencer_id')!, num('impressions')!, num('clicks')!, num('add_to_cart')!, num('purchases')!, num('revenue'), num('cost'), get('date'), get('category'), num('follower_count')];
  });
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);

/**
 * Checks a report from SQL rows against the report of the events in memory: the same influencers
 * in the same order with the same ranks and segments, every number within 1e-12 (relative), the
 * same priors and cuts. `skip` names fields SQL cannot give (the classic preset's first-row follower
 * count), which must then be null. Returns the largest relative difference seen.
 */
export function expectSameReport(fromSql: AnalyzeReport, inMemory: AnalyzeReport, skip: readonly string[] = []): number {
  let largest = 0;
  const same = (path: string, a: unknown, b: unknown): void => {
    if (typeof a === 'number' && typeof b === 'number') {
      const d = a === b ? 0 : relative(a, b);
      largest = Math.max(largest, d);
      expect(d, `${path}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12);
    } else if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object') {
      expect(Object.keys(a), path).toEqual(Object.keys(b));
      for (const k of Object.keys(b)) same(`${path}.${k}`, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    } else {
      expect(a, path).toEqual(b);
    }
  };
  expect(fromSql.influencers.map((i) => [i.influencerId, i.rank, i.segment])).toEqual(inMemory.influencers.map((i) => [i.influencerId, i.rank, i.segment]));
  fromSql.influencers.forEach((line, i) => {
    const want = inMemory.influencers[i]!;
    for (const key of Object.keys(want) as (keyof typeof want)[]) {
      if (skip.includes(key)) expect(line[key], `${line.influencerId}.${key}`).toBeNull();
      else same(`${line.influencerId}.${key}`, line[key], want[key]);
    }
  });
  same('priors', fromSql.priors, inMemory.priors);
  same('cuts', fromSql.cuts, inMemory.cuts);
  same('segments', fromSql.segments, inMemory.segments);
  return largest;
}
