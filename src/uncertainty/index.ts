/**
 * How sure each ranking is: posterior draws of the funnel, rank intervals and P(top k), pairwise
 * and period comparisons, and the funnel plot. Pure, seeded and columnar (see docs/uncertainty.md).
 * @module
 */
export { rankIntervals, rankIntervalColumnsOf, type RankInterval, type RankIntervalColumns } from './rank-intervals.js';
export { compareInfluencers, type InfluencerComparison, type PairwiseOutcome } from './compare-influencers.js';
export { comparePeriodTotals, type PeriodTotals, type PeriodComparison, type PeriodInfluencer, type PeriodMetrics, type PeriodChange } from './compare-periods.js';
export { funnelPlot, type FunnelPlot, type FunnelPlotOptions, type FunnelPlotMetric, type FunnelPoint, type FunnelLimit } from './funnel-plot.js';
export { benjaminiHochberg } from './multiple-testing.js';
export {
  toFunnelColumns,
  type FunnelColumns,
  type FunnelLine,
  type NumberColumn,
  type UncertaintyPriors,
  type FunnelLinesSource,
  type FunnelColumnsSource,
  type SourceScheme,
  type UncertaintySource,
} from './columns.js';
export { DRAWN_METRICS, type DrawnMetric } from './draws.js';
export {
  defaultDraws,
  DEFAULT_LEVEL,
  DEFAULT_K,
  DEFAULT_SEED,
  type DrawOptions,
  type RankIntervalOptions,
  type CompareInfluencersOptions,
  type ComparePeriodOptions,
} from './options.js';
export { posteriorOf, posteriorOfTotals, type FunnelPosterior } from './posterior.js';
export { checkedTotals, type Totals } from './columns.js';
