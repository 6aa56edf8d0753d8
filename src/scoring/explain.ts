/**
 * Why a row scored what it did: each metric's raw value, normalised value, weight and
 * contribution within a population. Made for unit tests of custom schemes.
 * @module
 */
import { InvalidInputError } from '../contract/errors.js';
import { rankScores, resolveScheme, scoreDetails, type MetricScoreDetail, type MissingPolicy, type ScoringScheme, type ScoringSchemeInput } from './scoring.js';

/** The result of {@link explainScore}. */
export interface ScoreExplanation {
  readonly influencerId: string | null;
  /** The row's score, as `score` gives it within the population. */
  readonly score: number | null;
  /** The row's rank within the population (1 = best). */
  readonly rank: number | null;
  /** Rows scored together (the population, with the row). */
  readonly of: number;
  readonly missing: MissingPolicy;
  /** One entry per scheme metric, in scheme order; `contribution`s sum to `score`. */
  readonly metrics: readonly MetricScoreDetail[];
}

/**
 * Explains one row's score within a population: normalisers such as `rank` and `minmax` depend
 * on the other rows, so a score only means something against them. The row is scored together
 * with `population`: if the population already holds it (the same object, or a row with the same
 * `influencerId`, which it then replaces) it is not added twice. The scheme is validated as in
 * `score`.
 *
 * @example
 * ```ts
 * const scheme = defineScoring({ metrics: [{ metric: 'ctr', weight: 1 }, { metric: 'rpc', weight: 3 }] });
 * const a = makeInfluencer({ influencerId: 'a', clicks: 300, revenue: 900 });
 * const b = makeInfluencer({ influencerId: 'b', clicks: 100, revenue: 100 });
 * const why = explainScore(a, scheme, [a, b]);
 * why.metrics; // [{ metric: 'ctr', raw: 0.03, normalized: 1, weightShare: 0.25, contribution: 0.25, ... }, { metric: 'rpc', ... }]
 * why.score; // 1, the sum of the contributions
 * ```
 */
export function explainScore<T extends object>(row: T, scheme: ScoringScheme | ScoringSchemeInput, population: readonly T[]): ScoreExplanation {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new InvalidInputError('explainScore requires a row object to explain.');
  if (!Array.isArray(population)) throw new InvalidInputError('explainScore requires a population array (the rows the row is scored against).');
  const bad = population.findIndex((r) => r === null || typeof r !== 'object');
  if (bad >= 0) throw new InvalidInputError(`explainScore requires every population row to be an object; row ${bad} is not.`);
  const id = (row as { influencerId?: unknown }).influencerId;
  let at = population.indexOf(row);
  if (at < 0 && typeof id === 'string') at = population.findIndex((r) => (r as { influencerId?: unknown }).influencerId === id);
  const rows = population.slice();
  if (at < 0) at = rows.push(row) - 1;
  else rows[at] = row;
  const s = resolveScheme(rows, scheme);
  const { scores, details } = scoreDetails(rows, s);
  const ranks = rankScores(rows as readonly { influencerId?: string }[], scores);
  return {
    influencerId: typeof id === 'string' ? id : null,
    score: scores[at]!,
    rank: ranks[at]!,
    of: rows.length,
    missing: s.missing,
    metrics: details[at]!,
  };
}
