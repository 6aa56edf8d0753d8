/**
 * The top-N bar chart.
 * @module
 */
import { InvalidOptionsError } from '../contract/errors.js';
import { compareIds } from '../base/ids.js';
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
  const { index, value } = topIndices(rows, metric, n, sign);
  return index.map((r, i) => {
    const row = rows[r]!;
    return { rank: i + 1, influencerId: row.influencerId, value: value[i]!, metric, metricLabel: label, segment: row.segment ?? null };
  });
}

/**
 * Indices and values of the first `n` rows with a finite `metric`, in the order of a stable sort by
 * `sign * (b - a)` then id: a bounded insertion when `n` is small against the rows, a full sort otherwise.
 */
function topIndices(rows: readonly { readonly influencerId: string }[], metric: string, n: number, sign: number): { index: number[]; value: number[] } {
  const index: number[] = [];
  const value: number[] = [];
  if (n === 0) return { index, value };
  // < 0: row `a` (value `va`) goes before row `b`; ties by id, then by position (the sort is stable).
  const compare = (va: number, a: number, vb: number, b: number): number => sign * (vb - va) || compareIds(rows[a]!.influencerId, rows[b]!.influencerId);
  if (n * 8 >= rows.length) {
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const v = row === undefined && !(r in rows) ? null : finiteOrNull((row as Record<string, unknown>)[metric]); // holes skipped
      if (v !== null) {
        index.push(r);
        value.push(v);
      }
    }
    const order = index.map((_, i) => i).sort((i, j) => compare(value[i]!, index[i]!, value[j]!, index[j]!) || i - j);
    const top = order.slice(0, n);
    return { index: top.map((i) => index[i]!), value: top.map((i) => value[i]!) };
  }
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row === undefined && !(r in rows)) continue; // a hole
    const v = finiteOrNull((row as Record<string, unknown>)[metric]);
    if (v === null) continue;
    let at = index.length;
    // Full: a row not before the last kept one is not kept (a tie stays behind, being later).
    if (at === n && compare(v, r, value[at - 1]!, index[at - 1]!) >= 0) continue;
    while (at > 0 && compare(v, r, value[at - 1]!, index[at - 1]!) < 0) at--;
    index.splice(at, 0, r);
    value.splice(at, 0, v);
    if (index.length > n) {
      index.pop();
      value.pop();
    }
  }
  return { index, value };
}
