/**
 * The rows a warehouse returns for `toSQL`'s query, read back into what `analyze` takes: an
 * aggregate (one group per influencer, with its exact state) and a row report.
 * @module
 */
import type { Aggregate, GroupState, InfluencerTotals, MoneyNoise, RowRateName } from '../aggregate/aggregate.js';
import { InvalidInputError } from '../contract/errors.js';
import { canonicalPartials, partialsValue } from '../base/exact-sum.js';
import { compareIds } from '../base/ids.js';
import type { AnomalyKind, RowReport } from '../ingest/report.js';
import { REJECT_REASONS, type RejectReason } from '../ingest/values.js';
import {
  ANOMALY_COLUMNS,
  CATEGORY_ROWS_COLUMN,
  REQUIRED_COUNTS,
  EXACT_COLUMN,
  EXACT_SUM_COLUMNS,
  FOLLOWER_DATE_COLUMN,
  MONEY_FIELDS,
  NOISE_COLUMNS,
  ROW_RATE_COLUMNS,
  rowsColumn,
} from './columns.js';
import { parseExactSums } from './exact-terms.js';

/** A row as SQL clients return it: column name to value. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** What {@link fromSQL} reads: the rows, or a result object that holds them (`pg`'s `{ rows }`). */
export type SqlResult = readonly SqlRow[] | { readonly rows: readonly SqlRow[] };

/** What {@link fromSQL} gives: `analyze`'s aggregated input. */
export interface SqlAggregate {
  readonly aggregate: Aggregate;
  readonly report: RowReport;
}

/** Columns every row must have (the query of `toSQL` writes them all). */
const REQUIRED: readonly string[] = [
  'influencerId',
  'rows',
  ...REQUIRED_COUNTS,
  ...MONEY_FIELDS,
  ...MONEY_FIELDS.map(rowsColumn),
  'firstDate',
  'lastDate',
  'category',
  'followerCount',
  ...NOISE_COLUMNS.flatMap((n) => [n.squares, n.values, n.exposureSum, n.rows]),
  ...ROW_RATE_COLUMNS.flatMap((r) => [r.sum, r.count]),
];

const EXACT_NAMES: ReadonlySet<string> = new Set(EXACT_SUM_COLUMNS);
const MAX_COUNT = BigInt(Number.MAX_SAFE_INTEGER);

/** Reads the cells of one row, naming the row and column in every error. */
class Cells {
  constructor(
    private readonly row: SqlRow,
    private readonly index: number,
  ) {}

  /** The error of a bad cell: row number (1-based), id when known, column, value, what was expected. */
  fail(column: string, expected: string): never {
    const value = this.row[column];
    const id = this.row.influencerId;
    const where = `row ${this.index + 1}${typeof id === 'string' ? ` (influencerId ${JSON.stringify(id.slice(0, 60))})` : ''}`;
    throw new InvalidInputError(`fromSQL: ${where}, column "${column}": ${describe(value)} is not ${expected}.`, {
      row: this.index + 1,
      column,
      value: typeof value === 'string' ? value.slice(0, 200) : typeof value === 'bigint' ? String(value) : value,
    });
  }

  /** A non-negative integer below 2^53: a number, a bigint or a string of digits (pg's NUMERIC and BIGINT). */
  count(column: string, nullAs?: number): number {
    const v = this.row[column];
    if (v === null && nullAs !== undefined) return nullAs;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
    let n: bigint | null = null;
    if (typeof v === 'bigint') n = v;
    else if (typeof v === 'string' && /^\s*\+?\d+(\.0*)?\s*$/.test(v)) n = BigInt(v.trim().replace(/^\+/, '').replace(/\.0*$/, ''));
    if (n !== null && n >= 0n) {
      if (n <= MAX_COUNT) return Number(n);
      this.fail(column, 'a count up to 2^53 - 1 (the largest integer a double holds exactly)');
    }
    return this.fail(column, 'a non-negative integer');
  }

  /** A follower count: a non-negative integer, or null. */
  countOrNull(column: string): number | null {
    return this.row[column] === null || this.row[column] === undefined ? null : this.count(column);
  }

  /** A finite number >= 0 (a number, a bigint or a numeric string), or null. */
  amount(column: string): number | null {
    const v = this.row[column];
    if (v === null) return null;
    let x = NaN;
    if (typeof v === 'number') x = v;
    else if (typeof v === 'bigint') x = Number(v);
    else if (typeof v === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) x = Number(v);
    if (x >= 0 && x < Infinity) return x === 0 ? 0 : x;
    return this.fail(column, 'a finite number >= 0');
  }

  /** Text, or null. */
  text(column: string): string | null {
    const v = this.row[column];
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') return v;
    return this.fail(column, 'text');
  }

