/**
 * The per-influencer totals as one SQL query, for event tables that live in a warehouse: every sum
 * `analyze` reads (counts, money, the money-noise sums behind `rpcShrunk`/`rpiShrunk`, the per-row
 * rate sums the `classic` preset averages, the funnel anomaly counts), the ratio-of-sums metrics
 * for reading, and the floating-point sums once more as exact integers (`exactSums`, see
 * `exact-terms`), so that `analyze(fromSQL(rows))` gives, to the bit, the report of the events.
 * Rates are ratios of sums; a zero denominator gives NULL (`NULLIF`), never a division error, NaN
 * or Infinity. Output columns carry camelCase names.
 * @module
 */
import { InvalidOptionsError } from '../contract/errors.js';
import { FIELDS, type EventField } from '../contract/fields.js';
import type { ColumnMapping } from '../contract/schema.js';
import type { MetricName } from '../contract/types.js';
import {
  ANOMALY_COLUMNS,
  CATEGORY_ROWS_COLUMN,
  COUNT_FIELDS,
  EXACT_COLUMN,
  EXACT_SUM_COLUMNS,
  FOLLOWER_DATE_COLUMN,
  MONEY_FIELDS,
  NOISE_COLUMNS,
  ROW_RATE_COLUMNS,
  rowsColumn,
} from './columns.js';
import { SCALE_BITS } from './exact-terms.js';

/** SQL dialects {@link toSQL} writes. */
export type SqlDialect = 'duckdb' | 'postgres' | 'bigquery';

/** Optional event fields a table may have. */
export type OptionalSqlField = 'engagements' | 'revenue' | 'cost' | 'date' | 'category' | 'followerCount';

/** Options of {@link toSQL}. */
export interface ToSQLOptions {
  /** The events table: a name, optionally qualified (`analytics.events`, `project.dataset.events`). */
  readonly table: string;
  /** Column of each field when it is not the snake_case default (`{ addToCart: 'leads' }`). */
  readonly columns?: ColumnMapping;
  /** `duckdb` (default), `postgres` or `bigquery`. */
  readonly dialect?: SqlDialect;
  /**
   * Optional fields the table has (default `['revenue']`). Absent ones come out as NULL columns, so
   * the result always has the same shape.
   */
  readonly fields?: readonly OptionalSqlField[];
}

interface Dialect {
  readonly quote: (name: string) => string;
  readonly float: string;
  readonly integer: string;
  readonly text: string;
  /** Text ordering by code units (binary), for the category tie-break and the dates. */
  readonly binary: (expression: string) => string;
  /** The type to sum integers below 2^53 in, exactly however many rows (SUM of BIGINT: HUGEINT in DuckDB, NUMERIC in Postgres). */
  readonly exactInteger: string;
  /** A table of the integers 0 .. n − 1, as a FROM item, and the name of its column. */
  readonly series: (n: number) => { readonly from: string; readonly key: string };
  /** Whether a text is made of ASCII digits only. */
  readonly digits: (expression: string) => string;
}

const values = (n: number) => ({ from: `(VALUES ${Array.from({ length: n }, (_, i) => `(${i})`).join(', ')}) AS s(k)`, key: 's.k' });

const DIALECTS: Record<SqlDialect, Dialect> = {
  duckdb: {
    quote: (name) => `"${name.replace(/"/g, '""')}"`,
    float: 'DOUBLE',
    integer: 'BIGINT',
    text: 'VARCHAR',
    binary: (e) => e,
    exactInteger: 'BIGINT',
    series: values,
    digits: (e) => `regexp_full_match(${e}, '[0-9]+')`,
  },
  postgres: {
    quote: (name) => `"${name.replace(/"/g, '""')}"`,
    float: 'DOUBLE PRECISION',
    integer: 'BIGINT',
    text: 'TEXT',
    binary: (e) => `${e} COLLATE "C"`,
    exactInteger: 'BIGINT',
    series: values,
    digits: (e) => `${e} ~ '^[0-9]+$'`,
  },
  bigquery: {
    quote: (name) => `\`${name.replace(/[`\\]/g, '\\$&')}\``,
    float: 'FLOAT64',
    integer: 'INT64',
    text: 'STRING',
    binary: (e) => e,
    // SUM(INT64) overflows past 2^63; NUMERIC holds 29 integer digits.
    exactInteger: 'NUMERIC',
    series: (n) => ({ from: `UNNEST(GENERATE_ARRAY(0, ${n - 1})) AS k`, key: 'k' }),
    digits: (e) => `REGEXP_CONTAINS(${e}, r'^[0-9]+$')`,
  },
};

