/**
 * Shared data shapes.
 * @module
 */

/** One validated event row: what the ingest layer produces and the aggregate layer reads. */
export interface EventRow {
  /** Influencer identifier, kept verbatim as text (`"007"` and `"7"` are different influencers). */
  readonly influencerId: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly addToCart: number;
  readonly purchases: number;
  /** Likes, comments and shares, as creator platforms export them; `null` (or absent) when the export has none. */
  readonly engagements?: number | null;
  /** Revenue in the export's currency; `null` when the export has no revenue (lead generation). */
  readonly revenue: number | null;
  /** Spend on the influencer; `null` when unknown. */
  readonly cost: number | null;
  /** ISO date `YYYY-MM-DD`, or `null` when the export has no date column. */
  readonly date: string | null;
  readonly category: string | null;
  readonly platform: string | null;
  readonly campaign: string | null;
  readonly followerCount: number | null;
  /** Extra string dimensions (any other column), keyed by camelCase name. */
  readonly extra: Readonly<Record<string, string>>;
}

/** The counts and money a funnel metric reads. Aggregates and event rows both fit. */
export interface FunnelTotals {
  readonly impressions: number;
  readonly clicks: number;
  readonly addToCart: number;
  readonly purchases: number;
  readonly engagements?: number | null;
  readonly revenue?: number | null;
  readonly cost?: number | null;
}

/** Names of the funnel metrics. */
export type MetricName =
  | 'ctr'
  | 'atcRate'
  | 'purchaseRate'
  | 'overallConversion'
  | 'rpc'
  | 'rpi'
  | 'roas'
  | 'cpa'
  | 'cpc'
  | 'cpm'
  | 'engagementRate'
  | 'cpe';

/** Every funnel metric of one totals object; `null` where a denominator (or revenue/cost) is missing. */
export type FunnelMetrics = { readonly [K in MetricName]: number | null };
