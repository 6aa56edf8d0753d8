/**
 * Weighted scoring schemes as plain JSON: which metrics, how each is normalised, which direction
 * is better, and what a missing value does. Scores carry per-metric contributions that sum to them.
 * @module
 */
import { z } from 'zod';
import { InvalidOptionsError, InfluencerFunnelError } from './errors.js';
import { compareIds } from './ids.js';
import { formatIssues } from './schema.js';

/** Normalisers: raw value, min-max to [0, 1], z-score, or percentile rank in [0, 1]. */
export type Normalizer = 'none' | 'minmax' | 'zscore' | 'rank';

/** What a missing (null) metric value does: count as the worst value, drop the metric and reweight the rest, or make the score null. */
export type MissingPolicy = 'worst' | 'reweight' | 'null';

/** One weighted metric of a scheme. */
export interface SchemeMetric {
  /** A numeric field of the scored rows (`ctr`, `rpc`, `ctrShrunk`...). */
  readonly metric: string;
  readonly weight: number;
  readonly normalize: Normalizer;
  readonly direction: 'higher' | 'lower';
}

/** A validated, frozen scoring scheme. */
export interface ScoringScheme {
  readonly metrics: readonly SchemeMetric[];
  readonly missing: MissingPolicy;
}

/** What {@link defineScoring} accepts: `normalize`, `direction` and `missing` have defaults. */
export interface ScoringSchemeInput {
  readonly metrics: readonly {
    readonly metric: string;
    readonly weight: number;
    readonly normalize?: Normalizer;
    readonly direction?: 'higher' | 'lower';
  }[];
  readonly missing?: MissingPolicy;
}

const schemeSchema = z
  .object({
    metrics: z
      .array(
        z
          .object({
            metric: z.string().min(1, 'a metric name cannot be empty'),
            weight: z.number().finite().nonnegative('a weight cannot be negative'),
            normalize: z.enum(['none', 'minmax', 'zscore', 'rank']).default('rank'),
            direction: z.enum(['higher', 'lower']).default('higher'),
          })
          .strict(),
      )
      .min(1, 'a scheme needs at least 1 metric'),
    missing: z.enum(['worst', 'reweight', 'null']).default('worst'),
  })
  .strict()
  .superRefine((scheme, ctx) => {
    if (scheme.metrics.reduce((s, m) => s + m.weight, 0) <= 0) {
      ctx.addIssue({ code: 'custom', path: ['metrics'], message: 'the weights sum to 0: at least one weight must be positive' });
    }
    const seen = new Set<string>();
    scheme.metrics.forEach((m, i) => {
      if (seen.has(m.metric)) ctx.addIssue({ code: 'custom', path: ['metrics', i, 'metric'], message: `"${m.metric}" appears twice` });
      seen.add(m.metric);
    });
  });

