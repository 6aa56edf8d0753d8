/**
 * An accumulator's and its period cells' state as plain data around typed arrays, for handing from
 * one thread to another (the arrays' buffers can be transferred, not copied), and the merge of such
 * state into an accumulator. Only the Node adapter's worker threads need it: kept out of the
 * classes, it stays out of bundles that never start a thread.
 * @module
 */
import { InvalidInputError } from '../contract/errors.js';
import type { Accumulator } from './aggregate.js';
import {
  SUMS,
  ROWS,
  IMPRESSIONS,
  CLICKS,
  ADD_TO_CART,
  PURCHASES,
  ENGAGEMENTS,
  ENGAGEMENT_ROWS,
  FIRST_SEEN,
  FIRST_FOLLOWERS,
  LATEST_FOLLOWERS,
  LATEST_KEY,
  FIRST_KEY,
  LAST_KEY,
  CATEGORY,
  CATEGORY_COUNT,
  CATEGORY2,
  CATEGORY2_COUNT,
  RPC_EXPOSURE,
  RPI_EXPOSURE,
  REVENUE_ROWS,
} from './layout.js';
import { periodStartDay } from '../base/calendar.js';
import { CellTable, W_COST, type PeriodCells, type PeriodGranularity } from './period-cells.js';
import type { PeriodUnit } from '../base/calendar.js';

/** An {@link Accumulator}'s state as plain data (see {@link exportAccumulator}). @internal */
export interface RawAccumulator {
  readonly rowRates: boolean;
  readonly size: number;
  readonly d: Float64Array;
  /** Each group's id and dimension values as codes into lists of distinct values. */
  readonly idNames: readonly string[];
  readonly idCodes: Int32Array;
  readonly dimNames: readonly (readonly (string | null)[])[];
  readonly dimCodes: readonly Int32Array[];
  /** First date, last date, and date of the latest follower count, as codes into `dateNames`. */
  readonly dateNames: readonly (string | null)[];
  readonly firstDate: Int32Array;
  readonly lastDate: Int32Array;
  readonly latestFollowersDate: Int32Array;
  readonly categoryNames: readonly string[];
  readonly categories: readonly [number, [number, number][]][];
  readonly extra: readonly [number, number[]][];
}

/** A {@link PeriodCells}' state as plain data, for handing across threads (see {@link exportPeriodCells}). @internal */
export interface RawPeriodCells {
  readonly granularity: PeriodGranularity;
  readonly minDay: number;
  readonly maxDay: number;
  readonly hasRevenue: boolean;
  readonly hasCost: boolean;
  readonly tables: readonly {
    readonly unit: PeriodUnit;
    readonly w: number;
    readonly size: number;
    readonly influencer: Int32Array;
    readonly start: Int32Array;
    /** The numbers of the `size` cells, compact, by column when `columnar`, else cell by cell. */
    readonly d: Float64Array;
    readonly columnar: boolean;
    readonly extra: readonly [number, number[]][];
  }[];
}

/**
 * The accumulator's state as plain data around one Float64Array, for handing to another thread
 * (the array's buffer can be transferred, not copied) and {@link mergeAccumulator}.
 * @internal
 */
export function exportAccumulator<D extends string>(acc: Accumulator<D>): RawAccumulator {
  const n = acc.size;
  // Text as codes into lists of distinct values: typed arrays and short lists clone fast.
  const intern = (values: (g: number) => string | null, names: (string | null)[]): Int32Array => {
    const codes = new Int32Array(n);
    const seen = new Map<string | null, number>();
    for (let g = 0; g < n; g++) {
      const v = values(g);
      let code = seen.get(v);
      if (code === undefined) {
        seen.set(v, (code = names.length));
        names.push(v);
      }
      codes[g] = code;
    }
    return codes;
  };
  const idNames: string[] = [];
  const idCodes = intern((g) => acc.ids[g]!, idNames as (string | null)[]);
  const dimNames: (string | null)[][] = [];
  const dimCodes: Int32Array[] = [];
  for (let d = 0; d < acc.by.length; d++) {
    const names: (string | null)[] = [];
    dimCodes.push(intern((g) => acc.dims[g]![d] ?? null, names));
    dimNames.push(names);
  }
  const dateNames: (string | null)[] = [];
  const firstDate = intern((g) => acc.firstDate[g]!, dateNames);
  const lastDate = intern((g) => acc.lastDate[g]!, dateNames);
  const latestFollowersDate = intern((g) => acc.latestFollowersDate[g]!, dateNames);
  return {
    rowRates: acc.rowRates,
    size: n,
    d: acc.d.slice(0, n * acc.w),
    idNames,
    idCodes,
    dimNames,
    dimCodes,
    dateNames,
    firstDate,
    lastDate,
    latestFollowersDate,
    categoryNames: acc.categoryNames,
    categories: [...acc.categories].map(([g, m]) => [g, [...m]]),
    extra: [...acc.extra],
  };
}

/**
 * Adds every group of another accumulator's exported state (same `by` and `rowRates`) to `acc`; its
 * input positions are shifted by `offset` (the rows before its part of the input). Returns the slot
 * in `acc` of each of its groups.
 * @internal
 */
