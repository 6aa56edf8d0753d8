/**
 * The top-N bar chart.
 * @module
 */
import { InvalidOptionsError } from '../errors.js';
import { compareIds } from '../ids.js';
import { metricLabel } from './labels.js';
import { checkField, checkRows, finiteOrNull } from './validate.js';

/** One bar of a top-N chart. */
export interface TopNDatum {
  /** 1 for the largest value. */
  readonly rank: number;
  readonly influencerId: string;
  readonly value: number;
  readonly metric: string;
  readonly metricLabel: string;
  readonly segment: string | null;
}

/** Options of {@link topN}. */
export interface TopNOptions<T> {
  /** The numeric field to rank by (default `revenue`). */
  readonly metric?: keyof T & string;
  /** How many bars (default 20). */
  readonly n?: number;
  /** `descending` (default: the largest first) or `ascending` (for costs: the cheapest first). */
  readonly order?: 'descending' | 'ascending';
}

/**
 * The top `n` rows by a metric, sorted by the value (largest first, ties by id; never by id
 * alone). Rows whose value is missing (`null`) are left out, so a lead-generation export without
 * revenue gives no revenue bars rather than bars of zero.
 *
 * @example
 * ```ts
 * topN(
 *   [{ influencerId: '1', revenue: 50, segment: 'Low' }, { influencerId: '2', revenue: 900, segment: 'High' }, { influencerId: '3', revenue: null, segment: null }],
 *   { metric: 'revenue', n: 20 },
 * );
 * // [{ rank: 1, influencerId: '2', value: 900, metric: 'revenue', ... }, { rank: 2, influencerId: '1', value: 50, ... }]
 * ```
 */
export function topN<T extends { readonly influencerId: string; readonly segment?: string | null }>(
  rows: readonly T[],
  options: TopNOptions<T> = {},
): TopNDatum[] {
  checkRows(rows, 'topN');
  const metric = options.metric ?? ('revenue' as keyof T & string);
  const n = options.n ?? 20;
  if (!(n === Infinity || (Number.isInteger(n) && n >= 0))) {
    throw new InvalidOptionsError(`topN: \`n\` must be a non-negative integer, got ${String(n)}.`, [{ path: 'n', message: 'expected a non-negative integer' }]);
  }
  const order = options.order ?? 'descending';
  if (order !== 'descending' && order !== 'ascending') {
    throw new InvalidOptionsError(`topN: \`order\` must be "descending" or "ascending", got "${String(order)}".`, [{ path: 'order', message: 'unknown order' }]);
  }
  checkField(rows, metric, 'topN');
  const sign = order === 'descending' ? 1 : -1;
  const label = metricLabel(metric);
  return rows
    .map((row) => ({ row, value: finiteOrNull((row as Record<string, unknown>)[metric]) }))
    .filter((d): d is { row: T; value: number } => d.value !== null)
    .sort((a, b) => sign * (b.value - a.value) || compareIds(a.row.influencerId, b.row.influencerId))
    .slice(0, n)
    .map((d, i) => ({ rank: i + 1, influencerId: d.row.influencerId, value: d.value, metric, metricLabel: label, segment: d.row.segment ?? null }));
}
