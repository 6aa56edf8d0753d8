/**
 * The per-influencer totals and funnel metrics as one SQL query, for event tables that live in a
 * warehouse. The query keeps the library's definitions: rates are ratios of sums, a zero denominator
 * gives NULL (`NULLIF`), never a division error, NaN or Infinity; the most frequent category breaks
 * ties by code-unit order; the follower count is the one on the latest date (ties: the largest).
 * Output columns carry the camelCase names `score` and `segment` read, so the rows a warehouse
 * returns feed them unchanged.
 * @module
 */
import { InvalidOptionsError } from './errors.js';
import { FIELDS, type EventField } from './fields.js';
import type { ColumnMapping } from './schema.js';

/** SQL dialects {@link toSQL} writes. */
export type SqlDialect = 'duckdb' | 'postgres' | 'bigquery';

/** Optional event fields a table may have. */
export type OptionalSqlField = 'revenue' | 'cost' | 'date' | 'category' | 'followerCount';

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
  /** Text ordering by code units (binary), for the category tie-break. */
  readonly binary: (expression: string) => string;
}

const DIALECTS: Record<SqlDialect, Dialect> = {
  duckdb: {
    quote: (name) => `"${name.replace(/"/g, '""')}"`,
    float: 'DOUBLE',
    integer: 'BIGINT',
    text: 'VARCHAR',
    binary: (e) => e,
  },
  postgres: {
    quote: (name) => `"${name.replace(/"/g, '""')}"`,
    float: 'DOUBLE PRECISION',
    integer: 'BIGINT',
    text: 'TEXT',
    binary: (e) => `${e} COLLATE "C"`,
  },
  bigquery: {
    quote: (name) => `\`${name.replace(/[`\\]/g, '\\$&')}\``,
    float: 'FLOAT64',
    integer: 'INT64',
    text: 'STRING',
    binary: (e) => e,
  },
};

const OPTIONAL: readonly OptionalSqlField[] = ['revenue', 'cost', 'date', 'category', 'followerCount'];

/**
 * Writes the query that computes, per influencer, what `aggregate` and `funnelMetrics` compute in
 * memory: `rows`, the four count sums, `revenue` and `cost` (NULL when no row has one), `firstDate`,
 * `lastDate`, `category`, `followerCount` and the ten metrics (`ctr` ... `cpm`), ordered by id.
 * Run it where the data is and pass the rows to `score` and `segment`.
 *
 * @example
 * ```ts
 * const sql = toSQL({ table: 'analytics.events', dialect: 'duckdb', fields: ['revenue', 'date'] });
 * const rows = await warehouse.query(sql); // one row per influencer: influencerId, clicks, ..., ctr, rpc, ...
 * rows.length; // 100
 * const { lines } = smallSampleEstimates(rows); // Wilson bounds and shrunk rates, as analyze adds them
 * const ranked = segment(score(lines, presets.default.scoring), { by: 'score' });
 * ```
 */
