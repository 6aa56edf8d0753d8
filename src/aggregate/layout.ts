/**
 * The layout of the accumulator's numbers: which exact sums it keeps and where each of a group's
 * numbers sits, by name, derived from the field list's counts. Shared by the accumulator and the
 * worker state it hands across threads.
 * @module
 */
import { COUNT_FIELDS, REQUIRED_COUNT_FIELDS } from '../contract/fields.js';

/** Per-row rates whose unweighted mean the `classic` preset reports. */
export type RowRateName = 'ctr' | 'atcRate' | 'purchaseRate' | 'overallConversion' | 'rpc' | 'rpi';

/** Names of the per-row rates, in summary order. */
export const ROW_RATE_NAMES: readonly RowRateName[] = Object.freeze(['ctr', 'atcRate', 'purchaseRate', 'overallConversion', 'rpc', 'rpi']);

/**
 * Exact sums kept per group: revenue, cost, the money-noise sums (see {@link MoneyNoise}), then the six
 * per-row rates. The noise's Σ v over rows with clicks (impressions) is revenue minus Σ v over the
 * rows with revenue and no clicks (impressions): those rare rows are what is summed per row, at
 * NOISE + 1 (+ 3), so a usual row adds to three exact sums instead of five.
 * @internal
 */
export const SUMS = 12;
export const REVENUE = 0;
export const COST = 1;
export const NOISE = 2;
/** Sums kept without per-row rates. */
export const BASE_SUMS = 6;
/**
 * Layout of one group's numbers in the accumulator's single Float64Array (one contiguous block per
 * group keeps a row's updates in a few cache lines), by name: the row count and the counts of the
 * field list (with, for an optional count, the rows that had one), first/latest state, then the row
 * counters of the S exact sums kept (revenue, cost, money noise and, with per-row rates, the six
 * rates), in sum order. Their `hi` terms follow at N + S + k and their `lo` terms at N + 2S + k.
 * @internal
 */
export const LAYOUT = slotsOf([
  'rows',
  ...COUNT_FIELDS.flatMap((f) => (REQUIRED_COUNT_FIELDS.includes(f as never) ? [f] : [f, `${f}Rows`])),
  'firstSeen',
  'firstFollowers',
  'latestFollowers',
  'latestKey',
  'firstKey',
  'lastKey',
  // The first category with its count, and a second (most influencers have one or two; more go to `categories`).
  'category',
  'categoryCount',
  'category2',
  'category2Count',
  // Exposure (clicks, impressions) of the rows with revenue: the `C` of the money-noise sums.
  'rpcExposure',
  'rpiExposure',
  // Row counters of the exact sums, in sum order: revenue, cost, the money-noise sums (rows with revenue
  // and clicks, with revenue and no clicks, the same for impressions), the per-row rates.
  'revenueRows',
  'costRows',
  'rpcNoiseRows',
  'rpcNoiseRowsWithout',
  'rpiNoiseRows',
  'rpiNoiseRowsWithout',
  ...ROW_RATE_NAMES.map((name) => `${name}Rows`),
]);

/** Slot of each name, in list order. */
export function slotsOf(names: readonly string[]): Readonly<Record<string, number>> {
  return Object.freeze(Object.fromEntries(names.map((name, i) => [name, i])));
}

export const ROWS = LAYOUT.rows!;
export const IMPRESSIONS = LAYOUT.impressions!;
export const CLICKS = LAYOUT.clicks!;
export const ADD_TO_CART = LAYOUT.addToCart!;
export const PURCHASES = LAYOUT.purchases!;
export const ENGAGEMENTS = LAYOUT.engagements!;
export const ENGAGEMENT_ROWS = LAYOUT.engagementsRows!;
export const FIRST_SEEN = LAYOUT.firstSeen!;
export const FIRST_FOLLOWERS = LAYOUT.firstFollowers!;
export const LATEST_FOLLOWERS = LAYOUT.latestFollowers!;
export const LATEST_KEY = LAYOUT.latestKey!;
export const FIRST_KEY = LAYOUT.firstKey!;
export const LAST_KEY = LAYOUT.lastKey!;
export const CATEGORY = LAYOUT.category!;
export const CATEGORY_COUNT = LAYOUT.categoryCount!;
export const CATEGORY2 = LAYOUT.category2!;
export const CATEGORY2_COUNT = LAYOUT.category2Count!;
export const RPC_EXPOSURE = LAYOUT.rpcExposure!;
export const RPI_EXPOSURE = LAYOUT.rpiExposure!;
/** Row counters of the exact sums start here: sum `k`'s at REVENUE_ROWS + k. */
export const REVENUE_ROWS = LAYOUT.revenueRows!;
export const COST_ROWS = LAYOUT.costRows!;
export const NOISE_N = LAYOUT.rpcNoiseRows!;
/** Rate counters start here, in {@link ROW_RATE_NAMES} order. */
export const RATE_N = LAYOUT[`${ROW_RATE_NAMES[0]}Rows`]!;