/** Error thrown by {@link defineScoring} for an invalid scheme. */
export class InvalidSchemeError extends InfluencerFunnelError {
  constructor(readonly issues: readonly { path: string; message: string }[]) {
    super('INVALID_SCHEME', `Invalid scoring scheme: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
}

/**
 * Validates a scheme and returns it frozen, with defaults filled in (`normalize: 'rank'`,
 * `direction: 'higher'`, `missing: 'worst'`). The result is plain JSON.
 *
 * @example
 * ```ts
 * const scheme = defineScoring({ metrics: [{ metric: 'rpc', weight: 2 }, { metric: 'cpa', weight: 1, direction: 'lower' }] });
 * JSON.parse(JSON.stringify(scheme)); // deep-equals scheme
 * ```
 */
export function defineScoring(input: ScoringSchemeInput): ScoringScheme {
  const result = schemeSchema.safeParse(input);
  if (!result.success) throw new InvalidSchemeError(formatIssues(result.error));
  const scheme = result.data;
  return Object.freeze({
    metrics: Object.freeze(scheme.metrics.map((m) => Object.freeze({ ...m }))),
    missing: scheme.missing,
  });
}

/** A scored row: the input row plus score, rank and contributions. */
export type Scored<T> = T & {
  /** Weighted sum of normalised metrics (weights divided by their total); `null` under `missing: 'null'`. */
  readonly score: number | null;
  /** 1 = best; ties share the lowest rank; null scores rank last. */
  readonly rank: number | null;
  /** Per metric: weight share x normalised value. They sum to `score`. */
  readonly contributions: Readonly<Record<string, number>>;
};

function readMetric(row: object, metric: string): number | null {
  const v = (row as Record<string, unknown>)[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Normalises one column of values (nulls stay null). */
export function normalizeColumn(values: readonly (number | null)[], normalize: Normalizer, direction: 'higher' | 'lower'): (number | null)[] {
  const present = values.filter((v): v is number => v !== null);
  const flip = direction === 'lower';
  if (normalize === 'none') return values.map((v) => (v === null ? null : flip ? -v : v));
  if (normalize === 'minmax') {
    let min = Infinity;
    let max = -Infinity;
    for (const v of present) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return values.map((v) => {
      if (v === null) return null;
      const x = max > min ? (v - min) / (max - min) : 0.5;
      return flip ? 1 - x : x;
    });
  }
  if (normalize === 'zscore') {
    const n = present.length;
    const mean = present.reduce((s, v) => s + v, 0) / (n || 1);
    const sd = Math.sqrt(present.reduce((s, v) => s + (v - mean) ** 2, 0) / (n || 1));
    return values.map((v) => {
      if (v === null) return null;
      const x = sd > 0 ? (v - mean) / sd : 0;
      return flip ? -x : x;
    });
  }
  // Percentile rank in [0, 1]: (average rank - 1) / (n - 1); ties share their average rank.
  const order = present.slice().sort((a, b) => a - b);
  const n = order.length;
  const rankOf = new Map<number, number>();
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && order[j + 1] === order[i]) j++;
    rankOf.set(order[i]!, n > 1 ? (i + j) / 2 / (n - 1) : 0.5);
    i = j + 1;
  }
  return values.map((v) => {
    if (v === null) return null;
    const x = rankOf.get(v)!;
    return flip ? 1 - x : x;
  });
}

/** Worst normalised value of a column, for `missing: 'worst'`. */
function worstValue(normalized: readonly (number | null)[], normalize: Normalizer): number {
  if (normalize === 'rank' || normalize === 'minmax') return 0;
  let worst = Infinity;
  for (const v of normalized) if (v !== null && v < worst) worst = v;
  return Number.isFinite(worst) ? worst : 0;
}

/** Competition ranks (1, 2, 2, 4) by score descending; ties broken for order by id. Null scores rank last. */
export function rankScores<T extends { readonly influencerId?: string }>(rows: readonly T[], scores: readonly (number | null)[]): (number | null)[] {
  const idx = rows.map((_, i) => i);
  const id = (i: number) => String((rows[i] as { influencerId?: unknown }).influencerId ?? '');
  idx.sort((a, b) => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa === null || sb === null) return sa === sb ? compareIds(id(a), id(b)) : sa === null ? 1 : -1;
    return sb - sa || compareIds(id(a), id(b));
  });
  const ranks: (number | null)[] = new Array(rows.length).fill(null);
  idx.forEach((i, pos) => {
    const s = scores[i]!;
    if (s === null) return;
    const prev = pos > 0 ? idx[pos - 1]! : -1;
    ranks[i] = prev >= 0 && scores[prev] === s ? ranks[prev]! : pos + 1;
  });
  return ranks;
}

/**
 * Scores rows with a scheme. Returns new rows in input order, each with `score`, `rank` and
 * `contributions`. Never returns NaN: constant columns normalise to the middle, a single row to 0.5
 * under `rank`/`minmax`, and missing values follow the scheme's policy.
 *
 * @example
 * ```ts
 * const scheme = defineScoring({ metrics: [{ metric: 'ctr', weight: 1 }, { metric: 'rpc', weight: 3 }] });
 * const scored = score(influencers, scheme);
 * scored[0].contributions; // { ctr: 0.2, rpc: 0.6 }, summing to scored[0].score
 * ```
 */
export function score<T extends object>(rows: readonly T[], scheme: ScoringScheme | ScoringSchemeInput): Scored<T>[] {
  if (!Array.isArray(rows)) throw new InvalidOptionsError('score requires an array of rows.');
  const s = Object.isFrozen(scheme) ? (scheme as ScoringScheme) : defineScoring(scheme);
  const totalWeight = s.metrics.reduce((sum, m) => sum + m.weight, 0);
  const columns = s.metrics.map((m) => {
    const normalized = normalizeColumn(rows.map((r) => readMetric(r, m.metric)), m.normalize, m.direction);
    return { metric: m, normalized, worst: worstValue(normalized, m.normalize) };
  });
  const scores: (number | null)[] = [];
  const contributions: Record<string, number>[] = [];
  rows.forEach((_, i) => {
    // Metric names are user text: own data properties, so that any name (`__proto__`) is kept.
    const parts: Record<string, number> = {};
    const setPart = (name: string, value: number): void => {
      Object.defineProperty(parts, name, { value, enumerable: true, writable: true, configurable: true });
    };
    let weight = totalWeight;
    let nullScore = false;
    for (const c of columns) if (c.normalized[i] === null && s.missing === 'reweight') weight -= c.metric.weight;
    let total = 0;
    for (const c of columns) {
      let v = c.normalized[i]!;
      if (v === null) {
        if (s.missing === 'null') nullScore = true;
        if (s.missing !== 'worst') {
          setPart(c.metric.metric, 0);
          continue;
        }
        v = c.worst;
      }
      const part = weight > 0 ? (c.metric.weight / weight) * v : 0;
      setPart(c.metric.metric, part);
      total += part;
    }
    scores.push(nullScore ? null : total);
    contributions.push(parts);
  });
  const ranks = rankScores(rows as readonly { influencerId?: string }[], scores);
  return rows.map((row, i) => ({ ...row, score: scores[i]!, rank: ranks[i]!, contributions: contributions[i]! }));
}
