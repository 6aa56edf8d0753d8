// The exact sums through SQL: terms split into integers at a binary scale, summed as integers, read
// back into exact partials. Checked in JavaScript over the whole range of doubles, and on DuckDB and
// PostgreSQL through toSQL's own query.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactSum, fromSQL, toSQL } from '../../src/index.js';
import { canonicalPartials, partialsValue } from '../../src/base/exact-sum.js';
import { parseExactSums } from '../../src/sql/exact-terms.js';
import { duckdb, duckRows, eventsCSV, loadDuckDB, loadPostgres, postgres, type EventCells } from './warehouses.js';

/** The split the query writes (see src/sql/exact-terms.ts), in JavaScript: scale, u, w of one term. */
function split(x: number): [number, bigint, bigint] {
  const m = Math.floor(Math.floor(Math.log(Math.abs(x)) / Math.log(2)) / 30);
  const half = 2 ** (-15 * m);
  const y = Math.abs(x) * half * half;
  const u = Math.floor(y);
  const w = (y - u) * 2 ** 53;
  expect(Number.isInteger(w) && u < 2 ** 53 && w < 2 ** 53, `split of ${x}`).toBe(true);
  const sign = x < 0 ? -1n : 1n;
  return [m, sign * BigInt(u), sign * BigInt(w)];
}

/** The `exactSums` text of the values as one sum named `revenue`, as the query aggregates it. */
function exactText(values: readonly number[]): string {
  const bins = new Map<number, [bigint, bigint]>();
  for (const x of values) {
    if (x === 0) continue;
    const [m, u, w] = split(x);
    const bin = bins.get(m) ?? [0n, 0n];
    bins.set(m, [bin[0] + u, bin[1] + w]);
  }
  return [...bins].map(([m, [u, w]]) => `revenue:${m}:${u}:${w}`).join(' ');
}

const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 });

describe('exact sums through integers', () => {
  it('give the correctly rounded sum of any doubles, subnormal to 1e300, either sign', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(anyDouble, fc.double({ min: -1e-300, max: 1e-300, noNaN: true }), fc.constantFrom(0.1, 0.2, 0.3, 1e16, -1e16, 1)), { maxLength: 60 }), (values) => {
        const parsed = parseExactSums(exactText(values), new Set(['revenue']));
        if (typeof parsed === 'string') throw new Error(parsed);
        const partials = parsed.get('revenue') ?? [];
        // (A sum of zeros is zero: the exact state holds no term for it, so -0 reads as 0.)
        expect(partialsValue(partials)).toBe(exactSum(values) + 0);
        expect(partials).toEqual(canonicalPartials(partials));
      }),
      { numRuns: 300 },
    );
  });

  it('are exact where a float sum is not', () => {
    const values = [1e16, 1, -1e16, 0.1, 0.2];
    expect(values.reduce((a, b) => a + b, 0)).not.toBe(exactSum(values));
    const parsed = parseExactSums(exactText(values), new Set(['revenue'])) as Map<string, number[]>;
    expect(partialsValue(parsed.get('revenue')!)).toBe(exactSum(values));
    expect(exactSum(values)).toBe(1.3);
  });
});

/** One influencer whose revenue rows are `values` (one click each, so every sum has terms). */
const events = (values: readonly number[]): EventCells[] => values.map((v) => ['a', 1, 1, 0, 0, v, null, null, null, null]);

describe('the query', () => {
  let duck: Awaited<ReturnType<typeof duckdb>>;
  let pg: Awaited<ReturnType<typeof postgres>>;
  beforeAll(async () => {
    duck = await duckdb();
    pg = await postgres();
  });
  afterAll(async () => {
    duck?.close();
    await pg?.close();
  });

  it('has POWER(2, n) exact over the scales the split uses, on DuckDB and PostgreSQL', async () => {
    const view = new DataView(new ArrayBuffer(8));
    const pow2 = (n: number) => (view.setBigUint64(0, BigInt(n + 1023) << 52n), view.getFloat64(0));
    const sql = (series: string, float: string) => `SELECT n, POWER(CAST(2 AS ${float}), -15 * n) AS p FROM ${series} ORDER BY n`;
    const duckPowers = await duckRows(duck.connection, sql('range(-36, 35) AS t(n)', 'DOUBLE'));
    const pgPowers = (await pg.client.query(sql('generate_series(-36, 34) AS t(n)', 'DOUBLE PRECISION'))).rows;
    for (const rows of [duckPowers, pgPowers]) {
      expect(rows).toHaveLength(71);
      for (const { n, p } of rows) expect(p, `2^${-15 * Number(n)}`).toBe(pow2(-15 * Number(n)));
    }
  });

  it('sums exactly on DuckDB, from subnormals to 1e150', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double({ min: 0, max: 1e150, noNaN: true }), { minLength: 1, maxLength: 40 }), async (values) => {
        await loadDuckDB(duck.connection, 'terms_test', eventsCSV(events(values)));
        const group = fromSQL(await duckRows(duck.connection, toSQL({ table: 'terms_test' }))).aggregate.groups[0]!;
        expect(group.revenue).toBe(exactSum(values));
        expect(partialsValue(group.state.noise.rpc.squares)).toBe(exactSum(values.map((v) => v * v)));
        expect(partialsValue(group.state.rowRates!.rpc.sum)).toBe(exactSum(values));
      }),
      { numRuns: 25 },
    );
  });

  // PostgreSQL refuses a product that underflows or overflows: amounts from 1e-100 to 1e100.
  it('sums exactly on PostgreSQL, from 1e-100 to 1e100', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.double({ min: 1e-100, max: 1e100, noNaN: true }), fc.constant(0)), { minLength: 1, maxLength: 40 }), async (values) => {
        await loadPostgres(pg.client, 'terms_test', events(values));
        const group = fromSQL(await pg.client.query(toSQL({ table: 'terms_test', dialect: 'postgres' }))).aggregate.groups[0]!;
        expect(group.revenue).toBe(exactSum(values));
        expect(partialsValue(group.state.noise.rpc.squares)).toBe(exactSum(values.map((v) => v * v)));
      }),
      { numRuns: 25 },
    );
  });
});
