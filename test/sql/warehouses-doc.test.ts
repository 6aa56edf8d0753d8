// Runs every TypeScript block of docs/warehouses.md as written, against the test PostgreSQL (the
// bundled sample loaded as table `events` in a database of its own, named by the PG* variables the
// `pg` client reads) and DuckDB, and checks that each prints the output block that follows it.
import * as fs from 'node:fs';
import { readFileSync } from 'node:fs';
import * as duckdbApi from '@duckdb/node-api';
import { transform } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
import { loadPostgres, postgresConfig, sampleEvents } from './warehouses.js';

const GUIDE = readFileSync(new URL('../../docs/warehouses.md', import.meta.url), 'utf8');
const BLOCKS = [...GUIDE.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, body: m[3]! }));
const MODULES: Record<string, unknown> = { 'influencer-funnel': lib, pg, '@duckdb/node-api': duckdbApi, 'node:fs': fs };

/** Runs a block with its imports bound to the modules above; returns what it logged. */
async function runTs(code: string): Promise<string> {
  let n = 0;
  const bindings: [string, unknown][] = [];
  const body = code.replace(/^import\s*\{([^}]*)\}\s*from\s*'([^']+)';$/gm, (_, names: string, from: string) => {
    if (!(from in MODULES)) throw new Error(`the guide imports an unknown module ${from}`);
    const param = `__m${n++}`;
    bindings.push([param, MODULES[from]]);
    return `const {${names}} = ${param};`;
  });
  const { code: js } = await transform(body, { loader: 'ts', format: 'esm', target: 'es2022' });
  const logs: string[] = [];
  const log = (...args: unknown[]) => logs.push(args.map(String).join(' '));
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction(...bindings.map(([p]) => p), 'console', js)(...bindings.map(([, v]) => v), { log });
  return logs.join('\n').trim();
}

describe('docs/warehouses.md', () => {
  const database = `if_docs_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const env = ['PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGPASSWORD'] as const;
  const saved = Object.fromEntries(env.map((k) => [k, process.env[k]]));
  let admin: pg.Client;

  beforeAll(async () => {
    const config = postgresConfig();
    admin = new pg.Client(config);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const client = new pg.Client({ ...config, database });
    await client.connect();
    await loadPostgres(client, 'events', sampleEvents(readFileSync('examples/data/events.csv', 'utf8')));
    await client.end();
    // The blocks' `new Client()` reads its connection from these, as pg and psql do.
    Object.assign(process.env, { PGHOST: config.host, PGPORT: String(config.port), PGUSER: config.user, PGDATABASE: database });
    if (config.password !== undefined) process.env.PGPASSWORD = String(config.password);
  });
  afterAll(async () => {
    for (const k of env) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await admin?.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin?.end();
  });

  it('has the blocks the guide promises: three TypeScript blocks, each followed by its output', () => {
    const ts = BLOCKS.flatMap((b, i) => (b.lang === 'ts' ? [i] : []));
    expect(ts).toHaveLength(3);
    for (const i of ts) expect(BLOCKS[i + 1]?.lang).toBe('text');
    expect(GUIDE).toContain("`analyze(fromSQL(await db.query(toSQL({ table: 'events' }))))`");
  });

  BLOCKS.forEach((block, i) => {
    if (block.lang !== 'ts') return;
    it(`runs TypeScript block ${i} and prints what the guide shows`, async () => {
      expect(await runTs(block.body)).toBe(BLOCKS[i + 1]!.body.trim());
    });
  });
});