  /** An ISO date (`YYYY-MM-DD`, or a `Date` at midnight as clients give DATE values), or null. */
  date(column: string): string | null {
    const v = this.row[column];
    if (v === null || v === undefined) return null;
    if (v instanceof Date) {
      const iso = dateOf(v);
      return iso ?? this.fail(column, 'a date (a Date at midnight, local or UTC)');
    }
    if (typeof v === 'string' && isIsoDate(v)) return v;
    return this.fail(column, 'an ISO date (YYYY-MM-DD)');
  }
}

/** A value for a message: strings quoted and cut, other values as they print. */
function describe(value: unknown): string {
  if (value === undefined) return 'a missing value';
  if (value === null) return 'NULL';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return `the Date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`;
  if (typeof value === 'object') return `an object (${(value as { constructor?: { name?: string } }).constructor?.name || 'Object'})`;
  return String(value);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The calendar date of a `Date` from a SQL client: `pg` gives DATE values at local midnight, DuckDB
 * at UTC midnight. Other times of day are not dates.
 */
function dateOf(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  if (d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0 && d.getMilliseconds() === 0) {
    return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}`;
  }
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0) {
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  }
  return null;
}

/** `YYYY-MM-DD` naming a day of the calendar. */
function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** A floating-point sum as exact partials: from `exactSums` when the query gave it, else the rounded value. */
function partialsOf(exact: Map<string, number[]> | null, name: string, value: number | null): number[] {
  if (exact) return exact.get(name) ?? [];
  return value === null ? [] : canonicalPartials([value]);
}

/** Reads one row into a group. */
function groupOf(row: SqlRow, index: number, anomalies: Record<AnomalyKind, number>): InfluencerTotals {
  const cells: Cells = new Cells(row, index);
  const influencerId = row.influencerId;
  if (typeof influencerId !== 'string' || influencerId.trim() === '') cells.fail('influencerId', 'a non-empty text id (toSQL casts ids to text: "007" and "7" differ)');
  const rows = cells.count('rows');
  if (rows === 0) cells.fail('rows', 'a count of at least one row');
  const [impressions, clicks, addToCart, purchases] = REQUIRED_COUNTS.map((f) => cells.count(f)) as [number, number, number, number];
  // An optional count: NULL (no row had one) or a sum; absent in a query of another version: none.
  const engagements = row.engagements === undefined ? null : cells.countOrNull('engagements');

  let exact: Map<string, number[]> | null = null;
  if (Object.prototype.hasOwnProperty.call(row, EXACT_COLUMN)) {
    const text = cells.text(EXACT_COLUMN);
    if (text !== null) {
      const parsed = parseExactSums(text, EXACT_NAMES);
      if (typeof parsed === 'string') cells.fail(EXACT_COLUMN, `the exact sums toSQL writes (${parsed})`);
      exact = parsed;
    } else exact = new Map();
  }
  const counted = (column: string, rowsColumnName: string) => {
    const n = cells.count(rowsColumnName);
    if (n > rows) cells.fail(rowsColumnName, `at most the influencer's ${rows} rows`);
    const value = cells.amount(column);
    if ((value === null) !== (n === 0)) cells.fail(column, n === 0 ? `NULL (no row had a value: ${rowsColumnName} is 0)` : `a sum (${rowsColumnName} is ${n})`);
    if (n === 0 && exact?.has(column)) cells.fail(EXACT_COLUMN, `exact sums without "${column}" (${rowsColumnName} is 0)`);
    return { partials: partialsOf(exact, column, value), n };
  };
  const revenue = counted('revenue', rowsColumn('revenue'));
  const cost = counted('cost', rowsColumn('cost'));

  const noise = {} as Record<'rpc' | 'rpi', MoneyNoise['rpc']>;
  for (const n of NOISE_COLUMNS) {
    const sums = counted(n.values, n.rows);
    if (sums.n > revenue.n) cells.fail(n.rows, `at most the ${revenue.n} rows with revenue`);
    const squares = cells.amount(n.squares);
    if ((squares === null) !== (sums.n === 0)) cells.fail(n.squares, sums.n === 0 ? `NULL (${n.rows} is 0)` : 'a sum');
    noise[n.ratio] = {
      squares: partialsOf(exact, n.squares, squares),
      values: sums.partials,
      exposure: cells.count(n.exposureSum, sums.n === 0 ? 0 : undefined),
      rows: sums.n,
    };
  }
  const rowRates = {} as Record<RowRateName, { sum: number[]; n: number }>;
  for (const r of ROW_RATE_COLUMNS) {
    const { partials, n } = counted(r.sum, r.count);
    rowRates[r.name] = { sum: partials, n };
  }
  for (const kind of ANOMALY_COLUMNS) {
    if (row[kind] !== undefined) anomalies[kind] += cells.count(kind);
  }

  const category = cells.text('category');
  const followerCount = cells.countOrNull('followerCount');
  const categoryRows = row[CATEGORY_ROWS_COLUMN] === undefined || category === null ? null : cells.count(CATEGORY_ROWS_COLUMN);
  const state: GroupState = {
    revenue: revenue.partials,
    cost: cost.partials,
    revenueRows: revenue.n,
    costRows: cost.n,
    // SQL gives the most frequent category only (with its rows when the query counted them).
    categories: category === null ? new Map() : new Map([[category, categoryRows ?? 1]]),
    // SQL rows have no input order: no first row, so no first-row follower count.
    firstSeen: 0,
    firstFollowers: null,
    latestFollowers: followerCount,
    latestFollowersDate: followerCount === null ? null : cells.date(FOLLOWER_DATE_COLUMN),
    noise,
    rowRates,
  };
  return {
    influencerId,
    rows,
    impressions,
    clicks,
    addToCart,
    purchases,
    engagements,
    revenue: revenue.n > 0 ? partialsValue(revenue.partials) : null,
    cost: cost.n > 0 ? partialsValue(cost.partials) : null,
    followerCount,
    category,
    firstDate: cells.date('firstDate'),
    lastDate: cells.date('lastDate'),
    state,
  };
}

