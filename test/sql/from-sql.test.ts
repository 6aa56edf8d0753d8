// fromSQL on hand-made rows: the values SQL clients give, and the errors for values the query never writes.
import { describe, expect, it } from 'vitest';
import { analyze, fromSQL, InvalidInputError, type SqlRow } from '../../src/index.js';
import { expectError } from '../support/expect-error.js';
import { eventsCSV, expectSameReport } from './warehouses.js';

/** The row toSQL's query gives for the two events of {@link CSV} (the second: an add-to-cart without clicks), as DuckDB returns it. */
function row(overrides: Record<string, unknown> = {}): SqlRow {
  return {
    influencerId: '7',
    rows: 2n,
    impressions: 300n,
    clicks: 10n,
    addToCart: 5n,
    purchases: 1n,
    revenue: 30.5,
    cost: null,
    revenueRows: 2n,
    costRows: 0n,
    firstDate: '2025-02-01',
    lastDate: '2025-02-03',
    category: 'beauty',
    categoryRows: 2n,
    followerCount: 1200n,
    followerCountDate: '2025-02-03',
    ctr: 10 / 300,
    atcRate: 0.5,
    purchaseRate: 0.2,
    overallConversion: 1 / 300,
    rpc: 3.05,
    rpi: 30.5 / 300,
    roas: null,
    cpa: null,
    cpc: null,
    cpm: null,
    rpcNoiseSquares: (25 * 25) / 10,
    rpcNoiseValues: 25,
    rpcNoiseExposure: 10n,
    rpcNoiseRows: 1n,
    rpiNoiseSquares: (25 * 25) / 200 + (5.5 * 5.5) / 100,
    rpiNoiseValues: 30.5,
    rpiNoiseExposure: 300n,
    rpiNoiseRows: 2n,
    ctrRowSum: 10 / 200 + 0 / 100,
    ctrRowCount: 2n,
    atcRateRowSum: 0.4,
    atcRateRowCount: 1n,
    purchaseRateRowSum: 0.25,
    purchaseRateRowCount: 2n,
    overallConversionRowSum: 1 / 200,
    overallConversionRowCount: 2n,
    rpcRowSum: 2.5,
    rpcRowCount: 1n,
    rpiRowSum: 25 / 200 + 5.5 / 100,
    rpiRowCount: 2n,
    clicksOverImpressions: 0n,
    addToCartOverClicks: 1n,
    purchasesOverAddToCart: 0n,
    conversionsWithoutClicks: 1n,
    ...overrides,
  };
}

/** The same two events as CSV. */
const CSV: string = eventsCSV([
  ['7', 200, 10, 4, 1, 25, null, '2025-02-01', 'beauty', 1000],
  ['7', 100, 0, 1, 0, 5.5, null, '2025-02-03', 'beauty', 1200],
]);

