/**
 * The segment pie.
 * @module
 */
import { checkLabels, checkRows } from './validate.js';

/** One slice of the segment pie. */
export interface SegmentShareDatum {
  readonly segment: string;
  /** Influencers in the segment. */
  readonly count: number;
  /** Share of the segmented influencers, in [0, 1] (0 for every segment when none is segmented). */
  readonly share: number;
}

/**
 * Influencers per segment, in label order (never alphabetical); empty segments are kept with a
 * count of 0. Rows whose segment is `null` or not among the labels are left out of counts and shares.
 *
 * @example
 * ```ts
 * segmentShare([{ segment: 'High' }, { segment: 'Low' }, { segment: 'High' }], ['Low', 'Mid', 'High']);
 * // [{ segment: 'Low', count: 1, share: 1/3 }, { segment: 'Mid', count: 0, share: 0 }, { segment: 'High', count: 2, share: 2/3 }]
 * ```
 */
export function segmentShare<T extends { readonly segment?: string | null }>(rows: readonly T[], labels: readonly string[]): SegmentShareDatum[] {
  checkRows(rows, 'segmentShare');
  checkLabels(labels);
  const index = new Map<string, number>(labels.map((l, i) => [l, i]));
  const counts = new Float64Array(labels.length);
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const s = rows[i]!.segment;
    const g = typeof s === 'string' ? index.get(s) : undefined;
    if (g !== undefined) {
      counts[g] = counts[g]! + 1;
      total++;
    }
  }
  return labels.map((segment, g) => {
    const count = counts[g]!;
    return { segment, count, share: total > 0 ? count / total : 0 };
  });
}