/**
 * Reads the rows a warehouse returns for `toSQL`'s query into what `analyze` takes: an
 * aggregate with one group per influencer (its exact state from `exactSums`) and a row report.
 * Takes what DuckDB and PostgreSQL clients give: numbers, bigints, numeric strings (`pg` returns
 * NUMERIC and BIGINT as text), nulls, and `Date`s at midnight for dates; the rows themselves or
 * `pg`'s result object. `analyze(fromSQL(rows))` gives the report `analyze` gives on the events,
 * except what SQL cannot know: the first row's follower count (the `classic` preset's), and the
 * CSV-specific parts of the row report (rejected rows, empty cells, header).
 *
 * @throws {InvalidInputError} naming the row and column of the first value that is not what the
 *   query writes, or a column the query writes that is missing.
 * @example
 * ```ts
 * const rows = await warehouse.query(toSQL({ table: 'analytics.events', fields: ['revenue', 'date', 'category', 'followerCount'] }));
 * const input = fromSQL(rows); // { aggregate: { by: [], groups }, report }
 * input.aggregate.groups.length; // 100
 * input.report.rows; // 3000
 * analyze(input).influencers[0].influencerId; // '3'
 * fromSQL([{ ...rows[0], clicks: -1 }]); // throws: row 1 (influencerId "1"), column "clicks"
 * ```
 */
export function fromSQL(result: SqlResult): SqlAggregate {
  const rows: unknown = Array.isArray(result) ? result : result && typeof result === 'object' ? (result as { rows?: unknown }).rows : undefined;
  if (!Array.isArray(rows)) {
    throw new InvalidInputError('fromSQL requires the rows of the toSQL query (an array of row objects), or a result object with them as `rows`.');
  }
  const first = rows[0] as unknown;
  if (rows.length > 0) {
    if (first === null || typeof first !== 'object') throw new InvalidInputError(`fromSQL: row 1 is ${describe(first)}, not a row object.`, { row: 1 });
    const missing = REQUIRED.filter((c) => !Object.prototype.hasOwnProperty.call(first, c));
    if (missing.length > 0) {
      throw new InvalidInputError(
        `fromSQL: the rows have no column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}. Pass the rows of the query toSQL writes (it has every column fromSQL reads).`,
        { missing, found: Object.keys(first) },
      );
    }
  }
  const anomalies = Object.fromEntries(ANOMALY_COLUMNS.map((k) => [k, 0])) as Record<AnomalyKind, number>;
  const groups: InfluencerTotals[] = new Array(rows.length);
  const seen = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as unknown;
    if (row === null || typeof row !== 'object') throw new InvalidInputError(`fromSQL: row ${i + 1} is ${describe(row)}, not a row object.`, { row: i + 1 });
    const group = groupOf(row as SqlRow, i, anomalies);
    const before = seen.get(group.influencerId);
    if (before !== undefined) {
      throw new InvalidInputError(`fromSQL: rows ${before + 1} and ${i + 1} have the same influencerId ${JSON.stringify(group.influencerId.slice(0, 60))}: the query gives one row per influencer.`, {
        row: i + 1,
        column: 'influencerId',
        value: group.influencerId,
      });
    }
    seen.set(group.influencerId, i);
    total += group.rows;
    if (total > Number.MAX_SAFE_INTEGER) throw new InvalidInputError('fromSQL: more than 2^53 - 1 rows in all.', { row: i + 1, column: 'rows' });
    groups[i] = group;
  }
  groups.sort((a, b) => compareIds(a.influencerId, b.influencerId));
  const report: RowReport = {
    rows: total,
    used: total,
    rejected: 0,
    reasons: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>,
    anomalies,
    nulls: {},
    blankLines: 0,
    errors: [],
    columns: { found: first && typeof first === 'object' ? Object.keys(first) : [], mapped: {}, extra: {}, ignored: [] },
  };
  return { aggregate: { by: [], groups }, report };
}
