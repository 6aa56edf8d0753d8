/**
 * How much two rankings of the same influencers agree: Spearman's rho, Kendall's tau-b (both
 * handling ties as scipy does), top-k overlap, and who moves most.
 * @module
 */
import { InvalidInputError, InvalidOptionsError } from '../contract/errors.js';
import { compareIds } from '../base/ids.js';

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function pairs(x: readonly (number | null)[], y: readonly (number | null)[], fn: string): [number[], number[]] {
  if (!Array.isArray(x) || !Array.isArray(y)) throw new InvalidInputError(`${fn} requires two arrays of numbers.`);
  if (x.length !== y.length) throw new InvalidInputError(`${fn} requires arrays of the same length, got ${x.length} and ${y.length}.`);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (finite(x[i]) && finite(y[i])) {
      a.push(x[i] as number);
      b.push(y[i] as number);
    }
  }
  return [a, b];
}

/** Average ranks (1-based), ties sharing the mean of their positions. */
function averageRanks(values: readonly number[]): number[] {
  const idx = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && values[idx[j + 1]!] === values[idx[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

function pearson(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  if (n < 2) return null;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (!(saa > 0 && sbb > 0)) return null;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/**
 * Spearman's rank correlation: the Pearson correlation of the average ranks (ties share their
 * mean rank, as `scipy.stats.spearmanr`). Pairs where either value is missing are skipped; `null`
 * with fewer than 2 pairs or a constant input.
 *
 * @example
 * ```ts
 * spearman([1, 2, 3, 4], [10, 20, 40, 30]); // 0.8
 * spearman([1, 1, 1], [1, 2, 3]); // null
 * ```
 */
export function spearman(x: readonly (number | null)[], y: readonly (number | null)[]): number | null {
  const [a, b] = pairs(x, y, 'spearman');
  return pearson(averageRanks(a), averageRanks(b));
}

/** Counts inversions of `values` while merge-sorting it (stable, in place). */
function countInversions(values: number[]): number {
  const n = values.length;
  let buffer = new Array<number>(n);
  let src = values;
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (src[j]! < src[i]!) {
          inversions += mid - i;
          buffer[k++] = src[j++]!;
        } else buffer[k++] = src[i++]!;
      }
      while (i < mid) buffer[k++] = src[i++]!;
      while (j < hi) buffer[k++] = src[j++]!;
    }
    [src, buffer] = [buffer, src];
  }
  if (src !== values) for (let i = 0; i < n; i++) values[i] = src[i]!;
  return inversions;
}

function tiedPairs(sorted: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    const t = j - i + 1;
    total += (t * (t - 1)) / 2;
    i = j + 1;
  }
  return total;
}

/**
 * Kendall's tau-b: `(concordant - discordant) / sqrt((n0 - n1)(n0 - n2))` with `n0` all pairs and
 * `n1`, `n2` the pairs tied in x and in y, computed in O(n log n) (Knight's algorithm, as
 * `scipy.stats.kendalltau`). Pairs where either value is missing are skipped; `null` with fewer
 * than 2 pairs or a constant input.
 *
 * @example
 * ```ts
 * kendallTauB([1, 2, 3, 4], [10, 20, 40, 30]); // 0.6667
 * kendallTauB([1, 2, 2, 3], [1, 3, 2, 4]); // 0.9129
 * ```
 */
export function kendallTauB(x: readonly (number | null)[], y: readonly (number | null)[]): number | null {
  const [a, b] = pairs(x, y, 'kendallTauB');
  const n = a.length;
  if (n < 2) return null;
  const order = a.map((_, i) => i).sort((i, j) => a[i]! - a[j]! || b[i]! - b[j]!);
  const xs = order.map((i) => a[i]!);
  const ys = order.map((i) => b[i]!);
  const n0 = (n * (n - 1)) / 2;
  const n1 = tiedPairs(xs);
  let n3 = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && xs[j + 1] === xs[i] && ys[j + 1] === ys[i]) j++;
    const t = j - i + 1;
    n3 += (t * (t - 1)) / 2;
    i = j + 1;
  }
  const swaps = countInversions(ys);
  const n2 = tiedPairs(ys);
  const denominator = Math.sqrt(n0 - n1) * Math.sqrt(n0 - n2);
  if (!(denominator > 0)) return null;
  return Math.max(-1, Math.min(1, (n0 - n1 - n2 + n3 - 2 * swaps) / denominator));
}

/** A ranked row: what `score` and `analyze` return. */
export interface RankedRow {
  readonly influencerId: string;
  readonly rank: number | null;
}

/** One influencer's place in both rankings. */
export interface RankMove {
  readonly influencerId: string;
  readonly rankA: number;
  readonly rankB: number;
  /** `rankA - rankB`: positive when the influencer ranks better (a smaller rank) in `b`. */
  readonly change: number;
}

