/**
 * Weighted scoring schemes as plain JSON: which metrics, how each is normalised, which direction
 * is better, and what a missing value does. Scores carry per-metric contributions that sum to them.
 * @module
 */
import { orNull } from '../base/nulls.js';
import * as z from 'zod/mini';
import { InfluencerFunnelError, InvalidInputError, InvalidOptionsError } from '../contract/errors.js';
import { ExactSum } from '../base/exact-sum.js';
import { METRIC_NAMES } from '../metrics/funnel-metrics.js';
import { MONEY_EXPOSURES, nullable, RATE_COUNTS } from '../metrics/intervals.js';
import { PARSE_CONTEXT } from '../contract/schema.js';

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

const NORMALIZERS = ['none', 'minmax', 'zscore', 'rank'] as const;
const DIRECTIONS = ['higher', 'lower'] as const;
const MISSING = ['worst', 'reweight', 'null'] as const;

const COUNT_FIELDS = ['rows', 'impressions', 'clicks', 'addToCart', 'purchases', 'revenue', 'cost', 'followerCount'] as const;

/**
 * Every field of an influencer line that a scheme can score: the sums, the funnel metrics, their
 * Wilson bounds (`ctrLow`, `ctrHigh`...) and shrunk estimates (`ctrShrunk`, `rpcShrunk`...).
 * Other numeric fields are allowed through `defineScoring`'s `extraMetrics` option.
 */
export const SCORABLE_METRICS: readonly string[] = Object.freeze([
  ...COUNT_FIELDS,
  ...METRIC_NAMES,
  ...Object.keys(RATE_COUNTS).flatMap((k) => [`${k}Low`, `${k}High`, `${k}Shrunk`]),
  ...Object.keys(MONEY_EXPOSURES).map((k) => `${k}Shrunk`),
]);

const schemeSchema = z.strictObject(
  {
    metrics: z
      .array(
        z.strictObject({
          metric: z.string().check(z.minLength(1, 'a metric name cannot be empty')),
          weight: z.number({ error: 'a weight must be a finite number >= 0' }).check(z.nonnegative('a weight cannot be negative')),
          normalize: z._default(z.enum(NORMALIZERS, { error: `unknown normaliser: use one of ${NORMALIZERS.join(', ')}` }), 'rank'),
          direction: z._default(z.enum(DIRECTIONS, { error: `unknown direction: use one of ${DIRECTIONS.join(', ')}` }), 'higher'),
        }),
        { error: 'a scheme needs a `metrics` array' },
      )
      .check(z.minLength(1, 'a scheme needs at least 1 metric')),
    missing: z._default(z.enum(MISSING, { error: `unknown missing-value policy: use one of ${MISSING.join(', ')}` }), 'worst'),
  },
  { error: 'a scheme must be an object { metrics, missing }' },
);

const ALLOWED_KEYS: Record<string, string> = { '': 'metrics, missing', metric: 'metric, weight, normalize, direction' };

/**
 * Error thrown by {@link defineScoring} (and {@link score}) for an invalid scheme. Its `issues` name each offending path.
 *
 * @example
 * ```ts
 * defineScoring({ metrics: [{ metric: 'ctr', weight: 0 }] }); // throws: the weights sum to 0
 * ```
 */
export class InvalidSchemeError extends InfluencerFunnelError {
  constructor(readonly issues: readonly { path: string; message: string }[]) {
    super('INVALID_SCHEME', `Invalid scoring scheme: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
}

/** Options of {@link defineScoring}. */
export interface DefineScoringOptions {
  /** Numeric fields of your own rows that the scheme may score besides {@link SCORABLE_METRICS}. */
  readonly extraMetrics?: readonly string[];
}

function schemeIssues(error: z.core.$ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      const allowed = ALLOWED_KEYS[issue.path.length > 0 ? 'metric' : '']!;
      return { path, message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: allowed keys are ${allowed}` };
    }
    return { path, message: issue.message };
  });
}

