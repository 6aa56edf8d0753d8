/**
 * The columns of the per-influencer result: what `toSQL` writes and `fromSQL` reads, named once.
 * Fields come from the field list (`FIELDS`), the noise sums from the money ratios
 * (`MONEY_EXPOSURES`), the per-row rates from `ROW_RATE_NAMES` and the anomaly counts from
 * `ANOMALY_KINDS`, so adding one of those adds its column on both sides.
 * @module
 */
import { ROW_RATE_NAMES, type RowRateName } from '../aggregate/aggregate.js';
import { FIELDS, type EventField } from '../contract/fields.js';
import { ANOMALY_KINDS, type AnomalyKind } from '../ingest/report.js';
import { MONEY_EXPOSURES, type ShrunkMoney } from '../metrics/intervals.js';

/** The count fields, summed per influencer (impressions, clicks, addToCart, purchases, and the optional engagements). */
export const COUNT_FIELDS: readonly EventField[] = FIELDS.filter((f) => f.kind === 'count').map((f) => f.field);
/** The counts every row has. */
export const REQUIRED_COUNTS: readonly EventField[] = FIELDS.filter((f) => f.kind === 'count' && f.required).map((f) => f.field);

/** The money fields (revenue, cost): each has its sum and a count of the rows that had a value. */
export const MONEY_FIELDS: readonly EventField[] = FIELDS.filter((f) => f.kind === 'money').map((f) => f.field);

/** `revenue` -> `revenueRows`: how many rows had a value. */
export const rowsColumn = (money: string): string => `${money}Rows`;

/** The sums behind the within-influencer noise of one money ratio (see `NoiseSums`). */
export interface NoiseColumns {
  readonly ratio: ShrunkMoney;
  /** The count field the ratio divides by. */
  readonly exposure: 'clicks' | 'impressions';
  /** Σ v²/c over the rows with revenue and c > 0. */
  readonly squares: string;
  /** Σ v over the same rows. */
  readonly values: string;
  /** Σ c over the same rows. */
  readonly exposureSum: string;
  /** How many such rows. */
  readonly rows: string;
}

/** The noise columns of `rpc` and `rpi`. */
export const NOISE_COLUMNS: readonly NoiseColumns[] = (Object.keys(MONEY_EXPOSURES) as ShrunkMoney[]).map((ratio) => ({
  ratio,
  exposure: MONEY_EXPOSURES[ratio],
  squares: `${ratio}NoiseSquares`,
  values: `${ratio}NoiseValues`,
  exposureSum: `${ratio}NoiseExposure`,
  rows: `${ratio}NoiseRows`,
}));

/** The per-row rate sums the `classic` preset averages: Σ of the rows' rate and how many rows had one. */
export interface RowRateColumns {
  readonly name: RowRateName;
  readonly sum: string;
  readonly count: string;
}

/** One entry per `ROW_RATE_NAMES`: `ctrRowSum`, `ctrRowCount`, ... */
export const ROW_RATE_COLUMNS: readonly RowRateColumns[] = ROW_RATE_NAMES.map((name) => ({ name, sum: `${name}RowSum`, count: `${name}RowCount` }));

/** Per-influencer counts of the funnel anomalies the row report counts. */
export const ANOMALY_COLUMNS: readonly AnomalyKind[] = ANOMALY_KINDS;

/**
 * The floating-point sum columns that `exactSums` carries exactly, in its order: revenue and cost,
 * the noise sums, the per-row rate sums.
 */
export const EXACT_SUM_COLUMNS: readonly string[] = [
  ...MONEY_FIELDS,
  ...NOISE_COLUMNS.flatMap((n) => [n.squares, n.values]),
  ...ROW_RATE_COLUMNS.map((r) => r.sum),
];

/** The column that holds every floating-point sum exactly (see `exact-terms`). */
export const EXACT_COLUMN = 'exactSums';

/** The follower count's date (for merging) and the number of rows with the most frequent category. */
export const FOLLOWER_DATE_COLUMN = 'followerCountDate';
export const CATEGORY_ROWS_COLUMN = 'categoryRows';
