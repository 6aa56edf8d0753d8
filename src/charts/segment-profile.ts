/**
 * Segment bar plots per metric.
 * @module
 */
import { metricLabel } from './labels.js';
import { checkStatistic, groupedStatistics, type Statistic } from './statistics.js';
import { checkField, checkLabels, checkRows } from './validate.js';

/** One bar of a segment profile: a statistic of one metric in one segment. */
export interface SegmentProfileDatum {
  readonly segment: string;
  readonly metric: string;
  readonly metricLabel: string;
  /** What `value` is: `mean` of revenue is not a `total` of revenue. */
  readonly statistic: Statistic;
  /** `null` for an empty segment or when no influencer of the segment has the metric. */
  readonly value: number | null;
  /** Influencers whose value entered the statistic. */
  readonly n: number;
}

/** Options of {@link segmentProfile}. */
export interface SegmentProfileOptions {
  /** Segment labels, lowest first: the order of the output. */
  readonly labels: readonly string[];
  /** Metrics to profile (default {@link DEFAULT_PROFILE_METRICS}). */
  readonly metrics?: readonly string[];
  /** The statistic (default `mean`). */
  readonly statistic?: Statistic;
}

/** Metrics of the segment profile by default. */
export const DEFAULT_PROFILE_METRICS: readonly string[] = Object.freeze(['revenue', 'ctr', 'atcRate', 'purchaseRate', 'overallConversion', 'rpc']);

/**
 * A statistic of each metric per segment, long (tidy): one datum per metric and segment, metrics in
 * the order given and segments in label order (never alphabetical), empty segments kept with a
 * `null` value. Each datum names its statistic. Missing (`null`) values are skipped.
 *
 * @example
 * ```ts
 * segmentProfile(
 *   [{ segment: 'Low', revenue: 10, ctr: 0.01 }, { segment: 'High', revenue: 90, ctr: null }, { segment: 'High', revenue: 110, ctr: 0.03 }],
 *   { labels: ['Low', 'Mid', 'High'], metrics: ['revenue', 'ctr'] },
 * );
 * // [{ segment: 'Low', metric: 'revenue', statistic: 'mean', value: 10, n: 1 }, { segment: 'Mid', metric: 'revenue', value: null, n: 0 },
 * //  { segment: 'High', metric: 'revenue', value: 100, n: 2 }, { segment: 'Low', metric: 'ctr', ... }, ...]
 * ```
 */
export function segmentProfile<T extends { readonly segment?: string | null }>(rows: readonly T[], options: SegmentProfileOptions): SegmentProfileDatum[] {
  checkRows(rows, 'segmentProfile');
  const labels = checkLabels(options?.labels);
  const metrics = options.metrics ?? DEFAULT_PROFILE_METRICS;
  const statistic = checkStatistic(options.statistic ?? 'mean', metrics, 'segmentProfile');
  for (const field of statistic === 'ratioOfSums' ? ['impressions'] : metrics) checkField(rows, field, 'segmentProfile');
  // Each row's segment, looked up once.
  const index = new Map<string, number>(labels.map((l, i) => [l, i]));
  const groupOf = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const segment = rows[i]!.segment;
    groupOf[i] = typeof segment === 'string' ? (index.get(segment) ?? -1) : -1;
  }
  const out: SegmentProfileDatum[] = [];
  const stats = groupedStatistics(rows, groupOf, labels.length, metrics, statistic);
  metrics.forEach((metric, m) => {
    const label = metricLabel(metric);
    labels.forEach((segment, g) => {
      const { value, n } = stats[m]![g]!;
      out.push({ segment, metric, metricLabel: label, statistic, value, n });
    });
  });
  return out;
}
