/**
 * Chart-ready, tidy arrays. Nothing here renders: every shape is plain data that Vega-Lite,
 * Chart.js, Observable Plot or ECharts take as it is.
 * @module
 */
export { segmentShare, type SegmentShareDatum } from './segment-share.js';
export { topN, type TopNDatum, type TopNOptions } from './top-n.js';
export { segmentProfile, DEFAULT_PROFILE_METRICS, type SegmentProfileDatum, type SegmentProfileOptions } from './segment-profile.js';
export { metricHeatmap, DEFAULT_HEATMAP_METRICS, type HeatmapDatum, type MetricHeatmapOptions } from './metric-heatmap.js';
export { funnelFlow, type FunnelStep, type FunnelStepDatum } from './funnel-flow.js';
export { trend, DEFAULT_TREND_METRICS, type TrendDatum, type TrendOptions, type TrendRow, type TrendMetric, type TrendTotal } from './trend.js';
export { periodOf, PERIOD_UNITS, type Period, type PeriodUnit } from './periods.js';
export { STATISTICS, isRateMetric, type Statistic } from './statistics.js';
export { metricLabel, METRIC_LABELS } from './labels.js';