/** The result of {@link compareRankings}. */
export interface RankingComparison {
  /** Influencers ranked (non-null rank) in both. */
  readonly n: number;
  /** Spearman's rho of the two ranks over those influencers (`null` below 2 or for a constant ranking). */
  readonly spearman: number | null;
  /** Kendall's tau-b, likewise. */
  readonly kendallTauB: number | null;
  readonly topK: {
    readonly k: number;
    /** Influencers in both top-k lists. */
    readonly overlap: number;
    /** `overlap / k`. */
    readonly share: number;
    /** Ids of each top-k in rank order (ties by id), and those in one list only. */
    readonly a: readonly string[];
    readonly b: readonly string[];
    readonly onlyInA: readonly string[];
    readonly onlyInB: readonly string[];
  };
  /** Every influencer ranked in both, largest absolute change first (ties by id). */
  readonly moves: readonly RankMove[];
  /** Ids ranked in one ranking only. */
  readonly onlyInA: readonly string[];
  readonly onlyInB: readonly string[];
}

/** Options of {@link compareRankings}. */
export interface CompareRankingsOptions {
  /** Size of the top lists to compare (default 10). */
  readonly k?: number;
}

function ranked(rows: readonly RankedRow[], which: string): Map<string, number> {
  if (!Array.isArray(rows)) throw new InvalidInputError(`compareRankings requires two arrays of { influencerId, rank } rows; \`${which}\` is not an array.`);
  const map = new Map<string, number>();
  rows.forEach((row, i) => {
    const id = (row as RankedRow | null)?.influencerId;
    if (typeof id !== 'string') throw new InvalidInputError(`compareRankings: \`${which}[${i}]\` has no string \`influencerId\`.`, { index: i });
    if (map.has(id)) throw new InvalidInputError(`compareRankings: influencer "${id}" appears twice in \`${which}\`.`, { influencerId: id });
    if (finite(row.rank)) map.set(id, row.rank);
    else if (row.rank !== null && row.rank !== undefined) {
      throw new InvalidInputError(`compareRankings: \`${which}[${i}].rank\` must be a finite number or null, got ${String(row.rank)}.`, { index: i });
    }
  });
  return map;
}

function top(map: Map<string, number>, k: number): string[] {
  return [...map].sort((p, q) => p[1] - q[1] || compareIds(p[0], q[0])).slice(0, k).map(([id]) => id);
}

/**
 * Compares two rankings of the same influencers (for example the `classic` and `default`
 * presets): Spearman's rho and Kendall's tau-b of the ranks, the overlap of the two top-k lists,
 * and each influencer's move. Rows are matched by `influencerId`; rows with a `null` rank count as
 * unranked.
 *
 * @example
 * ```ts
 * const classic = analyze(events, { preset: 'classic' }).influencers;
 * const recommended = analyze(events).influencers;
 * const c = compareRankings(classic, recommended, { k: 10 });
 * c.spearman; c.kendallTauB; c.topK.overlap; c.moves[0]; // { influencerId: '77', rankA: 1, rankB: 62, change: -61 }
 * ```
 */
export function compareRankings(a: readonly RankedRow[], b: readonly RankedRow[], options: CompareRankingsOptions = {}): RankingComparison {
  const k = options?.k ?? 10;
  if (!Number.isInteger(k) || k < 1) {
    throw new InvalidOptionsError(`\`k\` must be an integer >= 1, got ${String(k)}.`, [{ path: 'k', message: 'expected an integer >= 1' }]);
  }
  const ra = ranked(a, 'a');
  const rb = ranked(b, 'b');
  const shared = [...ra.keys()].filter((id) => rb.has(id)).sort(compareIds);
  const x = shared.map((id) => ra.get(id)!);
  const y = shared.map((id) => rb.get(id)!);
  const topA = top(ra, k);
  const topB = top(rb, k);
  const inA = new Set(topA);
  const inB = new Set(topB);
  const overlap = topA.filter((id) => inB.has(id)).length;
  const moves = shared
    .map((id) => ({ influencerId: id, rankA: ra.get(id)!, rankB: rb.get(id)!, change: ra.get(id)! - rb.get(id)! }))
    .sort((p, q) => Math.abs(q.change) - Math.abs(p.change) || compareIds(p.influencerId, q.influencerId));
  return {
    n: shared.length,
    spearman: spearman(x, y),
    kendallTauB: kendallTauB(x, y),
    topK: {
      k,
      overlap,
      share: overlap / k,
      a: topA,
      b: topB,
      onlyInA: topA.filter((id) => !inB.has(id)),
      onlyInB: topB.filter((id) => !inA.has(id)),
    },
    moves,
    onlyInA: [...ra.keys()].filter((id) => !rb.has(id)).sort(compareIds),
    onlyInB: [...rb.keys()].filter((id) => !ra.has(id)).sort(compareIds),
  };
}
