/**
 * Tiny influencer fixtures for tests: give the counts that matter, get a full report line.
 * @module
 */
import type { InfluencerReport } from '../pipeline/analyze.js';
import { InvalidInputError } from '../contract/errors.js';
import { RATE_COUNTS, wilson } from '../metrics/intervals.js';
import { funnelMetrics } from '../metrics/funnel-metrics.js';
import { smallSampleEstimates, type Priors } from '../metrics/small-sample.js';

/** What {@link makeInfluencer} takes: any subset of the totals, plus your own fields. */
export interface InfluencerSpec {
  readonly influencerId?: string;
  readonly impressions?: number;
  readonly clicks?: number;
  readonly addToCart?: number;
  readonly purchases?: number;
  readonly revenue?: number | null;
  readonly cost?: number | null;
  readonly followerCount?: number | null;
  readonly category?: string | null;
  readonly [field: string]: unknown;
}

/** A report line without score, rank, segment and contributions: what scoring reads. */
export type InfluencerLine = Omit<InfluencerReport, 'score' | 'rank' | 'segment' | 'contributions'>;

function count(spec: InfluencerSpec, key: string, fallback: number): number {
  const v = spec[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new InvalidInputError(`makeInfluencer requires \`${key}\` to be an integer >= 0, got ${String(v)}.`, { field: key, value: v });
  }
  return v;
}

function money(spec: InfluencerSpec, key: string, fallback: number | null): number | null {
  const v = spec[key];
  if (v === undefined) return fallback;
  if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
    throw new InvalidInputError(`makeInfluencer requires \`${key}\` to be a finite number >= 0 or null, got ${String(v)}.`, { field: key, value: v });
  }
  return v;
}

/**
 * One influencer's report line from a few totals. Counts you leave out follow a plausible funnel
 * from the ones you give: 10,000 impressions, 2% click, 10% of clicks add to cart (at least the
 * purchases given), 25% of those buy, 50 per order. Rates, money ratios and Wilson bounds are computed; the `...Shrunk` fields
 * equal the raw values, because shrinkage needs a population (use {@link makeInfluencers}).
 * Extra fields are kept, so custom schemes can score them.
 *
 * @example
 * ```ts
 * const lucky = makeInfluencer({ influencerId: 'lucky', clicks: 3, purchases: 1, revenue: 2499 });
 * lucky.rpc; // 833
 * lucky.addToCart; // 1: never fewer than the purchases given
 * makeInfluencer({ engagement: 0.07 }).engagement; // 0.07
 * ```
 */
export function makeInfluencer(spec: InfluencerSpec = {}): InfluencerLine & Record<string, unknown> {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new InvalidInputError('makeInfluencer requires an object of totals.');
  const id = spec.influencerId ?? '1';
  if (typeof id !== 'string' || id.trim() === '') throw new InvalidInputError('makeInfluencer requires `influencerId` to be a non-blank string.', { field: 'influencerId' });
  const impressions = count(spec, 'impressions', 10_000);
  const clicks = count(spec, 'clicks', Math.round(impressions * 0.02));
  const addToCart = count(spec, 'addToCart', Math.max(Math.round(clicks * 0.1), count(spec, 'purchases', 0)));
  const purchases = count(spec, 'purchases', Math.round(addToCart * 0.25));
  const revenue = money(spec, 'revenue', purchases * 50);
  const cost = money(spec, 'cost', null);
  const totals = { impressions, clicks, addToCart, purchases, revenue, cost };
  const metrics = funnelMetrics(totals);
  const small: Record<string, number | null> = {};
  for (const [name, c] of Object.entries(RATE_COUNTS)) {
    const trials = totals[c.trials];
    const interval = wilson(Math.min(totals[c.successes], trials), trials);
    small[`${name}Low`] = interval?.low ?? null;
    small[`${name}High`] = interval?.high ?? null;
    small[`${name}Shrunk`] = metrics[name as keyof typeof RATE_COUNTS];
  }
  small.rpcShrunk = metrics.rpc;
  small.rpiShrunk = metrics.rpi;
  return {
    ...spec,
    influencerId: id,
    rows: 1,
    ...totals,
    followerCount: (spec.followerCount as number | null | undefined) ?? null,
    category: (spec.category as string | null | undefined) ?? null,
    firstDate: null,
    lastDate: null,
    ...metrics,
    ...small,
  } as InfluencerLine & Record<string, unknown>;
}

/**
 * Several influencers at once, with the `...Shrunk` fields shrunk toward this population exactly
 * as `analyze` does (priors fitted on them; money noise from the compound-Poisson bound, since
 * fixtures have no daily rows). Ids default to `'1'`, `'2'`... in order.
 *
 * @example
 * ```ts
 * const { influencers, priors } = makeInfluencers([
 *   { influencerId: 'lucky', clicks: 3, purchases: 1, revenue: 2499 },
 *   ...Array.from({ length: 20 }, (_, i) => ({ influencerId: `steady${i}`, impressions: 200_000 + 1000 * i })),
 * ]);
 * influencers[0].purchaseRateShrunk; // far below its raw 100%
 * priors.purchaseRate.strength; // pseudo add-to-carts
 * ```
 */
export function makeInfluencers(specs: readonly InfluencerSpec[]): { influencers: (InfluencerLine & Record<string, unknown>)[]; priors: Priors } {
  if (!Array.isArray(specs)) throw new InvalidInputError('makeInfluencers requires an array of influencer specs.');
  const lines = specs.map((spec, i) => makeInfluencer({ ...spec, influencerId: spec?.influencerId ?? String(i + 1) }));
  const seen = new Set<string>();
  for (const l of lines) {
    if (seen.has(l.influencerId)) throw new InvalidInputError(`makeInfluencers: influencer "${l.influencerId}" appears twice.`, { influencerId: l.influencerId });
    seen.add(l.influencerId);
  }
  const { lines: out, priors } = smallSampleEstimates(lines);
  return { influencers: out, priors };
}