/**
 * Validates a scheme and returns it frozen, with defaults filled in (`normalize: 'rank'`,
 * `direction: 'higher'`, `missing: 'worst'`). The result is plain JSON: it survives
 * `JSON.stringify`/`JSON.parse` unchanged and `defineScoring` accepts it again. Errors are
 * {@link InvalidSchemeError}s (code `INVALID_SCHEME`) naming the offending path and the allowed
 * values: unknown metric, negative or non-finite weight, weights summing to 0, unknown normaliser,
 * direction or missing policy, a metric listed twice, unknown keys.
 *
 * @example
 * ```ts
 * const scheme = defineScoring({ metrics: [{ metric: 'rpcShrunk', weight: 2 }, { metric: 'cpa', weight: 1, direction: 'lower' }] });
 * JSON.parse(JSON.stringify(scheme)); // deep-equals scheme
 * defineScoring({ metrics: [{ metric: 'engagement', weight: 1 }] }, { extraMetrics: ['engagement'] });
 * defineScoring({ metrics: [{ metric: 'ctr', weight: -1 }] }); // throws: metrics.0.weight: a weight cannot be negative
 * ```
 */
export function defineScoring(input: ScoringSchemeInput, options: DefineScoringOptions = {}): ScoringScheme {
  const result = schemeSchema.safeParse(input, PARSE_CONTEXT);
  if (!result.success) throw new InvalidSchemeError(schemeIssues(result.error));
  const scheme = result.data;
  const extra = options?.extraMetrics ?? [];
  if (!Array.isArray(extra) || extra.some((m) => typeof m !== 'string')) {
    throw new InvalidOptionsError('`extraMetrics` must be an array of field names.', [{ path: 'extraMetrics', message: 'expected an array of strings' }]);
  }
  const known = new Set([...SCORABLE_METRICS, ...extra]);
  const issues: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  scheme.metrics.forEach((m, i) => {
    if (!known.has(m.metric)) {
      issues.push({
        path: `metrics.${i}.metric`,
        message: `unknown metric "${m.metric}": use one of ${SCORABLE_METRICS.join(', ')}${extra.length ? `, ${extra.join(', ')}` : ''} (or list your own numeric field in \`extraMetrics\`)`,
      });
    }
    if (seen.has(m.metric)) issues.push({ path: `metrics.${i}.metric`, message: `"${m.metric}" appears twice` });
    seen.add(m.metric);
  });
  if (scheme.metrics.reduce((s, m) => s + m.weight, 0) <= 0) {
    issues.push({ path: 'metrics', message: 'the weights sum to 0: at least one weight must be positive' });
  }
  if (issues.length) throw new InvalidSchemeError(issues);
  return Object.freeze({
    metrics: Object.freeze(scheme.metrics.map((m) => Object.freeze({ metric: m.metric, weight: m.weight, normalize: m.normalize, direction: m.direction }))),
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

/**
 * Normalises one column of values; nulls stay null. `none` keeps the value (negated for `lower`);
 * `minmax` maps to [0, 1] (a constant column to 0.5); `zscore` is `(v - mean) / sd` with the
 * population standard deviation (a constant column gives 0); `rank` is the percentile rank
 * `(average rank - 1) / (n - 1)` in [0, 1], ties sharing their average rank (a single value gives
 * 0.5). With `direction: 'lower'` the scale is flipped so that higher is always better.
 *
 * @example
 * ```ts
 * normalizeColumn([10, null, 30, 20], 'rank', 'higher'); // [0, null, 1, 0.5]
 * normalizeColumn([10, 30, 20], 'minmax', 'lower'); // [1, 0, 0.5]
 * ```
 */
export function normalizeColumn(values: readonly (number | null)[], normalize: Normalizer, direction: 'higher' | 'lower'): (number | null)[] {
  if (!Array.isArray(values)) throw new InvalidOptionsError('normalizeColumn requires an array of values.');
  if (!(NORMALIZERS as readonly string[]).includes(normalize)) {
    throw new InvalidOptionsError(`Unknown normaliser "${String(normalize)}": use one of ${NORMALIZERS.join(', ')}.`, [{ path: 'normalize', message: 'unknown normaliser' }]);
  }
  if (!(DIRECTIONS as readonly string[]).includes(direction)) {
    throw new InvalidOptionsError(`Unknown direction "${String(direction)}": use one of ${DIRECTIONS.join(', ')}.`, [{ path: 'direction', message: 'unknown direction' }]);
  }
  const n = values.length;
  const clean = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    clean[i] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
  }
  return nullable(normalizeValues(clean, normalize, direction === 'lower'));
}

/**
 * {@link normalizeColumn} of finite values (`NaN`: missing, and stays missing), `flip` for
 * `direction: 'lower'`; arguments not checked. @internal
 */
export function normalizeValues(values: Float64Array, normalize: Normalizer, flip: boolean): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (normalize === 'none') {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      out[i] = flip ? -v : v;
    }
    return out;
  }
  if (normalize === 'minmax') {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v !== v) {
        out[i] = NaN;
        continue;
      }
      const x = max > min ? Math.min(1, Math.max(0, (v - min) / (max - min))) : 0.5;
      out[i] = flip ? 1 - x : x;
    }
    return out;
  }
  if (normalize === 'zscore') {
    let present = 0;
    const sum = new ExactSum();
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v !== v) continue;
      present++;
      sum.add(v);
    }
    const mean = sum.value() / (present || 1);
    const squares = new ExactSum();
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v === v) squares.add((v - mean) ** 2);
    }
    const sd = Math.sqrt(squares.value() / (present || 1));
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v !== v) {
        out[i] = NaN;
        continue;
      }
      const x = sd > 0 && Number.isFinite((v - mean) / sd) ? (v - mean) / sd : 0;
      out[i] = flip ? -x : x;
    }
    return out;
  }
  // Percentile rank in [0, 1]: (average rank - 1) / (n - 1); ties share their average rank. Each
  // distinct value's rank goes in a hash table keyed by the value (open addressing on its bits;
  // -0 stored and looked up as 0, as equal values share a rank), read back for every value.
  let present = 0;
  for (let i = 0; i < n; i++) if (values[i] === values[i]) present++;
  const order = new Float64Array(present);
  for (let i = 0, j = 0; i < n; i++) {
    const v = values[i]!;
    if (v === v) order[j++] = v;
  }
  order.sort();
  const mask = (1 << (32 - Math.clz32(2 * present + 1))) - 1;
  const keys = new Float64Array(mask + 1);
  const ranks = new Float64Array(mask + 1);
  const filled = new Uint8Array(mask + 1);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  for (let i = 0; i < present; ) {
    let j = i;
    while (j + 1 < present && order[j + 1] === order[i]) j++;
    const v = order[i]! + 0;
    bits[0] = v;
    let h = Math.imul(words[0]! ^ Math.imul(words[1]!, 0x9e3779b1), 0x85ebca6b);
    h = (h ^ (h >>> 15)) & mask;
    while (filled[h] === 1) h = (h + 1) & mask;
    filled[h] = 1;
    keys[h] = v;
    ranks[h] = present > 1 ? (i + j) / 2 / (present - 1) : 0.5;
    i = j + 1;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i]! + 0;
    if (v !== v) {
      out[i] = NaN;
      continue;
    }
    bits[0] = v;
    let h = Math.imul(words[0]! ^ Math.imul(words[1]!, 0x9e3779b1), 0x85ebca6b);
    h = (h ^ (h >>> 15)) & mask;
    while (keys[h] !== v || filled[h] !== 1) h = (h + 1) & mask;
    const x = ranks[h]!;
    out[i] = flip ? 1 - x : x;
  }
  return out;
}

