/**
 * Segmentation: quantile cuts (linear interpolation, as pandas and d3 `quantileSorted`) or fixed
 * thresholds, with a value `<=` a cut falling in the lower segment.
 * @module
 */
import { finiteOrNull } from '../base/nulls.js';
import { quantileSorted } from 'd3-array';
import { InvalidInputError, InvalidOptionsError } from '../contract/errors.js';

/** Reads the segmented value of a row: a key holding a number, or an accessor. */
export type ValueAccessor<T> = (keyof T & string) | ((row: T) => number | null | undefined);

/** Options of {@link segment}. */
export interface SegmentOptions<T> {
  /** The value to segment on. */
  readonly by: ValueAccessor<T>;
  /** `quantile` cuts at quantiles of the data; `thresholds` at fixed values (default: `thresholds` when `thresholds` is given, else `quantile`). */
  readonly method?: 'quantile' | 'thresholds';
  /** Quantile probabilities, strictly increasing in (0, 1) (default `[1/3, 2/3]`). */
  readonly probabilities?: readonly number[];
  /** Fixed cut values, non-decreasing (method `thresholds`). */
  readonly thresholds?: readonly number[];
  /** Segment labels, lowest first: one more than the cuts (default `Low`, `Mid`, `High`). */
  readonly labels?: readonly string[];
}

/** A segmented row. */
export type Segmented<T> = T & { readonly segment: string | null };

/** The result of {@link segment}. */
export interface SegmentResult<T> {
  /**
   * The cut values, ascending; none when there is no value, or when quantile cuts have fewer values
   * than segments (then every row with a value is in the middle segment).
   */
  readonly cuts: readonly number[];
  /** Labels, lowest segment first (the order every output keeps). */
  readonly labels: readonly string[];
  /** Input rows with their `segment` (`null` when the value is missing), in input order. */
  readonly rows: readonly Segmented<T>[];
}

/**
 * Default labels for `n` segments: Low/Mid/High for three, Low/High for two, Q1..Qn otherwise.
 *
 * @example
 * ```ts
 * defaultLabels(3); // ['Low', 'Mid', 'High']
 * defaultLabels(4); // ['Q1', 'Q2', 'Q3', 'Q4']
 * ```
 */
export function defaultLabels(n: number): string[] {
  if (n === 3) return ['Low', 'Mid', 'High'];
  if (n === 2) return ['Low', 'High'];
  return Array.from({ length: n }, (_, i) => `Q${i + 1}`);
}

function accessor<T>(by: ValueAccessor<T>): (row: T) => number | null {
  if (typeof by === 'function') return (row) => finiteOrNull(by(row));
  if (typeof by === 'string') return (row) => finiteOrNull((row as Record<string, unknown>)[by]);
  throw new InvalidOptionsError('`by` must be a field name or a function.', [{ path: 'by', message: 'invalid accessor' }]);
}

/**
 * Quantile cut values of the finite values (nulls skipped), by linear interpolation (R-7, pandas'
 * default, d3 `quantileSorted`).
 *
 * @example
 * ```ts
 * quantileCuts([1, 2, 3, 4], [0.33, 0.66]); // [1.99, 2.98]
 * ```
 */
export function quantileCuts(values: Iterable<number | null | undefined>, probabilities: readonly number[] = [1 / 3, 2 / 3]): number[] {
  if (values === null || typeof (values as Iterable<unknown>)?.[Symbol.iterator] !== 'function') {
    throw new InvalidInputError('quantileCuts requires an iterable of numbers.');
  }
  checkProbabilities(probabilities);
  return quantilesOf(Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN)), probabilities);
}

/** {@link quantileCuts} of the finite values of an array, probabilities checked. */
function quantilesOf(values: Float64Array, probabilities: readonly number[]): number[] {
  const n = values.length;
  let k = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) k++;
  if (k === 0) return [];
  const sorted = new Float64Array(k);
  for (let i = 0, j = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) sorted[j++] = v;
  }
  sorted.sort();
  return probabilities.map((p) => quantileSorted(sorted as unknown as number[], p)!);
}

function checkProbabilities(probabilities: readonly number[]): void {
  if (!Array.isArray(probabilities) || probabilities.length === 0) {
    throw new InvalidOptionsError('`probabilities` requires at least 1 value.', [{ path: 'probabilities', message: 'empty' }]);
  }
  probabilities.forEach((p, i) => {
    if (!(typeof p === 'number' && p > 0 && p < 1) || (i > 0 && !(p > probabilities[i - 1]!))) {
      throw new InvalidOptionsError('`probabilities` must be strictly increasing numbers between 0 and 1 (exclusive).', [
        { path: `probabilities.${i}`, message: `got ${String(p)}` },
      ]);
    }
  });
}

/**
 * The label of `value` for ascending cuts: the first cut it is `<=` to, else the last label.
 *
 * @example
 * ```ts
 * labelFor(0.5, [0.5, 0.8], ['Low', 'Mid', 'High']); // 'Low'
 * labelFor(0.9, [0.5, 0.8], ['Low', 'Mid', 'High']); // 'High'
 * labelFor(null, [0.5, 0.8], ['Low', 'Mid', 'High']); // null
 * ```
 */
export function labelFor(value: number | null, cuts: readonly number[], labels: readonly string[]): string | null {
  if (value === null) return null;
  for (let i = 0; i < cuts.length; i++) if (value <= cuts[i]!) return labels[i]!;
  return labels[cuts.length]!;
}