export function mergeAccumulator<D extends string>(acc: Accumulator<D>, raw: RawAccumulator, offset: number): Int32Array {
  if (raw.rowRates !== acc.rowRates) throw new InvalidInputError('Cannot merge accumulators with and without per-row rates.');
  const r = raw.d;
  const w = acc.w;
  const sums = acc.sums;
  const spilled = new Map(raw.extra);
  const otherCategories = new Map(raw.categories);
  const codes = raw.categoryNames.map((name) => acc.categoryCode(name));
  const dims: (string | null)[] = new Array(acc.by.length);
  const dates = raw.dateNames;
  const slots = new Int32Array(raw.size);
  for (let rg = 0; rg < raw.size; rg++) {
    for (let d = 0; d < dims.length; d++) dims[d] = raw.dimNames[d]![raw.dimCodes[d]![rg]!]!;
    const g = acc.slot(raw.idNames[raw.idCodes[rg]!]!, dims);
    slots[rg] = g;
    const c = acc.d;
    const o = g * w;
    const ro = rg * w;
    c[o + ROWS]! += r[ro + ROWS]!;
    c[o + IMPRESSIONS]! += r[ro + IMPRESSIONS]!;
    c[o + CLICKS]! += r[ro + CLICKS]!;
    c[o + ADD_TO_CART]! += r[ro + ADD_TO_CART]!;
    c[o + PURCHASES]! += r[ro + PURCHASES]!;
    c[o + ENGAGEMENTS]! += r[ro + ENGAGEMENTS]!;
    c[o + ENGAGEMENT_ROWS]! += r[ro + ENGAGEMENT_ROWS]!;
    c[o + RPC_EXPOSURE]! += r[ro + RPC_EXPOSURE]!;
    c[o + RPI_EXPOSURE]! += r[ro + RPI_EXPOSURE]!;
    for (let k = 0; k < sums; k++) {
      c[o + REVENUE_ROWS + k]! += r[ro + REVENUE_ROWS + k]!;
      const hi = r[ro + acc.hi + k]!;
      const lo = r[ro + acc.lo + k]!;
      if (hi !== 0) acc.sum(g, k, hi);
      if (lo !== 0) acc.sum(g, k, lo);
      const more = spilled.get(rg * SUMS + k);
      if (more) for (const x of more) acc.sum(g, k, x);
    }
    const seen = r[ro + FIRST_SEEN]! + offset;
    if (seen < c[o + FIRST_SEEN]!) {
      c[o + FIRST_SEEN] = seen;
      c[o + FIRST_FOLLOWERS] = r[ro + FIRST_FOLLOWERS]!;
    }
    const latest = r[ro + LATEST_FOLLOWERS]!;
    if (latest >= 0) acc.takeFollowers(g, dates[raw.latestFollowersDate[rg]!]!, r[ro + LATEST_KEY]!, latest);
    const first = dates[raw.firstDate[rg]!]!;
    if (first !== null) acc.takeDate(g, first, r[ro + FIRST_KEY]!);
    const last = dates[raw.lastDate[rg]!]!;
    if (last !== null) acc.takeDate(g, last, r[ro + LAST_KEY]!);
    const category = r[ro + CATEGORY]!;
    if (category >= 0) acc.countCategory(g, codes[category]!, r[ro + CATEGORY_COUNT]!);
    const category2 = r[ro + CATEGORY2]!;
    if (category2 >= 0) acc.countCategory(g, codes[category2]!, r[ro + CATEGORY2_COUNT]!);
    const others = otherCategories.get(rg);
    if (others) for (const [code, n] of others) acc.countCategory(g, codes[code]!, n);
  }
  return slots;
}

/** The numbers of a table's first `size` cells, compact (`cap = size`), in the table's layout. */
function compact(t: CellTable): Float64Array {
  if (!t.columnar) return t.d.slice(0, t.size * t.w);
  const out = new Float64Array(t.size * t.w);
  for (let k = 0; k < t.w; k++) out.set(t.d.subarray(k * t.cap, k * t.cap + t.size), k * t.size);
  return out;
}

/** The period cells' state as plain data around typed arrays (transferable). @internal */
export function exportPeriodCells(cells: PeriodCells): RawPeriodCells {
  return {
    granularity: cells.granularity,
    minDay: cells.minDay,
    maxDay: cells.maxDay,
    hasRevenue: cells.hasRevenue,
    hasCost: cells.hasCost,
    tables: cells.tables.map((t) => ({
      unit: t.unit,
      w: t.w,
      size: t.size,
      influencer: t.influencer.slice(0, t.size),
      start: t.start.slice(0, t.size),
      d: compact(t),
      columnar: t.columnar,
      extra: [...t.extra],
    })),
  };
}

/** Adds another instance's exported cells to `cells`; `slotOf[g]` is this side's influencer for its `g`. @internal */
export function mergePeriodCells(cells: PeriodCells, raw: RawPeriodCells, slotOf: ArrayLike<number>): void {
  if (raw.granularity !== cells.granularity) throw new InvalidInputError('Cannot merge period cells of different granularities.');
  if (raw.hasCost && !cells.tables.some((t) => t.w === W_COST)) cells.addCost();
  if (raw.minDay <= raw.maxDay) cells.widen(raw.minDay, raw.maxDay);
  if (raw.hasRevenue) cells.hasRevenue = true;
  for (const target of cells.tables) {
    // The other side is never coarser (its span is within this one's): take its cells of this unit, else its days.
    const source = raw.tables.find((s) => s.unit === target.unit) ?? raw.tables.find((s) => s.unit === 'day');
    if (!source) throw new InvalidInputError(`Cannot merge period cells by ${raw.tables.map((s) => s.unit).join(' and ')} into cells by ${target.unit}.`);
    const from = new CellTable(source.unit, source.w, source.columnar);
    from.size = source.size;
    from.cap = source.size;
    from.influencer = source.influencer;
    from.start = source.start;
    from.d = source.d;
    if (source.columnar) from.ks = source.size;
    for (const [k, v] of source.extra) from.extra.set(k, v);
    for (let c = 0; c < from.size; c++) cells.copyCell(from, c, target, slotOf[from.influencer[c]!]!, periodStartDay(from.start[c]!, target.unit));
  }
}