/** The fields a per-influencer line reads besides the id and the counts. */
const OPTIONAL: readonly OptionalSqlField[] = FIELDS.filter(
  (f): f is typeof f & { field: OptionalSqlField } => !f.required && f.field !== 'platform' && f.field !== 'campaign',
).map((f) => f.field);

/** Each metric as numerator / denominator of the sums (times a factor); per row, the same of the row. */
const RATIOS: Readonly<Record<MetricName, readonly [EventField, EventField, number?]>> = {
  ctr: ['clicks', 'impressions'],
  atcRate: ['addToCart', 'clicks'],
  purchaseRate: ['purchases', 'addToCart'],
  overallConversion: ['purchases', 'impressions'],
  rpc: ['revenue', 'clicks'],
  rpi: ['revenue', 'impressions'],
  roas: ['revenue', 'cost'],
  cpa: ['cost', 'purchases'],
  cpc: ['cost', 'clicks'],
  cpm: ['cost', 'impressions', 1000],
  engagementRate: ['engagements', 'impressions'],
  cpe: ['cost', 'engagements'],
};

/** Internal (unquoted, snake_case) column name of a field or a result column. */
const internal = (name: string) => (name === 'date' ? 'event_date' : name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase());

function checkOptions(options: ToSQLOptions): { dialectName: SqlDialect; fields: Set<string>; mapping: ColumnMapping } {
  if (!options || typeof options !== 'object') throw new InvalidOptionsError('toSQL requires options: { table, columns?, dialect?, fields? }.');
  const dialectName = options.dialect ?? 'duckdb';
  if (!Object.prototype.hasOwnProperty.call(DIALECTS, dialectName)) {
    throw new InvalidOptionsError(`Unknown SQL dialect "${String(dialectName)}": use duckdb, postgres or bigquery.`, [{ path: 'dialect', message: 'unknown dialect' }]);
  }
  if (typeof options.table !== 'string' || options.table.split('.').some((part) => part.trim() === '')) {
    throw new InvalidOptionsError('toSQL requires a table name such as "events" or "analytics.events".', [{ path: 'table', message: 'expected a table name' }]);
  }
  const fields = new Set<string>(options.fields ?? ['revenue']);
  for (const f of fields) {
    if (!(OPTIONAL as readonly string[]).includes(f)) {
      throw new InvalidOptionsError(`toSQL: "${String(f)}" is not an optional field (${OPTIONAL.join(', ')}).`, [{ path: 'fields', message: 'unknown field' }]);
    }
  }
  const mapping = options.columns ?? {};
  for (const [field, column] of Object.entries(mapping)) {
    if (!FIELDS.some((s) => s.field === field) || typeof column !== 'string' || column.trim() === '') {
      throw new InvalidOptionsError(`toSQL: invalid column mapping for "${field}".`, [{ path: `columns.${field}`, message: 'expected a field and a column name' }]);
    }
  }
  return { dialectName, fields, mapping };
}