/**
 * Splits rows into segments by a value: a value `<=` a cut falls in the lower segment, so equal
 * values always share a segment (and a segment can be empty when cuts coincide). Any number of
 * segments works; labels default to Low / Mid / High for three. Rows with a missing value get
 * `segment: null`; so do all rows when no value is present. Inputs are not mutated.
 *
 * @example
 * ```ts
 * const { rows, cuts } = segment(influencers, { by: 'score' }); // terciles: Low / Mid / High
 * segment(influencers, { by: 'roas', method: 'thresholds', thresholds: [1, 3], labels: ['Loss', 'OK', 'Star'] });
 * ```
 */
export function segment<T extends object>(rows: readonly T[], options: SegmentOptions<T>): SegmentResult<T> {
  const { cuts, labels, middle, get } = segmentCuts(rows, options);
  const out = rows.map((row) => ({ ...row, segment: segmentOf(get(row), cuts, labels, middle) }));
  return { cuts, labels, rows: out };
}

/**
 * The segment of a value for cuts from {@link segmentCutsOf}: `middle` when the values were too few
 * to cut, else {@link labelFor} (`null` for a missing value, or when there are no cuts). @internal
 */
export function segmentOf(value: number | null, cuts: readonly number[], labels: readonly string[], middle: string | null): string | null {
  if (value === null) return null;
  if (middle !== null) return middle;
  return cuts.length ? labelFor(value, cuts, labels) : null;
}

/** The cuts and labels {@link segment} uses, with its value accessor (options checked). */
function segmentCuts<T extends object>(
  rows: readonly T[],
  options: SegmentOptions<T>,
): { cuts: number[]; labels: string[]; middle: string | null; get: (row: T) => number | null } {
  if (!Array.isArray(rows)) throw new InvalidInputError('segment requires an array of rows.');
  checkOptions(options);
  const get = accessor(options.by);
  const values = () => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = get(rows[i]!);
      out[i] = v === null ? NaN : v;
    }
    return out;
  };
  return { ...cutsOf(values, options), get };
}

/**
 * {@link segmentCuts} of values already read (`NaN`: missing), given as a function called when
 * quantile cuts need them (options checked, except `by`). @internal
 */
export function segmentCutsOf(values: () => Float64Array, options: Omit<SegmentOptions<never>, 'by'>): { cuts: number[]; labels: string[]; middle: string | null } {
  checkOptions(options);
  return cutsOf(values, options);
}

function checkOptions(options: unknown): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionsError('segment requires options with at least `by`.', [{ path: '(root)', message: 'expected an object' }]);
  }
}

function cutsOf(values: () => Float64Array, options: Omit<SegmentOptions<never>, 'by'>): { cuts: number[]; labels: string[]; middle: string | null } {
  const method = options.method ?? (options.thresholds !== undefined ? 'thresholds' : 'quantile');
  let cuts: number[];
  let count: number;
  let few = false;
  if (method === 'quantile') {
    if (options.thresholds !== undefined) {
      throw new InvalidOptionsError('`thresholds` only apply to method "thresholds"; method "quantile" takes `probabilities`.', [
        { path: 'thresholds', message: 'not used by method "quantile"' },
      ]);
    }
    const probabilities = options.probabilities ?? [1 / 3, 2 / 3];
    const v = values();
    checkProbabilities(probabilities);
    cuts = quantilesOf(v, probabilities);
    count = probabilities.length + 1;
    let present = 0;
    for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) present++;
    // Fewer values than segments: quantiles cannot tell them apart (one value would be "Low", two
    // "Low" and "High" with "Mid" empty), so they are not cut and all sit in the middle segment.
    if (present > 0 && present < count) (few = true), (cuts = []);
  } else if (method === 'thresholds') {
    const t = options.thresholds;
    if (!Array.isArray(t) || t.length === 0 || t.some((v, i) => typeof v !== 'number' || !Number.isFinite(v) || (i > 0 && v < t[i - 1]!))) {
      throw new InvalidOptionsError('`thresholds` requires at least 1 finite value, in non-decreasing order.', [{ path: 'thresholds', message: 'invalid' }]);
    }
    if (options.probabilities !== undefined) {
      throw new InvalidOptionsError('`probabilities` only apply to method "quantile"; method "thresholds" takes `thresholds`.', [
        { path: 'probabilities', message: 'not used by method "thresholds"' },
      ]);
    }
    cuts = [...t];
    count = cuts.length + 1;
  } else {
    throw new InvalidOptionsError(`Unknown segment method "${String(method)}": use "quantile" or "thresholds".`, [{ path: 'method', message: 'unknown' }]);
  }
  const labels = options.labels !== undefined ? checkLabels(options.labels) : defaultLabels(count);
  if (labels.length !== count || new Set(labels).size !== labels.length) {
    throw new InvalidOptionsError(`\`labels\` requires ${count} distinct labels (one more than the cuts), got ${labels.length}${new Set(labels).size !== labels.length ? ' with duplicates' : ''}.`, [
      { path: 'labels', message: `expected ${count} distinct labels` },
    ]);
  }
  return { cuts, labels, middle: few ? labels[Math.floor((labels.length - 1) / 2)]! : null };
}

function checkLabels(labels: unknown): string[] {
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string' || l.trim() === '')) {
    throw new InvalidOptionsError('`labels` must be an array of non-blank strings, lowest segment first.', [{ path: 'labels', message: 'expected non-blank strings' }]);
  }
  return [...labels] as string[];
}
