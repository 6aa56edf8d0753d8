/**
 * Options of the uncertainty functions, validated with zod (the tree-shakable `zod/mini` API).
 * Invalid options are an `InvalidOptionsError` (through the contract's `parseOptions`) whose
 * `issues` name each offending path.
 * @module
 */
import * as z from 'zod/mini';
import { parseOptions } from '../contract/schema.js';
import type { ScoringScheme, ScoringSchemeInput } from '../scoring/scoring.js';

/**
 * The default number of posterior draws for `influencers` influencers: 1,000 up to 1,000
 * influencers, then fewer in steps of 100 so that influencers × draws stays about a million
 * (500 at 2,000, 200 at 5,000), and never fewer than 100 (10,000 influencers and more). Each draw
 * scores and ranks every influencer, so the work grows with the product; see docs/uncertainty.md
 * for the time it takes.
 *
 * @example
 * ```ts
 * defaultDraws(200); // 1000
 * defaultDraws(5000); // 200
 * defaultDraws(10_000); // 100
 * ```
 */
export function defaultDraws(influencers: number): number {
  if (!(influencers > 0)) return MAX_DEFAULT_DRAWS;
  return Math.max(MIN_DEFAULT_DRAWS, Math.min(MAX_DEFAULT_DRAWS, 100 * Math.floor(DRAW_BUDGET / 100 / influencers)));
}

const MAX_DEFAULT_DRAWS = 1000;
const MIN_DEFAULT_DRAWS = 100;
/** Influencers × draws the default aims at. */
const DRAW_BUDGET = 1_000_000;
/** Default seed. */
export const DEFAULT_SEED = 1;
/** Default level of the central intervals. */
export const DEFAULT_LEVEL = 0.9;
/** Default `k` of P(top k). */
export const DEFAULT_K = 10;

const draws = z.optional(
  z.int({ error: 'expected an integer number of draws' }).check(z.minimum(1, { error: 'expected at least 1 draw' }), z.maximum(1_000_000, { error: 'expected at most 1,000,000 draws' })),
);
const seed = z.optional(z.int({ error: 'expected a safe integer seed' }));
const level = z.optional(
  z.number({ error: 'expected a number strictly between 0 and 1' }).check(z.gt(0, { error: 'expected a number strictly between 0 and 1' }), z.lt(1, { error: 'expected a number strictly between 0 and 1' })),
);
const scoring = z.optional(z.custom<ScoringScheme | ScoringSchemeInput>((v) => v !== null && typeof v === 'object', { error: 'expected a scoring scheme { metrics, missing }' }));

const drawOptions = { draws, seed, level };

const rankSchema = z.strictObject({ ...drawOptions, scoring, k: z.optional(z.int({ error: 'expected an integer k' }).check(z.minimum(1, { error: 'expected k >= 1' }))) });
const compareSchema = z.strictObject({ ...drawOptions, scoring });
const periodSchema = z.strictObject(drawOptions);

/** Options of the posterior draws. */
export interface DrawOptions {
  /** Number of posterior draws (default {@link defaultDraws} of the number of influencers: 1,000 for up to 1,000 influencers, 100 from 10,000). */
  readonly draws?: number;
  /** Seed of the random streams, a safe integer (default 1): the same seed and input give the same output. */
  readonly seed?: number;
  /** Level of the central intervals, strictly between 0 and 1 (default 0.9). */
  readonly level?: number;
}

/** Options of {@link rankIntervals}. */
export interface RankIntervalOptions extends DrawOptions {
  /** The scheme each draw is scored with (default: the source's `scoring`, else its `preset`'s scheme, else the `default` preset's). */
  readonly scoring?: ScoringScheme | ScoringSchemeInput;
  /** `k` of `pTopK`, the share of draws in which an influencer ranks in the top `k` (default 10). */
  readonly k?: number;
}

/** Options of {@link compareInfluencers}. */
export interface CompareInfluencersOptions extends DrawOptions {
  /** The scheme each draw is scored with (default: the source's `scoring`, else its `preset`'s scheme, else the `default` preset's). */
  readonly scoring?: ScoringScheme | ScoringSchemeInput;
}

/** Options of {@link comparePeriodTotals}. */
export type ComparePeriodOptions = DrawOptions;

/** Draw options with their defaults filled in. @internal */
export interface ResolvedDrawOptions {
  readonly draws: number;
  readonly seed: number;
  readonly level: number;
}

function withDefaults(o: DrawOptions, influencers: number): ResolvedDrawOptions {
  return { draws: o.draws ?? defaultDraws(influencers), seed: o.seed ?? DEFAULT_SEED, level: o.level ?? DEFAULT_LEVEL };
}

/** {@link RankIntervalOptions} checked, with defaults for `influencers` influencers. @internal */
export function rankOptions(options: unknown, influencers: number): ResolvedDrawOptions & { readonly k: number; readonly scoring: RankIntervalOptions['scoring'] } {
  const o = parseOptions(rankSchema, options, 'rankIntervals options') as RankIntervalOptions;
  return { ...withDefaults(o, influencers), k: o.k ?? DEFAULT_K, scoring: o.scoring };
}

/** {@link CompareInfluencersOptions} checked, with defaults for `influencers` influencers. @internal */
export function compareOptions(options: unknown, influencers: number): ResolvedDrawOptions & { readonly scoring: CompareInfluencersOptions['scoring'] } {
  const o = parseOptions(compareSchema, options, 'compareInfluencers options') as CompareInfluencersOptions;
  return { ...withDefaults(o, influencers), scoring: o.scoring };
}

/** {@link ComparePeriodOptions} checked, with defaults for `influencers` influencers. @internal */
export function periodOptions(options: unknown, influencers: number): ResolvedDrawOptions {
  return withDefaults(parseOptions(periodSchema, options, 'comparePeriodTotals options') as DrawOptions, influencers);
}
