/**
 * influencer-funnel: who actually sells. Typed, pure functions from influencer event rows to
 * funnel metrics, scores, segments, chart-ready data and safe CSV.
 * @module influencer-funnel
 */
export { ctr, atcRate, purchaseRate, overallConversion, rpc, rpi, roas, cpa, cpc, cpm, engagementRate, cpe, funnelMetrics, METRICS, METRIC_NAMES } from './metrics/funnel-metrics.js';
export type { EventRow, FunnelTotals, FunnelMetrics, MetricName } from './contract/types.js';
export { exactSum } from './base/exact-sum.js';
export { compareIds } from './base/ids.js';
export { FIELDS, EVENT_FIELDS, NUMBER_FIELDS, TEXT_FIELDS, type EventField, type FieldSpec, type NumberField, type TextField } from './contract/fields.js';
export {
  InfluencerFunnelError,
  MissingColumnError,
  DuplicateColumnError,
  InvalidOptionsError,
  InvalidInputError,
  StrictModeError,
  EmptyInputError,
  NoUsableRowError,
  type ErrorCode,
} from './contract/errors.js';
export { eventRowSchema, ingestOptionsSchema, columnMappingSchema, type IngestOptions, type ColumnMapping } from './contract/schema.js';
export { parseEvents, parseEventsCSV, type ParsedEvents } from './ingest/parse.js';
export { eventRows, eventTableOf, type EventTable, type TextColumn, type EventColumns } from './ingest/event-table.js';
export type { CsvInput } from './ingest/byte-source.js';
export { aggregateEventsCSV, type AggregateEventsOptions, type AggregatedEvents, type ScanProgress } from './aggregate/aggregate-events-csv.js';
export { readCsvRecords, CsvRecordReader } from './ingest/csv-reader.js';
export { ANOMALY_KINDS, type RowReport, type RowError, type AnomalyKind, type ColumnReport } from './ingest/report.js';
export { REJECT_REASONS, type RejectReason } from './ingest/values.js';
export {
  aggregate,
  mergeAggregates,
  ROW_RATE_NAMES,
  type Aggregate,
  type AggregateOptions,
  type GroupTotals,
  type InfluencerTotals,
  type GroupState,
  type MoneyNoise,
  type NoiseSums,
  type Dimension,
  type RowRateName,
} from './aggregate/aggregate.js';
export type { PeriodTable, PeriodGranularity } from './aggregate/period-cells.js';
export {
  wilson,
  fitBetaPrior,
  shrinkRates,
  shrinkRatios,
  RATE_COUNTS,
  MONEY_EXPOSURES,
  type WilsonInterval,
  type WilsonOptions,
  type RateCount,
  type BetaPrior,
  type ShrinkRatesOptions,
  type ShrunkRates,
  type RatioObservation,
  type RatioGroup,
  type RatioPrior,
  type ShrinkRatiosOptions,
  type ShrunkRatios,
  type IntervalRate,
  type ShrunkMoney,
} from './metrics/intervals.js';
export { smallSampleEstimates, type SmallSampleFields, type Priors, type MoneyPeriod } from './metrics/small-sample.js';
export {
  defineScoring,
  score,
  normalizeColumn,
  rankScores,
  SCORABLE_METRICS,
  InvalidSchemeError,
  type DefineScoringOptions,
  type MetricScoreDetail,
  type ScoringScheme,
  type ScoringSchemeInput,
  type SchemeMetric,
  type Normalizer,
  type MissingPolicy,
  type Scored,
} from './scoring/scoring.js';
export { compareRankings, spearman, kendallTauB, type RankingComparison, type CompareRankingsOptions, type RankedRow, type RankMove } from './scoring/compare.js';
export { explainScore, type ScoreExplanation } from './scoring/explain.js';
export { makeInfluencer, makeInfluencers, type InfluencerSpec, type InfluencerLine } from './scoring/fixtures.js';
export { segment, quantileCuts, labelFor, defaultLabels, type SegmentOptions, type SegmentResult, type Segmented, type ValueAccessor } from './scoring/segment.js';
export {
  segmentShare,
  topN,
  segmentProfile,
  metricHeatmap,
  funnelFlow,
  trend,
  periodOf,
  metricLabel,
  isRateMetric,
  METRIC_LABELS,
  STATISTICS,
  PERIOD_UNITS,
  DEFAULT_PROFILE_METRICS,
  DEFAULT_HEATMAP_METRICS,
  DEFAULT_TREND_METRICS,
  type SegmentShareDatum,
  type TopNDatum,
  type TopNOptions,
  type SegmentProfileDatum,
  type SegmentProfileOptions,
  type HeatmapDatum,
  type MetricHeatmapOptions,
  type FunnelStep,
  type FunnelStepDatum,
  type TrendDatum,
  type TrendOptions,
  type TrendRow,
  type TrendMetric,
  type TrendTotal,
  type Period,
  type PeriodUnit,
  type Statistic,
} from './charts/index.js';
export { toCSV, csvChunks, formatCell, type CsvOptions, type CsvColumn } from './output/csv.js';
export { toSQL, type ToSQLOptions, type SqlDialect, type OptionalSqlField } from './sql/to-sql.js';
export { fromSQL, type SqlRow, type SqlResult, type SqlAggregate } from './sql/from-sql.js';
export { presets, type Preset, type PresetName, type SummaryColumn } from './scoring/presets.js';
export { analyze, type AnalyzeOptions, type AnalyzeReport, type AnalyzeInput, type AggregatedInput, type ReportCharts } from './pipeline/analyze.js';
export type { InfluencerReport } from './pipeline/report.js';
export { summaryCSV, summaryColumns } from './pipeline/summary.js';
export {
  rankIntervals,
  compareInfluencers,
  comparePeriodTotals,
  funnelPlot,
  benjaminiHochberg,
  toFunnelColumns,
  defaultDraws,
  DRAWN_METRICS,
  type RankInterval,
  type InfluencerComparison,
  type PairwiseOutcome,
  type PeriodTotals,
  type PeriodComparison,
  type PeriodInfluencer,
  type PeriodMetrics,
  type PeriodChange,
  type FunnelPlot,
  type FunnelPlotOptions,
  type FunnelPlotMetric,
  type FunnelPoint,
  type FunnelLimit,
  type DrawnMetric,
  type UncertaintySource,
  type FunnelColumns,
  type FunnelLine,
  type UncertaintyPriors,
} from './uncertainty/index.js';