/** Worst normalised value of a column (`NaN`: missing), for `missing: 'worst'`. */
function worstValue(normalized: Float64Array, normalize: Normalizer): number {
  if (normalize === 'rank' || normalize === 'minmax') return 0;
  let worst = Infinity;
  for (let i = 0; i < normalized.length; i++) {
    const v = normalized[i]!;
    if (v < worst) worst = v;
  }
  return Number.isFinite(worst) ? worst : 0;
}

/**
 * Competition ranks (1, 2, 2, 4) by score descending, row by row: ties share the lowest rank. Null
 * scores (and NaN or non-numeric ones) get a null rank.
 *
 * @example
 * ```ts
 * rankScores([{ influencerId: 'a' }, { influencerId: 'b' }, { influencerId: 'c' }], [0.5, 0.9, 0.5]); // [2, 1, 2]
 * ```
 */
export function rankScores<T extends { readonly influencerId?: string }>(rows: readonly T[], scores: readonly (number | null)[]): (number | null)[] {
  const n = rows.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    values[i] = typeof s === 'number' ? s : NaN;
  }
  return nullable(rankValues(values));
}

/**
 * {@link rankScores} of scores as an array (`NaN`: null score, null rank). A score's competition
 * rank is 1 + the number of scores above it: one native sort of the scores and a binary search per
 * score, with no comparator to call. @internal
 */
