/**
 * Human labels of the fields and metrics that chart shapes carry, so that axes and legends read
 * "Add-to-cart rate" rather than `atcRate`.
 * @module
 */

/** Labels of the known fields and metrics. */
export const METRIC_LABELS: Readonly<Record<string, string>> = Object.freeze({
  rows: 'Rows',
  impressions: 'Impressions',
  clicks: 'Clicks',
  addToCart: 'Add to cart',
  purchases: 'Purchases',
  engagements: 'Engagements',
  revenue: 'Revenue',
  cost: 'Cost',
  followerCount: 'Followers',
  ctr: 'CTR',
  atcRate: 'Add-to-cart rate',
  purchaseRate: 'Purchase rate',
  overallConversion: 'Overall conversion',
  rpc: 'Revenue per click',
  rpi: 'Revenue per impression',
  roas: 'ROAS',
  cpa: 'Cost per acquisition',
  cpc: 'Cost per click',
  cpm: 'Cost per 1,000 impressions',
  engagementRate: 'Engagement rate',
  cpe: 'Cost per engagement',
  score: 'Score',
  rank: 'Rank',
});

/**
 * The label of a field or metric: a known one from {@link METRIC_LABELS}, otherwise the camelCase
 * name spelled out (`saveRate` gives `Save rate`).
 *
 * @example
 * ```ts
 * metricLabel('atcRate'); // 'Add-to-cart rate'
 * metricLabel('saveRate'); // 'Save rate'
 * ```
 */
export function metricLabel(metric: string): string {
  if (Object.prototype.hasOwnProperty.call(METRIC_LABELS, metric)) return METRIC_LABELS[metric]!;
  const words = metric.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
