/**
 * The row x metric heatmap.
 * @module
 */
import { InvalidOptionsError } from '../contract/errors.js';
import { compareIds } from '../base/ids.js';
import { metricLabel } from './labels.js';
import { checkStatistic, groupedStatistics, type Statistic } from './statistics.js';
import { checkField, checkLabels, checkRows } from './validate.js';

/** One heatmap cell. */
export interface HeatmapDatum {
  /** The row's key (a segment label, a category, an influencer id...). */
  readonly row: string;
  /** The metric. */
  readonly column: string;
  readonly columnLabel: string;
  readonly statistic: Statistic;
  /** The statistic of the metric over the row's influencers; `null` when there is none. */
  readonly value: number | null;
  /**
   * The value rescaled within its column to [0, 1], for colour: so a 0.005 conversion rate is not
   * flattened next to a 0.3 rate. `null` when `value` is.
   */
  readonly normalized: number | null;
  /** Influencers whose value entered the statistic. */
  readonly n: number;
}

/** Options of {@link metricHeatmap}. */
export interface MetricHeatmapOptions {
  /** The text field whose values make the rows (default `segment`). */
  readonly by?: string;
  /**
   * Row keys in output order (segment labels, lowest first), kept even when empty. Without it, every
   * non-null key of the data, ids sorted numerically then by code units.
   */
  readonly order?: readonly string[];
  /** The columns (default {@link DEFAULT_HEATMAP_METRICS}). */
  readonly metrics?: readonly string[];
  /** The statistic per cell (default `mean`). */
  readonly statistic?: Statistic;
  /**
   * Per-column rescaling: `minmax` (default) maps the column's smallest value to 0 and its largest
   * to 1 (a column of equal values gives 0.5); `max` divides by the column's largest absolute value,
   * so 0 stays 0.
   */
  readonly normalize?: 'minmax' | 'max';
}

/** Columns of the heatmap by default. */
export const DEFAULT_HEATMAP_METRICS: readonly string[] = Object.freeze(['ctr', 'atcRate', 'purchaseRate', 'overallConversion', 'rpc', 'rpi']);

function normalizer(values: readonly (number | null)[], method: 'minmax' | 'max'): (v: number | null) => number | null {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return () => null;
  let min = Infinity;
  let max = -Infinity;
  let absMax = 0;
  for (const v of present) {
    if (v < min) min = v;
    if (v > max) max = v;
    if (Math.abs(v) > absMax) absMax = Math.abs(v);
  }
  if (method === 'max') return (v) => (v === null ? null : absMax > 0 ? v / absMax : 0);
  const span = max - min;
  return (v) => (v === null ? null : span > 0 && Number.isFinite(span) ? (v - min) / span : 0.5);
}

/**
 * A row x metric grid (long, tidy: one cell per row and metric, rows in the order given and metrics
 * in the order listed), each cell with the statistic it holds and a per-column normalised value for
 * colour scales.
 *
 * @example
 * ```ts
 * metricHeatmap(
 *   [{ segment: 'Low', ctr: 0.3, overallConversion: 0.001 }, { segment: 'High', ctr: 0.35, overallConversion: 0.005 }],
 *   { order: ['Low', 'Mid', 'High'], metrics: ['ctr', 'overallConversion'] },
 * );
 * // [{ row: 'Low', column: 'ctr', value: 0.3, normalized: 0, ... }, { row: 'Mid', column: 'ctr', value: null, normalized: null, n: 0, ... },
 * //  { row: 'High', column: 'ctr', value: 0.35, normalized: 1, ... }, { row: 'Low', column: 'overallConversion', value: 0.001, normalized: 0, ... }, ...]
 * ```
 */
export function metricHeatmap(rows: readonly object[], options: MetricHeatmapOptions = {}): HeatmapDatum[] {
  checkRows(rows, 'metricHeatmap');
  const by = options.by ?? 'segment';
  if (typeof by !== 'string' || by === '') {
    throw new InvalidOptionsError('metricHeatmap: `by` must be a field name.', [{ path: 'by', message: 'expected a field name' }]);
  }
  const metrics = options.metrics ?? DEFAULT_HEATMAP_METRICS;
  const statistic = checkStatistic(options.statistic ?? 'mean', metrics, 'metricHeatmap');
  for (const field of statistic === 'ratioOfSums' ? ['impressions'] : metrics) checkField(rows, field, 'metricHeatmap');
  const method = options.normalize ?? 'minmax';
  if (method !== 'minmax' && method !== 'max') {
    throw new InvalidOptionsError(`metricHeatmap: \`normalize\` must be "minmax" or "max", got "${String(method)}".`, [{ path: 'normalize', message: 'unknown' }]);
  }
  const keyOf = (row: object): string | null => {
    const v = (row as Record<string, unknown>)[by];
    return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
  };
  // Each row's group, looked up once: the given order, or first-seen keys sorted afterwards.
  const ordered = options.order !== undefined;
  const groups = new Map<string, number>();
  if (ordered) for (const key of checkLabels(options.order, 'order')) groups.set(key, groups.size);
  const groupOf = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const key = keyOf(rows[i]!);
    let g = key === null ? -1 : groups.get(key);
    if (g === undefined) {
      if (ordered) g = -1;
      else groups.set(key!, (g = groups.size));
    }
    groupOf[i] = g;
  }
  let keys = [...groups.keys()];
  if (!ordered) {
    keys = keys.sort(compareIds);
    const position = new Int32Array(keys.length);
    keys.forEach((key, i) => (position[groups.get(key)!] = i));
    for (let i = 0; i < rows.length; i++) if (groupOf[i]! >= 0) groupOf[i] = position[groupOf[i]!]!;
  }
  const out: HeatmapDatum[] = [];
  const stats = groupedStatistics(rows, groupOf, keys.length, metrics, statistic);
  metrics.forEach((column, m) => {
    const cells = keys.map((row, g) => ({ row, ...stats[m]![g]! }));
    const scale = normalizer(
      cells.map((c) => c.value),
      method,
    );
    const columnLabel = metricLabel(column);
    for (const c of cells) out.push({ row: c.row, column, columnLabel, statistic, value: c.value, normalized: scale(c.value), n: c.n });
  });
  return out;
}