export function rankValues(scores: Float64Array): Float64Array {
  const n = scores.length;
  let present = 0;
  for (let i = 0; i < n; i++) if (scores[i] === scores[i]) present++;
  const sorted = new Float64Array(present);
  for (let i = 0, j = 0; i < n; i++) {
    const s = scores[i]!;
    if (s === s) sorted[j++] = s;
  }
  sorted.sort();
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (s !== s) {
      ranks[i] = NaN;
      continue;
    }
    // First position holding a score above s (-0 and 0 compare equal, so they share a rank).
    let lo = 0;
    let hi = present;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= s) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = present - lo + 1;
  }
  return ranks;
}

/** How one metric entered one row's score (see {@link explainScore}). */
export interface MetricScoreDetail {
  readonly metric: string;
  /** The row's raw value, `null` when missing. */
  readonly raw: number | null;
  /** The normalised value (higher is better), `null` when missing. */
  readonly normalized: number | null;
  /** The value that entered the score: the normalised value, the column's worst under `missing: 'worst'`, or `null` when the metric was dropped. */
  readonly used: number | null;
  readonly weight: number;
  /** `weight` divided by the weights in play for this row (all of them, or the present ones under `reweight`). */
  readonly weightShare: number;
  /** `weightShare x used` (0 when dropped). Contributions sum to the score. */
  readonly contribution: number;
}

function checkRows(rows: unknown, fn: string): asserts rows is readonly object[] {
  if (!Array.isArray(rows)) throw new InvalidInputError(`${fn} requires an array of rows.`);
  const bad = rows.findIndex((r) => r === null || typeof r !== 'object');
  if (bad >= 0) throw new InvalidInputError(`${fn} requires every row to be an object; row ${bad} is ${rows[bad] === null ? 'null' : typeof rows[bad]}.`);
}

/** Validates a scheme against rows: a name the library does not know is accepted when some row has it. @internal */
export function resolveScheme(rows: readonly object[], scheme: ScoringScheme | ScoringSchemeInput): ScoringScheme {
  const names = Array.isArray((scheme as ScoringSchemeInput | null)?.metrics)
    ? (scheme as ScoringSchemeInput).metrics.map((m) => (m as { metric?: unknown } | null)?.metric).filter((m): m is string => typeof m === 'string')
    : [];
  const extraMetrics = names.filter((name) => !SCORABLE_METRICS.includes(name) && rows.some((r) => Object.prototype.hasOwnProperty.call(r, name)));
  const resolved = defineScoring(scheme, { extraMetrics });
  // A metric that no row carries would score everyone alike without a word: say so instead.
  const absent = rows.length === 0 ? [] : resolved.metrics.map((m) => m.metric).filter((name) => !rows.some((r) => name in r));
  if (absent.length > 0) {
    const hint = absent.some((name) => name.endsWith('Shrunk'))
      ? ' Shrunk estimates come from `analyze`, or from `smallSampleEstimates(lines)` for totals computed elsewhere (e.g. `toSQL`).'
      : '';
    throw new InvalidOptionsError(`score: no row has the field${absent.length > 1 ? 's' : ''} ${absent.map((a) => `"${a}"`).join(', ')} that the scheme scores.${hint}`, [
      { path: 'metrics', message: `absent from every row: ${absent.join(', ')}` },
    ]);
  }
  return resolved;
}