/**
 * Writes the query that computes, per influencer, every sum `analyze` reads, for
 * `fromSQL` to turn into `analyze`'s input: `rows`, the four count sums, `revenue` and `cost`
 * (NULL when no row has one) with `revenueRows` / `costRows`, `firstDate`, `lastDate`, `category`
 * (with `categoryRows`), `followerCount` (with `followerCountDate`), the ten metrics (`ctr` ...
 * `cpm`), the money-noise sums (`rpcNoiseSquares`, `rpcNoiseValues`, `rpcNoiseExposure`,
 * `rpcNoiseRows`, the same for `rpi`), the per-row rate sums and counts (`ctrRowSum`,
 * `ctrRowCount`, ...), the anomaly counts (`clicksOverImpressions`, ...) and `exactSums`, the
 * floating-point sums as exact integers. Ordered by id. Run it where the data is.
 *
 * @example
 * ```ts
 * const sql = toSQL({ table: 'analytics.events', dialect: 'duckdb', fields: ['revenue', 'date', 'category', 'followerCount'] });
 * const rows = await warehouse.query(sql); // one row per influencer: influencerId, clicks, ..., rpcNoiseSquares, ..., exactSums
 * rows.length; // 100
 * const report = analyze(fromSQL(rows)); // the report analyze gives on the events themselves
 * report.influencers[0].influencerId; // '3'
 * ```
 */
