// toSQL's postgres text on a real PostgreSQL (the global setup's throwaway cluster, or PGHOST), read
// back by fromSQL as the `pg` client returns it: BIGINT and NUMERIC as strings, DOUBLE PRECISION as
// numbers.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, fromSQL, summaryCSV, toSQL } from '../../src/index.js';
import { eventArbitrary, eventsCSV, expectSameReport, loadPostgres, postgres, sampleEvents } from './warehouses.js';

const ALL = ['revenue', 'cost', 'date', 'category', 'followerCount'] as const;
const SAMPLE_FIELDS = ['revenue', 'date', 'category', 'followerCount'] as const;
const sampleText = readFileSync('examples/data/events.csv', 'utf8');

let client: pg.Client;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ client, close } = await postgres());
  const events = sampleEvents(sampleText);
  await loadPostgres(client, 'sample', events);
  await loadPostgres(client, 'sample_numeric', events, 'NUMERIC');
});
afterAll(async () => close?.());

describe('toSQL on PostgreSQL', () => {
  it('runs, and pg gives counts as text and sums of doubles as numbers', async () => {
    const { rows } = await client.query(toSQL({ table: 'sample', dialect: 'postgres', fields: [...SAMPLE_FIELDS] }));
    expect(rows).toHaveLength(100);
    expect(rows[0]).toMatchObject({ influencerId: '1', rows: '30', revenueRows: '30', rpcNoiseRows: '30', category: 'fashion', firstDate: '2025-09-01' });
    expect(typeof rows[0].rpcNoiseSquares).toBe('number');
    expect(typeof rows[0].exactSums).toBe('string');
  });

  for (const table of ['sample', 'sample_numeric']) {
    it(`analyze(fromSQL(result)) gives the report of the events on the sample (revenue ${table === 'sample' ? 'DOUBLE PRECISION' : 'NUMERIC'})`, async () => {
      const result = await client.query(toSQL({ table, dialect: 'postgres', fields: [...SAMPLE_FIELDS] }));
      const fromSql = analyze(fromSQL(result));
      const inMemory = analyze(sampleText);
      expect(expectSameReport(fromSql, inMemory)).toBe(0);
      expect(summaryCSV(fromSql)).toBe(summaryCSV(inMemory));
      expect(expectSameReport(analyze(fromSQL(result), { preset: 'classic' }), analyze(sampleText, { preset: 'classic' }), ['followerCount'])).toBe(0);
    });
  }

  // PostgreSQL refuses a product or quotient that rounds to zero: amounts from 1e-100 up.
  it('matches analyze on random events: zero denominators, missing amounts, anomalies, tiny and large doubles, "007" and "7"', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary(1e-100), { minLength: 1, maxLength: 80 }), async (events) => {
        await loadPostgres(client, 'random_events', events);
        const csv = eventsCSV(events);
        const input = fromSQL(await client.query(toSQL({ table: 'random_events', dialect: 'postgres', fields: [...ALL] })));
        expect(expectSameReport(analyze(input), analyze(csv))).toBe(0);
        expect(expectSameReport(analyze(input, { preset: 'classic' }), analyze(csv, { preset: 'classic' }), ['followerCount'])).toBe(0);
        expect(input.report.anomalies).toEqual(analyze(csv).input.anomalies);
      }),
      { numRuns: 30 },
    );
  });

  it('gives dates as pg gives DATE values (a Date at local midnight) when a query returns them uncast', async () => {
    const sql = toSQL({ table: 'sample', dialect: 'postgres', fields: [...SAMPLE_FIELDS] });
    const { rows } = await client.query(`SELECT q.*, CAST(q."firstDate" AS DATE) AS "firstDay" FROM (${sql}) AS q`);
    expect(rows[0].firstDay).toBeInstanceOf(Date);
    const withDates = rows.map(({ firstDay, ...row }) => ({ ...row, firstDate: firstDay }));
    expect(expectSameReport(analyze(fromSQL(withDates)), analyze(sampleText))).toBe(0);
  });
});