/**
 * A validated scheme applied to its metrics' columns (`NaN`: missing): per row the score (`NaN`:
 * null) and, row by row, per metric (`m` of them) the value used (`NaN`: dropped), the weight
 * share and the contribution, with the normalised columns. @internal
 */
export function scoreValues(
  raw: readonly Float64Array[],
  s: ScoringScheme,
): { scores: Float64Array; normalized: Float64Array[]; used: Float64Array; shares: Float64Array; contributions: Float64Array } {
  const m = s.metrics.length;
  const n = m > 0 ? raw[0]!.length : 0;
  const totalWeight = s.metrics.reduce((sum, x) => sum + x.weight, 0);
  const weights = s.metrics.map((x) => x.weight);
  const normalized = s.metrics.map((x, j) => normalizeValues(raw[j]!, x.normalize, x.direction === 'lower'));
  const worst = s.metrics.map((x, j) => worstValue(normalized[j]!, x.normalize));
  const reweight = s.missing === 'reweight';
  const nullPolicy = s.missing === 'null';
  const worstPolicy = s.missing === 'worst';
  const scores = new Float64Array(n);
  const used = new Float64Array(n * m);
  const shares = new Float64Array(n * m);
  const contributions = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let weight = totalWeight;
    let nullScore = false;
    let present = 0;
    for (let j = 0; j < m; j++) {
      const v = normalized[j]![i]!;
      if (v !== v) {
        if (reweight) weight -= weights[j]!;
        if (nullPolicy) nullScore = true;
      } else present++;
    }
    if (reweight && !(weight > 0)) nullScore = true;
    // No data for any of the scheme's metrics: nothing to score, whatever the policy (never a zero).
    if (m > 0 && present === 0) nullScore = true;
    let total = 0;
    for (let j = 0, at = i * m; j < m; j++, at++) {
      const v = normalized[j]![i]!;
      const u = v === v ? v : worstPolicy && present > 0 ? worst[j]! : NaN;
      const share = weight > 0 && (u === u || nullPolicy) ? weights[j]! / weight : 0;
      const contribution = u !== u ? 0 : share * u;
      total += contribution;
      used[at] = u;
      shares[at] = share;
      contributions[at] = contribution;
    }
    scores[i] = nullScore ? NaN : total;
  }
  return { scores, normalized, used, shares, contributions };
}

/**
 * The scheme's metric columns of rows (`NaN` where a value is not a finite number), from
 * `columnOf` where it has them.
 */
function metricColumns(rows: readonly object[], s: ScoringScheme, columnOf?: (metric: string) => Float64Array | undefined): Float64Array[] {
  const n = rows.length;
  return s.metrics.map(({ metric }) => {
    const column = new Float64Array(n);
    const given = columnOf?.(metric);
    if (given !== undefined) {
      for (let i = 0; i < n; i++) {
        const v = given[i]!;
        column[i] = Number.isFinite(v) ? v : NaN;
      }
      return column;
    }
    for (let i = 0; i < n; i++) {
      const v = (rows[i] as Record<string, unknown>)[metric];
      column[i] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
    }
    return column;
  });
}

