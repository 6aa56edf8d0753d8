/**
 * The two built-in pipelines. `classic` reproduces the widely used pandas notebook recipe for teams
 * migrating from it; `default` is what the library recommends (see docs/migrating-from-pandas.md).
 * @module
 */
import { defineScoring, type ScoringScheme } from './scoring.js';

/** Names of the built-in presets. */
export type PresetName = 'default' | 'classic';

/** A summary column: report field and CSV header. */
export interface SummaryColumn {
  readonly key: string;
  readonly header: string;
}

/** What a preset fixes. */
export interface Preset {
  readonly name: PresetName;
  /** `ratioOfSums`: rates of the summed counts. `meanOfRowRatios`: unweighted mean of each row's rate. */
  readonly rates: 'ratioOfSums' | 'meanOfRowRatios';
  /** `first`: the first row's follower count. `latest`: the value on the latest date. */
  readonly followerCount: 'first' | 'latest';
  readonly scoring: ScoringScheme;
  readonly segments: { readonly probabilities: readonly number[]; readonly labels: readonly string[] };
  /** Summary CSV columns; `cost` columns are added by the pipeline when cost is present. */
  readonly summaryColumns: readonly SummaryColumn[];
}

const col = (key: string, header: string): SummaryColumn => Object.freeze({ key, header });

/** The sums and raw rates, in the recipe's order and names: both presets' summaries carry them. */
const FUNNEL_COLUMNS: readonly SummaryColumn[] = [
    col('impressions', 'impressions'),
    col('clicks', 'clicks'),
    col('addToCart', 'add_to_cart'),
    col('purchases', 'purchases'),
    col('revenue', 'revenue'),
    col('ctr', 'ctr'),
    col('atcRate', 'atc_rate'),
    col('purchaseRate', 'purchase_rate'),
    col('overallConversion', 'overall_conv'),
    col('rpc', 'rpc'),
    col('rpi', 'rpi'),
];

/** The pandas notebook recipe, column for column. */
const classic: Preset = Object.freeze({
  name: 'classic',
  rates: 'meanOfRowRatios',
  followerCount: 'first',
  scoring: defineScoring({
    metrics: [
      { metric: 'overallConversion', weight: 0.3, normalize: 'none' },
      { metric: 'rpc', weight: 0.3, normalize: 'none' },
      { metric: 'ctr', weight: 0.2, normalize: 'none' },
      { metric: 'purchaseRate', weight: 0.2, normalize: 'none' },
    ],
    missing: 'null',
  }),
  segments: Object.freeze({ probabilities: Object.freeze([0.33, 0.66]), labels: Object.freeze(['Low Performer', 'Mid Performer', 'High Performer']) }),
  summaryColumns: Object.freeze([
    col('influencerId', 'influencer_id'),
    ...FUNNEL_COLUMNS,
    col('followerCount', 'follower_count'),
    col('category', 'category'),
    col('score', 'influencer_score'),
    col('segment', 'segment_3'),
  ]),
});

/**
 * Ratio-of-sums rates; the classic recipe's four metrics and weights, but scored on their
 * empirical-Bayes shrunk values (so small samples cannot top the ranking) and percentile-rank
 * normalised (so no metric decides alone by its units); terciles Low / Mid / High.
 */
const defaultPreset: Preset = Object.freeze({
  name: 'default',
  rates: 'ratioOfSums',
  followerCount: 'latest',
  scoring: defineScoring({
    metrics: [
      { metric: 'overallConversionShrunk', weight: 0.3 },
      { metric: 'rpcShrunk', weight: 0.3 },
      { metric: 'ctrShrunk', weight: 0.2 },
      { metric: 'purchaseRateShrunk', weight: 0.2 },
    ],
    missing: 'worst',
  }),
  segments: Object.freeze({ probabilities: Object.freeze([1 / 3, 2 / 3]), labels: Object.freeze(['Low', 'Mid', 'High']) }),
  summaryColumns: Object.freeze([
    col('influencerId', 'influencer_id'),
    col('category', 'category'),
    col('followerCount', 'follower_count'),
    col('rows', 'rows'),
    ...FUNNEL_COLUMNS,
    col('ctrShrunk', 'ctr_shrunk'),
    col('atcRateShrunk', 'atc_rate_shrunk'),
    col('purchaseRateShrunk', 'purchase_rate_shrunk'),
    col('overallConversionShrunk', 'overall_conv_shrunk'),
    col('rpcShrunk', 'rpc_shrunk'),
    col('rpiShrunk', 'rpi_shrunk'),
    col('score', 'score'),
    col('rank', 'rank'),
    col('segment', 'segment'),
  ]),
});

/**
 * The built-in presets.
 * @example
 * ```ts
 * presets.classic.scoring.metrics.map((m) => m.weight); // [0.3, 0.3, 0.2, 0.2]
 * analyze(events, { preset: 'classic' });
 * ```
 */
export const presets: Readonly<Record<PresetName, Preset>> = Object.freeze({ default: defaultPreset, classic });