export function toSQL(options: ToSQLOptions): string {
  if (!options || typeof options !== 'object') throw new InvalidOptionsError('toSQL requires options: { table, columns?, dialect?, fields? }.');
  const dialectName = options.dialect ?? 'duckdb';
  const d = DIALECTS[dialectName];
  if (!d || !Object.prototype.hasOwnProperty.call(DIALECTS, dialectName)) {
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
  const q = d.quote;
  const column = (field: EventField) => q(mapping[field] ?? FIELDS.find((s) => s.field === field)!.column);
  const table = options.table.split('.').map((part) => q(part.trim())).join('.');
  const has = (f: OptionalSqlField) => fields.has(f);
  const float = (e: string) => `CAST(${e} AS ${d.float})`;
  const nullFloat = `CAST(NULL AS ${d.float})`;
  const ratio = (num: string, den: string) => `${float(num)} / NULLIF(${float(den)}, 0)`;

  const select = [
    `CAST(${column('influencerId')} AS ${d.text}) AS influencer_id`,
    `CAST(${column('impressions')} AS ${d.integer}) AS impressions`,
    `CAST(${column('clicks')} AS ${d.integer}) AS clicks`,
    `CAST(${column('addToCart')} AS ${d.integer}) AS add_to_cart`,
    `CAST(${column('purchases')} AS ${d.integer}) AS purchases`,
    `${has('revenue') ? float(column('revenue')) : nullFloat} AS revenue`,
    `${has('cost') ? float(column('cost')) : nullFloat} AS cost`,
    `${has('date') ? `CAST(${column('date')} AS ${d.text})` : `CAST(NULL AS ${d.text})`} AS event_date`,
    `${has('category') ? `CAST(${column('category')} AS ${d.text})` : `CAST(NULL AS ${d.text})`} AS category`,
    `${has('followerCount') ? `CAST(${column('followerCount')} AS ${d.integer})` : `CAST(NULL AS ${d.integer})`} AS follower_count`,
  ];
  const alias = (name: string) => q(name);
  const totals = [
    `influencer_id`,
    `COUNT(*) AS ${alias('rows')}`,
    `SUM(impressions) AS impressions`,
    `SUM(clicks) AS clicks`,
    `SUM(add_to_cart) AS add_to_cart`,
    `SUM(purchases) AS purchases`,
    `SUM(revenue) AS revenue`,
    `SUM(cost) AS cost`,
    `MIN(event_date) AS first_date`,
    `MAX(event_date) AS last_date`,
  ];
  const metrics: [string, string][] = [
    ['ctr', ratio('t.clicks', 't.impressions')],
    ['atcRate', ratio('t.add_to_cart', 't.clicks')],
    ['purchaseRate', ratio('t.purchases', 't.add_to_cart')],
    ['overallConversion', ratio('t.purchases', 't.impressions')],
    ['rpc', ratio('t.revenue', 't.clicks')],
    ['rpi', ratio('t.revenue', 't.impressions')],
    ['roas', ratio('t.revenue', 't.cost')],
    ['cpa', ratio('t.cost', 't.purchases')],
    ['cpc', ratio('t.cost', 't.clicks')],
    ['cpm', ratio('1000 * t.cost', 't.impressions')],
  ];
  const out = [
    `t.influencer_id AS ${alias('influencerId')}`,
    `t.${alias('rows')} AS ${alias('rows')}`,
    `t.impressions AS ${alias('impressions')}`,
    `t.clicks AS ${alias('clicks')}`,
    `t.add_to_cart AS ${alias('addToCart')}`,
    `t.purchases AS ${alias('purchases')}`,
    `t.revenue AS ${alias('revenue')}`,
    `t.cost AS ${alias('cost')}`,
    `t.first_date AS ${alias('firstDate')}`,
    `t.last_date AS ${alias('lastDate')}`,
    `c.category AS ${alias('category')}`,
    `f.follower_count AS ${alias('followerCount')}`,
    ...metrics.map(([name, expression]) => `${expression} AS ${alias(name)}`),
  ];
  // Numeric ids sort numerically, before other ids (as compareIds does); then by text.
  const numeric = dialectName === 'bigquery' ? `REGEXP_CONTAINS(t.influencer_id, r'^[0-9]+$')` : dialectName === 'postgres' ? `t.influencer_id ~ '^[0-9]+$'` : `regexp_full_match(t.influencer_id, '[0-9]+')`;
  const stripped = `LTRIM(t.influencer_id, '0')`;
  const order = [
    `CASE WHEN ${numeric} THEN 0 ELSE 1 END`,
    `CASE WHEN ${numeric} THEN LENGTH(${stripped}) END`,
    `CASE WHEN ${numeric} THEN ${d.binary(stripped)} END`,
    d.binary('t.influencer_id'),
  ];
  return [
    `WITH events AS (`,
    `  SELECT ${select.join(',\n         ')}`,
    `  FROM ${table}`,
    `  WHERE ${column('influencerId')} IS NOT NULL AND TRIM(CAST(${column('influencerId')} AS ${d.text})) <> ''`,
    `),`,
    `totals AS (`,
    `  SELECT ${totals.join(',\n         ')}`,
    `  FROM events`,
    `  GROUP BY influencer_id`,
    `),`,
    `categories AS (`,
    `  SELECT influencer_id, category,`,
    `         ROW_NUMBER() OVER (PARTITION BY influencer_id ORDER BY COUNT(*) DESC, ${d.binary('category')}) AS pick`,
    `  FROM events`,
    `  WHERE category IS NOT NULL AND category <> ''`,
    `  GROUP BY influencer_id, category`,
    `),`,
    `followers AS (`,
    `  SELECT influencer_id, follower_count,`,
    `         ROW_NUMBER() OVER (PARTITION BY influencer_id ORDER BY event_date DESC NULLS LAST, follower_count DESC) AS pick`,
    `  FROM events`,
    `  WHERE follower_count IS NOT NULL`,
    `)`,
    `SELECT ${out.join(',\n       ')}`,
    `FROM totals AS t`,
    `LEFT JOIN categories AS c ON c.influencer_id = t.influencer_id AND c.pick = 1`,
    `LEFT JOIN followers AS f ON f.influencer_id = t.influencer_id AND f.pick = 1`,
    `ORDER BY ${order.join(', ')}`,
  ].join('\n');
}