/** Scores rows with a validated scheme: per row the score and each metric's detail. @internal */
export function scoreDetails(rows: readonly object[], s: ScoringScheme): { scores: (number | null)[]; details: MetricScoreDetail[][] } {
  const raw = metricColumns(rows, s);
  const { scores, normalized, used, shares, contributions } = scoreValues(raw, s);
  const m = s.metrics.length;
  const details: MetricScoreDetail[][] = rows.map((_, i) =>
    s.metrics.map((x, j) => ({
      metric: x.metric,
      raw: orNull(raw[j]![i]!),
      normalized: orNull(normalized[j]![i]!),
      used: orNull(used[i * m + j]!),
      weight: x.weight,
      weightShare: shares[i * m + j]!,
      contribution: contributions[i * m + j]!,
    })),
  );
  return { scores: nullable(scores), details };
}

/**
 * Scores rows with a scheme. Returns new rows in input order, each with `score`, `rank` and
 * `contributions` (weight share x normalised value per metric, summing to the score). Never
 * returns NaN: constant columns normalise to the middle, a single row to 0.5 under `rank` and
 * `minmax`, and missing values follow the scheme's policy (`worst`: the column's worst normalised
 * value; `reweight`: the metric is dropped and the other weights rescaled; `null`: the score is
 * `null`). Under every policy a row with no value for any of the scheme's metrics scores `null`,
 * not a zero. `null` scores rank last with a `null` rank.
 * Inputs are not mutated.
 *
 * @example
 * ```ts
 * const scheme = defineScoring({ metrics: [{ metric: 'ctr', weight: 1 }, { metric: 'rpc', weight: 3 }] });
 * const scored = score(influencers, scheme);
 * scored[0].contributions; // { ctr: 0.2, rpc: 0.6 }, summing to scored[0].score
 * ```
 */
export function score<T extends object>(rows: readonly T[], scheme: ScoringScheme | ScoringSchemeInput): Scored<T>[] {
  const { scores, ranks, contributions } = scoreArrays(rows, scheme);
  return rows.map((row, i) => ({ ...row, score: orNull(scores[i]!), rank: orNull(ranks[i]!), contributions: contributions[i]! }));
}

/**
 * Scores, competition ranks and, row by row, each metric's contribution (`NaN`: null) of a
 * resolved scheme over its metrics' columns (finite values, `NaN`: missing). @internal
 */
export function scoreResolved(s: ScoringScheme, raw: readonly Float64Array[]): { scores: Float64Array; ranks: Float64Array; parts: Float64Array } {
  const { scores, contributions: parts } = scoreValues(raw, s);
  return { scores, ranks: rankValues(scores), parts };
}

/**
 * What {@link score} adds to each row, as arrays (`NaN`: null; rows checked, scheme resolved).
 * `columnOf` may give a metric's values (those of the rows' field) as an array, read instead of
 * the rows. @internal
 */
export function scoreArrays(
  rows: readonly object[],
  scheme: ScoringScheme | ScoringSchemeInput,
  columnOf?: (metric: string) => Float64Array | undefined,
): { scores: Float64Array; ranks: Float64Array; contributions: Record<string, number>[] } {
  checkRows(rows, 'score');
  const s = resolveScheme(rows, scheme);
  const { scores, ranks, parts } = scoreResolved(s, metricColumns(rows, s, columnOf));
  // Per row, its contributions by metric name (keys in scheme order).
  const names = s.metrics.map((x) => x.metric);
  const m = names.length;
  const n = rows.length;
  const contributions: Record<string, number>[] = new Array(n);
  const plain = !names.includes('__proto__');
  for (let i = 0; i < n; i++) {
    if (plain) {
      const o: Record<string, number> = {};
      for (let j = 0; j < m; j++) o[names[j]!] = parts[i * m + j]!;
      contributions[i] = o;
    } else {
      contributions[i] = Object.fromEntries(names.map((name, j) => [name, parts[i * m + j]!]));
    }
  }
  return { scores, ranks, contributions };
}