export function toSQL(options: ToSQLOptions): string {
  const { dialectName, fields, mapping } = checkOptions(options);
  const d = DIALECTS[dialectName];
  const q = d.quote;
  const source = (field: EventField) => q(mapping[field] ?? FIELDS.find((s) => s.field === field)!.column);
  const table = options.table.split('.').map((part) => q(part.trim())).join('.');
  const float = (e: string) => `CAST(${e} AS ${d.float})`;
  const types: Record<string, string> = { id: d.text, count: d.integer, money: d.float, date: d.text, text: d.text, integer: d.integer };
  const col = internal;

  // 1. The events, one row each, as the types the totals read (absent optional fields as NULL).
  const lineFields = FIELDS.filter((f) => f.required || (OPTIONAL as readonly string[]).includes(f.field));
  const select = lineFields.map((f) => {
    const present = f.required || fields.has(f.field);
    return `CAST(${present ? source(f.field) : 'NULL'} AS ${types[f.kind]}) AS ${col(f.field)}`;
  });

  // 2. Per row, the terms of the sums that are not plain column sums: NULL where the row does not count.
  const ratioOfRow = (name: MetricName) => {
    const [num, den] = RATIOS[name];
    return `CASE WHEN ${col(den)} > 0 THEN ${float(col(num))} / ${float(col(den))} END`;
  };
  const terms: [string, string][] = [];
  for (const n of NOISE_COLUMNS) {
    const c = col(n.exposure);
    const counts = `revenue IS NOT NULL AND ${c} > 0`;
    terms.push([n.squares, `CASE WHEN ${counts} THEN revenue * revenue / ${float(c)} END`]);
    terms.push([n.values, `CASE WHEN ${counts} THEN revenue END`]);
    terms.push([n.exposureSum, `CASE WHEN ${counts} THEN ${c} END`]);
  }
  for (const r of ROW_RATE_COLUMNS) terms.push([r.sum, ratioOfRow(r.name)]);
  const anomalies: Record<string, string> = {
    clicksOverImpressions: 'clicks > impressions',
    addToCartOverClicks: 'add_to_cart > clicks',
    purchasesOverAddToCart: 'purchases > add_to_cart',
    conversionsWithoutClicks: 'clicks = 0 AND (purchases > 0 OR add_to_cart > 0)',
  };
  for (const kind of ANOMALY_COLUMNS) terms.push([kind, `CASE WHEN ${anomalies[kind]} THEN 1 ELSE 0 END`]);

  // 3. Per influencer, the sums (floating-point for reading; exactly in step 4).
  const totals = [
    `influencer_id`,
    `COUNT(*) AS ${q('rows')}`,
    ...COUNT_FIELDS.map((f) => `SUM(${col(f)}) AS ${col(f)}`),
    ...MONEY_FIELDS.flatMap((f) => [`SUM(${col(f)}) AS ${col(f)}`, `COUNT(${col(f)}) AS ${col(rowsColumn(f))}`]),
    `MIN(${d.binary('event_date')}) AS first_date`,
    `MAX(${d.binary('event_date')}) AS last_date`,
    ...NOISE_COLUMNS.flatMap((n) => [
      `SUM(${col(n.squares)}) AS ${col(n.squares)}`,
      `SUM(${col(n.values)}) AS ${col(n.values)}`,
      `SUM(${col(n.exposureSum)}) AS ${col(n.exposureSum)}`,
      `COUNT(${col(n.values)}) AS ${col(n.rows)}`,
    ]),
    ...ROW_RATE_COLUMNS.flatMap((r) => [`SUM(${col(r.sum)}) AS ${col(r.sum)}`, `COUNT(${col(r.sum)}) AS ${col(r.count)}`]),
    ...ANOMALY_COLUMNS.map((kind) => `SUM(${col(kind)}) AS ${col(kind)}`),
  ];

  // 4. The exact sums: every non-zero term split into integers at a scale of its own (see exact-terms).
  const series = d.series(EXACT_SUM_COLUMNS.length);
  const cases = (key: string, values: readonly string[]) => `CASE ${key} ${values.map((v, i) => `WHEN ${i} THEN ${v}`).join(' ')} END`;
  const pick = (values: readonly string[]) => cases(series.key, values);
  const names = cases('sum_index', EXACT_SUM_COLUMNS.map((name) => `'${name}'`));
  const two = float('2');
  const half = `POWER(${two}, -${SCALE_BITS / 2} * scale)`;
  // An integer-valued double below 2^53 as an integer whose SUM is exact.
  const exactInteger = (e: string) => (d.exactInteger === d.integer ? `CAST(${e} AS ${d.integer})` : `CAST(CAST(${e} AS ${d.integer}) AS ${d.exactInteger})`);
  const metrics = (Object.keys(RATIOS) as MetricName[]).map((name) => {
    const [num, den, factor] = RATIOS[name];
    const numerator = factor === undefined ? `t.${col(num)}` : `${factor} * t.${col(num)}`;
    return `${float(numerator)} / NULLIF(${float(`t.${col(den)}`)}, 0) AS ${q(name)}`;
  });

  const out = [
    `t.influencer_id AS ${q('influencerId')}`,
    `t.${q('rows')} AS ${q('rows')}`,
    ...COUNT_FIELDS.map((f) => `t.${col(f)} AS ${q(f)}`),
    ...MONEY_FIELDS.map((f) => `t.${col(f)} AS ${q(f)}`),
    ...MONEY_FIELDS.map((f) => `t.${col(rowsColumn(f))} AS ${q(rowsColumn(f))}`),
    `t.first_date AS ${q('firstDate')}`,
    `t.last_date AS ${q('lastDate')}`,
    `c.category AS ${q('category')}`,
    `c.category_rows AS ${q(CATEGORY_ROWS_COLUMN)}`,
    `f.follower_count AS ${q('followerCount')}`,
    `f.event_date AS ${q(FOLLOWER_DATE_COLUMN)}`,
    ...metrics,
    ...NOISE_COLUMNS.flatMap((n) => [n.squares, n.values, n.exposureSum, n.rows]).map((name) => `t.${col(name)} AS ${q(name)}`),
    ...ROW_RATE_COLUMNS.flatMap((r) => [r.sum, r.count]).map((name) => `t.${col(name)} AS ${q(name)}`),
    ...ANOMALY_COLUMNS.map((kind) => `t.${col(kind)} AS ${q(kind)}`),
    `e.exact_sums AS ${q(EXACT_COLUMN)}`,
  ];
  // Numeric ids sort numerically, before other ids (as compareIds does); then by text.
  const numeric = d.digits('t.influencer_id');
  const stripped = `LTRIM(t.influencer_id, '0')`;
  const order = [
    `CASE WHEN ${numeric} THEN 0 ELSE 1 END`,
    `CASE WHEN ${numeric} THEN LENGTH(${stripped}) END`,
    `CASE WHEN ${numeric} THEN ${d.binary(stripped)} END`,
    d.binary('t.influencer_id'),
  ];
  const text = (e: string) => `CAST(${e} AS ${d.text})`;
  const list = (items: readonly string[], indent: string) => items.join(`,\n${indent}`);
  return [
    `WITH events AS (`,
    `  SELECT ${list(select, '         ')}`,
    `  FROM ${table}`,
    `  WHERE ${source('influencerId')} IS NOT NULL AND TRIM(CAST(${source('influencerId')} AS ${d.text})) <> ''`,
    `),`,
    `terms AS (`,
    `  SELECT events.*,`,
    `         ${list(terms.map(([name, e]) => `${e} AS ${col(name)}`), '         ')}`,
    `  FROM events`,
    `),`,
    `totals AS (`,
    `  SELECT ${list(totals, '         ')}`,
    `  FROM terms`,
    `  GROUP BY influencer_id`,
    `),`,
    `parts AS (`,
    `  SELECT influencer_id, ${series.key} AS sum_index, ${pick(EXACT_SUM_COLUMNS.map(col))} AS x`,
    `  FROM terms CROSS JOIN ${series.from}`,
    `),`,
    `scaled AS (`,
    `  SELECT influencer_id, sum_index, x,`,
    `         CAST(FLOOR(FLOOR(LN(CASE WHEN x <> 0 THEN ABS(x) ELSE 1 END) / LN(${two})) / ${SCALE_BITS}) AS ${d.integer}) AS scale`,
    `  FROM parts`,
    `  WHERE x <> 0`,
    `),`,
    `split AS (`,
    `  SELECT influencer_id, sum_index, scale, SIGN(x) AS sgn, ABS(x) * ${half} * ${half} AS y`,
    `  FROM scaled`,
    `),`,
    `bins AS (`,
    `  SELECT influencer_id, sum_index, scale,`,
    `         SUM(${exactInteger(`sgn * FLOOR(y)`)}) AS u,`,
    `         SUM(${exactInteger(`sgn * (y - FLOOR(y)) * 9007199254740992`)}) AS w`,
    `  FROM split`,
    `  GROUP BY influencer_id, sum_index, scale`,
    `),`,
    `exact AS (`,
    `  SELECT influencer_id,`,
    `         STRING_AGG(${names} || ':' || ${text('scale')} || ':' || ${text('u')} || ':' || ${text('w')}, ' ') AS exact_sums`,
    `  FROM bins`,
    `  GROUP BY influencer_id`,
    `),`,
    `categories AS (`,
    `  SELECT influencer_id, category, COUNT(*) AS category_rows,`,
    `         ROW_NUMBER() OVER (PARTITION BY influencer_id ORDER BY COUNT(*) DESC, ${d.binary('category')}) AS pick`,
    `  FROM events`,
    `  WHERE category IS NOT NULL AND category <> ''`,
    `  GROUP BY influencer_id, category`,
    `),`,
    `followers AS (`,
    `  SELECT influencer_id, follower_count, event_date,`,
    `         ROW_NUMBER() OVER (PARTITION BY influencer_id ORDER BY ${d.binary('event_date')} DESC NULLS LAST, follower_count DESC) AS pick`,
    `  FROM events`,
    `  WHERE follower_count IS NOT NULL`,
    `)`,
    `SELECT ${list(out, '       ')}`,
    `FROM totals AS t`,
    `LEFT JOIN categories AS c ON c.influencer_id = t.influencer_id AND c.pick = 1`,
    `LEFT JOIN followers AS f ON f.influencer_id = t.influencer_id AND f.pick = 1`,
    `LEFT JOIN exact AS e ON e.influencer_id = t.influencer_id`,
    `ORDER BY ${order.join(', ')}`,
  ].join('\n');
}
