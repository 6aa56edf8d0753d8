/**
 * Chart-ready, tidy arrays. Nothing here renders: every shape is plain data that Vega-Lite,
 * Chart.js, Observable Plot or ECharts take as it is.
 * @module
 */
import { compareIds } from './ids.js';
import type { FunnelTotals } from './types.js';

/** One slice of the segment pie. */
export interface SegmentShareDatum {
  readonly segment: string;
  /** Influencers in the segment. */
  readonly count: number;
  /** Share of the segmented influencers, in [0, 1]. */
  readonly share: number;
}

/**
 * Influencers per segment, in label order (never alphabetical); empty segments are kept with 0.
 *
 * @example
 * ```ts
 * segmentShare(report.influencers, ['Low', 'Mid', 'High']);
 * // [{ segment: 'Low', count: 33, share: 0.33 }, { segment: 'Mid', ... }, { segment: 'High', ... }]
 * ```
 */
export function segmentShare(rows: readonly { readonly segment: string | null }[], labels: readonly string[]): SegmentShareDatum[] {
  const counts = new Map<string, number>(labels.map((l) => [l, 0]));
  let total = 0;
  for (const row of rows) {
    if (row.segment !== null && counts.has(row.segment)) {
      counts.set(row.segment, counts.get(row.segment)! + 1);
      total++;
    }
  }
  return labels.map((segment) => ({ segment, count: counts.get(segment)!, share: total > 0 ? counts.get(segment)! / total : 0 }));
}

/** One bar of a top-N chart. */
export interface TopNDatum {
  readonly rank: number;
  readonly influencerId: string;
  readonly value: number;
  readonly metric: string;
  readonly segment: string | null;
}

/**
 * The top `n` rows by a metric, sorted by the value (descending; ties by id), rows with a missing value left out.
 *
 * @example
 * ```ts
 * topN(report.influencers, { metric: 'revenue', n: 20 }); // [{ rank: 1, influencerId: '80', value: 10234.5, ... }, ...]
 * ```
 */
export function topN<T extends { readonly influencerId: string; readonly segment?: string | null }>(
  rows: readonly T[],
  options: { readonly metric?: keyof T & string; readonly n?: number } = {},
): TopNDatum[] {
  const metric = options.metric ?? ('revenue' as keyof T & string);
  const n = Math.max(0, Math.floor(options.n ?? 20));
  return rows
    .map((row) => ({ row, value: (row as Record<string, unknown>)[metric] }))
    .filter((d): d is { row: T; value: number } => typeof d.value === 'number' && Number.isFinite(d.value))
    .sort((a, b) => b.value - a.value || compareIds(a.row.influencerId, b.row.influencerId))
    .slice(0, n)
    .map((d, i) => ({ rank: i + 1, influencerId: d.row.influencerId, value: d.value, metric, segment: d.row.segment ?? null }));
}

/** One step of the funnel. */
export interface FunnelStepDatum {
  readonly step: 'impressions' | 'clicks' | 'addToCart' | 'purchases';
  readonly label: string;
  readonly count: number;
  /** Count / previous step's count (`null` for the first step or a zero previous step). */
  readonly fromPrevious: number | null;
  /** Count / first step's count. */
  readonly fromStart: number | null;
  /** Previous step's count minus this one (`null` for the first step). */
  readonly dropOff: number | null;
}

const STEPS = [
  ['impressions', 'Impressions'],
  ['clicks', 'Clicks'],
  ['addToCart', 'Add to cart'],
  ['purchases', 'Purchases'],
] as const;

/**
 * The overall funnel of the summed rows: count per step, conversion from the previous step and
 * from the start, and the drop-off.
 *
 * @example
 * ```ts
 * funnelFlow([{ impressions: 1000, clicks: 50, addToCart: 10, purchases: 4 }]);
 * // [{ step: 'impressions', count: 1000, fromPrevious: null, fromStart: 1, dropOff: null }, { step: 'clicks', count: 50, fromPrevious: 0.05, ... }, ...]
 * ```
 */
export function funnelFlow(rows: readonly FunnelTotals[]): FunnelStepDatum[] {
  const totals = { impressions: 0, clicks: 0, addToCart: 0, purchases: 0 };
  for (const row of rows) for (const [step] of STEPS) totals[step] += row[step];
  const first = totals.impressions;
  return STEPS.map(([step, label], i) => {
    const count = totals[step];
    const previous = i > 0 ? totals[STEPS[i - 1]![0]] : null;
    return {
      step,
      label,
      count,
      fromPrevious: previous === null || previous === 0 ? null : count / previous,
      fromStart: first > 0 ? count / first : null,
      dropOff: previous === null ? null : previous - count,
    };
  });
}
