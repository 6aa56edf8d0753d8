/**
 * Funnel metrics as ratios of totals. A zero denominator, or a missing numerator such as revenue in
 * a lead-generation export, gives `null`: never `NaN` or `Infinity`.
 * @module
 */
import type { FunnelMetrics, FunnelTotals, MetricName } from '../contract/types.js';

/** A ratio of numbers (`NaN`: missing), `null` for a missing numerator or a denominator that is not positive. @internal */
export function ratioOf(numerator: number, denominator: number): number | null {
  if (numerator !== numerator || !(denominator > 0)) return null;
  const value = numerator / denominator;
  return Number.isFinite(value) ? value : null;
}

function ratio(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  return numerator == null || denominator == null ? null : ratioOf(numerator, denominator);
}

/**
 * Click-through rate: `clicks / impressions`.
 * @example
 * ```ts
 * ctr({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2 }); // 0.025
 * ctr({ impressions: 0, clicks: 0, addToCart: 0, purchases: 0 }); // null
 * ```
 */
export const ctr = (t: FunnelTotals): number | null => ratio(t.clicks, t.impressions);

/**
 * Add-to-cart rate: `addToCart / clicks`.
 * @example
 * ```ts
 * atcRate({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2 }); // 0.2
 * ```
 */
export const atcRate = (t: FunnelTotals): number | null => ratio(t.addToCart, t.clicks);

/**
 * Purchase rate: `purchases / addToCart`.
 * @example
 * ```ts
 * purchaseRate({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2 }); // 0.4
 * ```
 */
export const purchaseRate = (t: FunnelTotals): number | null => ratio(t.purchases, t.addToCart);

/**
 * Overall conversion: `purchases / impressions`.
 * @example
 * ```ts
 * overallConversion({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2 }); // 0.002
 * ```
 */
export const overallConversion = (t: FunnelTotals): number | null => ratio(t.purchases, t.impressions);

/**
 * Revenue per click: `revenue / clicks` (`null` without revenue).
 * @example
 * ```ts
 * rpc({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2, revenue: 100 }); // 4
 * ```
 */
export const rpc = (t: FunnelTotals): number | null => ratio(t.revenue, t.clicks);

/**
 * Revenue per impression: `revenue / impressions` (`null` without revenue).
 * @example
 * ```ts
 * rpi({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2, revenue: 100 }); // 0.1
 * ```
 */
export const rpi = (t: FunnelTotals): number | null => ratio(t.revenue, t.impressions);

/**
 * Return on ad spend: `revenue / cost` (`null` without revenue or cost).
 * @example
 * ```ts
 * roas({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2, revenue: 100, cost: 40 }); // 2.5
 * ```
 */
export const roas = (t: FunnelTotals): number | null => ratio(t.revenue, t.cost);

/**
 * Cost per acquisition: `cost / purchases`.
 * @example
 * ```ts
 * cpa({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2, cost: 40 }); // 20
 * ```
 */
export const cpa = (t: FunnelTotals): number | null => ratio(t.cost, t.purchases);

/**
 * Cost per click: `cost / clicks`.
 * @example
 * ```ts
 * cpc({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2, cost: 40 }); // 1.6
 * ```
 */
export const cpc = (t: FunnelTotals): number | null => ratio(t.cost, t.clicks);

/**
 * Cost per thousand impressions: `1000 * cost / impressions`.
 * @example
 * ```ts
 * cpm({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2, cost: 40 }); // 40
 * ```
 */
export const cpm = (t: FunnelTotals): number | null => ratio(t.cost == null ? null : 1000 * t.cost, t.impressions);

/**
 * Engagement rate: `engagements / impressions` (`null` without engagements).
 * @example
 * ```ts
 * engagementRate({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2, engagements: 60 }); // 0.06
 * ```
 */
export const engagementRate = (t: FunnelTotals): number | null => ratio(t.engagements, t.impressions);

/**
 * Cost per engagement: `cost / engagements` (`null` without cost or engagements).
 * @example
 * ```ts
 * cpe({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2, engagements: 80, cost: 40 }); // 0.5
 * ```
 */
export const cpe = (t: FunnelTotals): number | null => ratio(t.cost, t.engagements);

/** Every metric function by name, in the order summaries list them. */
export const METRICS: { readonly [K in MetricName]: (t: FunnelTotals) => number | null } = /* @__PURE__ */ Object.freeze({
  ctr,
  atcRate,
  purchaseRate,
  overallConversion,
  rpc,
  rpi,
  roas,
  cpa,
  cpc,
  cpm,
  engagementRate,
  cpe,
});

/** Metric names in summary order. */
export const METRIC_NAMES: readonly MetricName[] = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(METRICS) as MetricName[]);

/**
 * Every funnel metric of one totals object.
 * @example
 * ```ts
 * const m = funnelMetrics({ impressions: 1000, clicks: 25, addToCart: 5, purchases: 2, revenue: 100 });
 * m.ctr; // 0.025
 * m.roas; // null (no cost)
 * ```
 */
export function funnelMetrics(t: FunnelTotals): FunnelMetrics {
  return {
    ctr: ctr(t),
    atcRate: atcRate(t),
    purchaseRate: purchaseRate(t),
    overallConversion: overallConversion(t),
    rpc: rpc(t),
    rpi: rpi(t),
    roas: roas(t),
    cpa: cpa(t),
    cpc: cpc(t),
    cpm: cpm(t),
    engagementRate: engagementRate(t),
    cpe: cpe(t),
  };
}