describe('fromSQL', () => {
  it('gives analyze the report of the events, from float sums alone (no exactSums column)', () => {
    const input = fromSQL([row()]);
    expect(input.aggregate.by).toEqual([]);
    expect(input.aggregate.groups[0]).toMatchObject({ influencerId: '7', rows: 2, clicks: 10, revenue: 30.5, followerCount: 1200, category: 'beauty' });
    expect(input.report).toMatchObject({ rows: 2, used: 2, rejected: 0, anomalies: { conversionsWithoutClicks: 1 } });
    expectSameReport(analyze(input), analyze(CSV));
    expectSameReport(analyze(input, { preset: 'classic' }), analyze(CSV, { preset: 'classic' }), ['followerCount']);
  });

  it('reads numbers, bigints and numeric strings alike (pg gives BIGINT and NUMERIC as text), and pg result objects', () => {
    const asText = Object.fromEntries(Object.entries(row()).map(([k, v]) => [k, typeof v === 'bigint' || typeof v === 'number' ? String(v) : v]));
    const asNumbers = Object.fromEntries(Object.entries(row()).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
    const want = fromSQL([row()]).aggregate.groups;
    expect(fromSQL([asText]).aggregate.groups).toEqual(want);
    expect(fromSQL([asNumbers]).aggregate.groups).toEqual(want);
    expect(fromSQL({ rows: [asText] }).aggregate.groups).toEqual(want);
    expect(fromSQL([row({ rows: '2.000', impressions: '+300' })]).aggregate.groups[0]!.impressions).toBe(300);
  });

  it('reads Date objects at local or UTC midnight as the calendar day', () => {
    const local = new Date(2025, 1, 1);
    const utc = new Date(Date.UTC(2025, 1, 3));
    const group = fromSQL([row({ firstDate: local, lastDate: utc, followerCountDate: utc })]).aggregate.groups[0]!;
    expect([group.firstDate, group.lastDate, group.state.latestFollowersDate]).toEqual(['2025-02-01', '2025-02-03', '2025-02-03']);
  });

  it('reads exact sums: name:scale:u:w, the value (u·2^53 + w)·2^(30·scale − 53)', () => {
    // 0.1 = 0x1.999999999999ap-4: scale -1 (2^-30 <= 0.1 < 1), y = 0.1·2^30.
    const y = 0.1 * 2 ** 30;
    const u = Math.floor(y);
    const w = (y - u) * 2 ** 53;
    const input = fromSQL([row({ exactSums: `revenue:-1:${BigInt(u) * 3n}:${BigInt(w) * 3n}`, revenue: 0.30000000000000004 })]);
    // 0.1 + 0.1 + 0.1 exactly is 0.3000000000000000166..., which rounds to 0.30000000000000004.
    expect(input.aggregate.groups[0]!.revenue).toBe(0.30000000000000004);
    // Its canonical partials: the rounded value and the exact remainder, -2^-55.
    expect(input.aggregate.groups[0]!.state.revenue).toEqual([-(2 ** -55), 0.30000000000000004]);
    // Sums the exact column leaves out are 0.
    expect(input.aggregate.groups[0]!.state.noise.rpc.squares).toEqual([]);
  });

  it('gives an empty aggregate for no rows', () => {
    const input = fromSQL([]);
    expect(input.aggregate.groups).toEqual([]);
    expect(input.report.rows).toBe(0);
    expect(analyze(input).influencers).toEqual([]);
  });

  it('orders the groups as the library orders ids, whatever the row order', () => {
    const ids = ['b', '10', '007', '9', '7', 'A'];
    const input = fromSQL(ids.map((influencerId) => row({ influencerId })));
    expect(input.aggregate.groups.map((g) => g.influencerId)).toEqual(['007', '7', '9', '10', 'A', 'b']);
  });

  it('names the row and column of a bad value', () => {
    const bad = (overrides: Record<string, unknown>, message: RegExp) => expectError(() => fromSQL([row(), row({ influencerId: '8', ...overrides })]), 'INVALID_INPUT', message);
    const e = bad({ clicks: -1 }, /row 2 \(influencerId "8"\), column "clicks": -1 is not a non-negative integer/);
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.details).toMatchObject({ row: 2, column: 'clicks', value: -1 });
    bad({ clicks: 2.5 }, /column "clicks": 2\.5 is not a non-negative integer/);
    bad({ clicks: '12abc' }, /column "clicks": "12abc" is not a non-negative integer/);
    bad({ impressions: 2n ** 53n }, /column "impressions": 9007199254740992n is not a count up to 2\^53 - 1/);
    bad({ rows: null }, /column "rows": NULL is not a non-negative integer/);
    bad({ revenue: 'NaN' }, /column "revenue": "NaN" is not a finite number >= 0/);
    bad({ revenue: -3 }, /column "revenue": -3 is not a finite number >= 0/);
    bad({ revenue: null }, /column "revenue": NULL is not a sum \(revenueRows is 2\)/);
    bad({ revenueRows: 3n }, /column "revenueRows": 3n is not at most the influencer's 2 rows/);
    bad({ firstDate: '01/02/2025' }, /column "firstDate": "01\/02\/2025" is not an ISO date/);
    bad({ firstDate: '2025-02-30' }, /column "firstDate": "2025-02-30" is not an ISO date/);
    bad({ lastDate: new Date(Date.UTC(2025, 1, 3, 12, 30)) }, /column "lastDate": the Date 2025-02-03T12:30:00.000Z is not a date \(a Date at midnight/);
    bad({ category: 5 }, /column "category": 5 is not text/);
    bad({ purchases: { width: 10, scale: 2, value: 125n } }, /column "purchases": an object \(Object\) is not a non-negative integer/);
    bad({ exactSums: 'revenue:1:2' }, /column "exactSums": "revenue:1:2" is not the exact sums toSQL writes \(the entry "revenue:1:2" is not name:scale:integer:integer\)/);
    bad({ exactSums: 'bogus:0:1:0' }, /names no sum fromSQL knows/);
    bad({ exactSums: 'cost:0:1:0' }, /exact sums without "cost" \(costRows is 0\)/);
    bad({ clicksOverImpressions: 'x' }, /column "clicksOverImpressions"/);
    expectError(() => fromSQL([row({ influencerId: 7 })]), 'INVALID_INPUT', /row 1, column "influencerId": 7 is not a non-empty text id/);
    expectError(() => fromSQL([row({ influencerId: ' ' })]), 'INVALID_INPUT', /column "influencerId": " " is not a non-empty text id/);
  });

  it('refuses what is not the rows of the query', () => {
    expectError(() => fromSQL('rows' as never), 'INVALID_INPUT', /requires the rows of the toSQL query/);
    expectError(() => fromSQL({ rowCount: 3 } as never), 'INVALID_INPUT', /requires the rows of the toSQL query/);
    expectError(() => fromSQL([row(), 'x' as never]), 'INVALID_INPUT', /row 2 is "x", not a row object/);
    expectError(() => fromSQL([row(), row()]), 'INVALID_INPUT', /rows 1 and 2 have the same influencerId "7"/);
    const { rpcNoiseSquares: _, rpiNoiseRows: __, ...old } = row();
    const e = expectError(() => fromSQL([old]), 'INVALID_INPUT', /the rows have no columns "rpcNoiseSquares", "rpiNoiseRows"\. Pass the rows of the query toSQL writes/);
    expect(e.details.missing).toEqual(['rpcNoiseSquares', 'rpiNoiseRows']);
  });

  it('does not mutate its input', () => {
    const rows = [row({ exactSums: 'revenue:0:30:4503599627370496' })];
    const copy = structuredClone(rows);
    fromSQL(rows);
    expect(rows).toEqual(copy);
  });
});
