/**
 * Named statistics of a group of rows, shared by the segment profile and the heatmap.
 * @module
 */
import { median } from 'd3-array';
import { InvalidOptionsError } from '../contract/errors.js';
import { addToPartials, exactSum, partialsValue } from '../base/exact-sum.js';
import { METRICS } from '../metrics/funnel-metrics.js';
import type { MetricName } from '../contract/types.js';
import { finiteOrNull } from './validate.js';

/**
 * What a value summarises:
 * - `mean`: the unweighted mean of the rows' values (missing values skipped);
 * - `median`: their median;
 * - `total`: their exact sum (additive fields only: counts, revenue, cost...);
 * - `ratioOfSums`: a funnel rate of the group's summed counts and money (rate metrics only), so a
 *   row with 10,000 clicks weighs 1,000 times a row with 10.
 */
export type Statistic = 'mean' | 'median' | 'total' | 'ratioOfSums';

/** The statistics, in documentation order. */
export const STATISTICS: readonly Statistic[] = Object.freeze(['mean', 'median', 'total', 'ratioOfSums']);

const RATES = new Set<string>(Object.keys(METRICS));

/**
 * Whether `metric` is a funnel rate (a ratio: `ctr`, `rpc`, `roas`...), for which a total means nothing.
 *
 * @example
 * ```ts
 * isRateMetric('ctr'); // true
 * isRateMetric('revenue'); // false
 * ```
 */
export function isRateMetric(metric: string): metric is MetricName {
  return RATES.has(metric);
}

/** Fields that are ratios or positions rather than amounts: their total means nothing. */
const NOT_ADDITIVE = new Set(['score', 'rank']);

/** Checks that `statistic` applies to every metric. */
export function checkStatistic(statistic: unknown, metrics: readonly string[], fn: string): Statistic {
  if (!STATISTICS.includes(statistic as Statistic)) {
    throw new InvalidOptionsError(`${fn}: \`statistic\` must be one of ${STATISTICS.join(', ')}, got "${String(statistic)}".`, [
      { path: 'statistic', message: 'unknown statistic' },
    ]);
  }
  for (const metric of metrics) {
    if (statistic === 'total' && (isRateMetric(metric) || NOT_ADDITIVE.has(metric))) {
      throw new InvalidOptionsError(`${fn}: a total of "${metric}" means nothing; use statistic "mean", "median" or "ratioOfSums".`, [
        { path: 'statistic', message: `total of ${metric}` },
      ]);
    }
    if (statistic === 'ratioOfSums' && !isRateMetric(metric)) {
      throw new InvalidOptionsError(`${fn}: "ratioOfSums" applies to funnel rates (${[...RATES].join(', ')}), not to "${metric}".`, [
        { path: 'statistic', message: `ratioOfSums of ${metric}` },
      ]);
    }
  }
  return statistic as Statistic;
}

function sumOrNull(rows: readonly object[], field: string): number | null {
  const values = rows.map((r) => finiteOrNull((r as Record<string, unknown>)[field])).filter((v): v is number => v !== null);
  return values.length ? exactSum(values) : null;
}

/** The statistic of `metric` over `rows`, and how many rows carried a value. */
export function statisticOf(rows: readonly object[], metric: string, statistic: Statistic): { value: number | null; n: number } {
  if (statistic === 'ratioOfSums') {
    const counted = rows.filter((r) => finiteOrNull((r as Record<string, unknown>).impressions) !== null);
    const totals = {
      impressions: sumOrNull(counted, 'impressions') ?? 0,
      clicks: sumOrNull(counted, 'clicks') ?? 0,
      addToCart: sumOrNull(counted, 'addToCart') ?? 0,
      purchases: sumOrNull(counted, 'purchases') ?? 0,
      revenue: sumOrNull(counted, 'revenue'),
      cost: sumOrNull(counted, 'cost'),
    };
    const value = METRICS[metric as MetricName](totals);
    return { value, n: counted.length };
  }
  const values = rows.map((r) => finiteOrNull((r as Record<string, unknown>)[metric])).filter((v): v is number => v !== null);
  if (values.length === 0) return { value: null, n: 0 };
  const total = exactSum(values);
  if (statistic === 'total') return { value: total, n: values.length };
  if (statistic === 'median') return { value: median(values) ?? null, n: values.length };
  return { value: total / values.length, n: values.length };
}

/**
 * The statistic of each metric in each group of rows: `groupOf[i]` is row `i`'s group in `[0, groups)`,
 * or -1 for none; `result[m][g]` is metric `m` in group `g`. The same values as {@link statisticOf} on
 * each group's rows; for `mean` and `total`, computed in one pass over the rows (exact sums per cell).
 */
export function groupedStatistics(
  rows: readonly object[],
  groupOf: Int32Array,
  groups: number,
  metrics: readonly string[],
  statistic: Statistic,
): { value: number | null; n: number }[][] {
  if (statistic === 'median' || statistic === 'ratioOfSums') {
    const members: object[][] = [];
    for (let g = 0; g < groups; g++) members.push([]);
    for (let i = 0; i < rows.length; i++) if (groupOf[i]! >= 0) members[groupOf[i]!]!.push(rows[i]!);
    return metrics.map((metric) => members.map((m) => statisticOf(m, metric, statistic)));
  }
  const width = metrics.length;
  const partials: number[][] = [];
  for (let c = 0; c < groups * width; c++) partials.push([]);
  const counts = new Float64Array(groups * width);
  for (let i = 0; i < rows.length; i++) {
    const g = groupOf[i]!;
    if (g < 0) continue;
    const row = rows[i] as Record<string, unknown>;
    for (let m = 0, c = g * width; m < width; m++, c++) {
      const v = row[metrics[m]!];
      if (typeof v === 'number' && v - v === 0) {
        addToPartials(partials[c]!, v);
        counts[c] = counts[c]! + 1;
      }
    }
  }
  return metrics.map((_, m) => {
    const out: { value: number | null; n: number }[] = [];
    for (let g = 0, c = m; g < groups; g++, c += width) {
      const n = counts[c]!;
      const total = partialsValue(partials[c]!);
      out.push({ value: n === 0 ? null : statistic === 'total' ? total : total / n, n });
    }
    return out;
  });
}
