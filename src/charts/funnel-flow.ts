/**
 * The overall funnel.
 * @module
 */
import { InvalidInputError } from '../contract/errors.js';
import type { FunnelTotals } from '../contract/types.js';
import { checkRows } from './validate.js';

/** The funnel steps, in order. */
export type FunnelStep = 'impressions' | 'clicks' | 'addToCart' | 'purchases';

/** One step of the funnel. */
export interface FunnelStepDatum {
  readonly step: FunnelStep;
  readonly label: string;
  readonly count: number;
  /** Count / previous step's count (`null` for the first step or a zero previous step). */
  readonly fromPrevious: number | null;
  /** Count / first step's count (`null` when the first step is 0). */
  readonly fromStart: number | null;
  /**
   * Previous step's count minus this one (`null` for the first step). Negative when data breaks
   * funnel order (more clicks than impressions), which the row report counts as an anomaly.
   */
  readonly dropOff: number | null;
}

const STEPS: readonly (readonly [FunnelStep, string])[] = [
  ['impressions', 'Impressions'],
  ['clicks', 'Clicks'],
  ['addToCart', 'Add to cart'],
  ['purchases', 'Purchases'],
];

/** Throws for the first step of `row` that is not a non-negative finite number. */
function badCounts(row: FunnelTotals, i: number): never {
  for (const [step] of STEPS) {
    const v = row[step];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new InvalidInputError(`funnelFlow: row ${i} has ${step} = ${String(v)}; counts must be non-negative finite numbers.`, { index: i, field: step });
    }
  }
  throw new InvalidInputError(`funnelFlow: row ${i} has an invalid count.`, { index: i });
}

/**
 * The funnel of the summed rows (event rows or per-influencer totals): the count at each step,
 * the conversion from the previous step and from the start, and the drop-off between steps.
 *
 * @example
 * ```ts
 * funnelFlow([{ impressions: 1000, clicks: 50, addToCart: 10, purchases: 4 }]);
 * // [{ step: 'impressions', label: 'Impressions', count: 1000, fromPrevious: null, fromStart: 1, dropOff: null },
 * //  { step: 'clicks', label: 'Clicks', count: 50, fromPrevious: 0.05, fromStart: 0.05, dropOff: 950 }, ...]
 * ```
 */
export function funnelFlow(rows: readonly FunnelTotals[]): FunnelStepDatum[] {
  checkRows(rows, 'funnelFlow');
  let impressions = 0;
  let clicks = 0;
  let addToCart = 0;
  let purchases = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row === undefined && !(i in rows)) continue; // a hole
    const a = row.impressions;
    const b = row.clicks;
    const c = row.addToCart;
    const d = row.purchases;
    // Non-negative finite numbers (checked in step order, so the error names the first bad step).
    if (!(typeof a === 'number' && a >= 0 && a - a === 0 && typeof b === 'number' && b >= 0 && b - b === 0)
      || !(typeof c === 'number' && c >= 0 && c - c === 0 && typeof d === 'number' && d >= 0 && d - d === 0)) {
      badCounts(row, i);
    }
    impressions += a;
    clicks += b;
    addToCart += c;
    purchases += d;
  }
  const totals: Record<FunnelStep, number> = { impressions, clicks, addToCart, purchases };
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
