/**
 * The one-call pipeline: rows in, a per-influencer report with metrics, score, rank, segment and
 * chart data out.
 * @module
 */
import {
  aggregateWithPeriods,
  columnsOfGroups,
  hasUnreadGroups,
  mergeAggregates,
  unreadGroupColumns,
  type Aggregate,
  type GroupColumns,
  type InfluencerTotals,
} from './aggregate.js';
import { isoDayNumber, PeriodCells, type PeriodTable } from './period-cells.js';
import {
  DEFAULT_HEATMAP_METRICS,
  DEFAULT_PROFILE_METRICS,
  funnelFlow,
  metricHeatmap,
  segmentProfile,
  segmentShare,
  topN,
  trend,
  type FunnelStepDatum,
  type HeatmapDatum,
  type PeriodUnit,
  type SegmentProfileDatum,
  type SegmentShareDatum,
  type TopNDatum,
  type TrendDatum,
} from './charts.js';
import { toCSV, type CsvOptions } from './csv.js';
import { InvalidInputError, InvalidOptionsError } from './errors.js';
import { partialsValue } from './exact-sum.js';
import { parseEvents, parseEventsCSV, type ParsedEvents } from './ingest/parse.js';
import type { RowReport } from './ingest/report.js';
import { ratioOf } from './metrics.js';
import { presets, type Preset, type PresetName, type SummaryColumn } from './presets.js';
import type { IngestOptions } from './schema.js';
import { defineScoring, scoreArrays, type ScoringScheme, type ScoringSchemeInput } from './scoring.js';
import { labelFor, segmentCutsOf, type SegmentOptions } from './segment.js';
import { errorsOn, estimatesOfColumns, orNull, type EstimateArrays, type EstimateErrors, type Priors, type SmallSampleFields } from './small-sample.js';
import type { FunnelMetrics } from './types.js';

/** Options of {@link analyze}. */
export interface AnalyzeOptions extends IngestOptions {
  /** `default` (ratio-of-sums, shrunk rates, percentile ranks, terciles) or `classic` (the pandas recipe). */
  readonly preset?: PresetName;
  /** A scoring scheme replacing the preset's. */
  readonly scoring?: ScoringScheme | ScoringSchemeInput;
  /** Segmentation replacing the preset's (always on the score). */
  readonly segments?: Omit<SegmentOptions<InfluencerReport>, 'by'>;
  /** How many influencers the top-by-revenue chart shows (default 20). */
  readonly topN?: number;
  /**
   * Period of the trend chart (default `auto`: day up to 120 days of data, week up to two years, else
   * month). With `periods` summed by `aggregateEventsCSV`, the unit must be one those totals can show
   * (`periods: true` gives the `auto` unit; `'day'` any).
   */
  readonly trendPeriod?: PeriodUnit | 'auto';
}

/**
 * One influencer's line of the report: sums, raw rates, and for each rate its Wilson bounds
 * (`ctrLow`, `ctrHigh`...) and empirical-Bayes estimate (`ctrShrunk`...; also `rpcShrunk`,
 * `rpiShrunk`), computed from the summed counts (see docs/scoring.md).
 */
export interface InfluencerReport extends Omit<InfluencerTotals, 'state'>, FunnelMetrics, SmallSampleFields {
  readonly score: number | null;
  readonly rank: number | null;
  readonly segment: string | null;
  readonly contributions: Readonly<Record<string, number>>;
}

/** Chart-ready data of the report. */
export interface ReportCharts {
  /** Influencers per segment, label order (pie). */
  readonly segmentShare: SegmentShareDatum[];
  /** Top influencers by revenue, largest first (bars; empty without revenue). */
  readonly topByRevenue: TopNDatum[];
  /** Mean of each metric per segment (bar plots per metric). */
  readonly segmentProfile: SegmentProfileDatum[];
  /** Overall funnel of the used rows. */
  readonly funnelFlow: FunnelStepDatum[];
  /** Segment x metric means, with per-column normalised values (heatmap). */
  readonly heatmap: HeatmapDatum[];
  /** Totals and ratio-of-sums rates per period, one line per segment. */
  readonly trend: TrendDatum[];
}

/** The chart data of a report (see {@link ReportCharts}). */
function reportCharts(trendData: ReportCharts['trend'], influencers: readonly InfluencerReport[], labels: readonly string[], options: AnalyzeOptions): ReportCharts {
  const withCost = influencers.some((i) => i.cost !== null);
  const costMetrics = withCost ? ['roas', 'cpa'] : [];
  return {
    segmentShare: segmentShare(influencers, labels),
    topByRevenue: topN(influencers, { metric: 'revenue', n: options.topN ?? 20 }),
    segmentProfile: segmentProfile(influencers, { labels, metrics: [...DEFAULT_PROFILE_METRICS, ...costMetrics], statistic: 'mean' }),
    funnelFlow: funnelFlow(influencers),
    heatmap: metricHeatmap(influencers, { by: 'segment', order: labels, metrics: [...DEFAULT_HEATMAP_METRICS, ...costMetrics], statistic: 'mean' }),
    trend: trendData,
  };
}

/** The result of {@link analyze}; `JSON.stringify` gives what the CLI's `--json` writes. */
export interface AnalyzeReport {
  readonly preset: PresetName;
  /** One line per influencer: classic in id order, default in rank order. */
  readonly influencers: InfluencerReport[];
  /** Segment cut values on the score. */
  readonly cuts: number[];
  /** Segment labels, lowest first. */
  readonly segments: string[];
  /** The priors behind the shrunk estimates (mean and strength per metric) and the interval confidence. */
  readonly priors: Priors;
  /**
   * Chart data. Computed on first read and kept (a job that only writes the summary never pays for
   * it); `JSON.stringify`, `structuredClone` and spreading read it like any property.
   */
  readonly charts: ReportCharts;
  /** The row report of the input. */
  readonly input: RowReport;
}

/** Events already summed (e.g. by `aggregateEventsCSV` in `influencer-funnel/node`) with their row report. */
export interface AggregatedInput {
  /**
   * An `aggregate` result. Its groups' exact state carries the money noise behind `rpcShrunk` /
   * `rpiShrunk`, so any grouping gives the report rows give. Grouped by `date` (alone or with other
   * dimensions), it also gives the report its trend; without `date` (and without `periods`) the
   * trend is empty.
   */
  readonly aggregate: { readonly by: readonly string[]; readonly groups: readonly InfluencerTotals[] };
  readonly report: RowReport;
  /**
   * Totals per influencer and period for the trend (`aggregateEventsCSV(path, { periods: true })`),
   * beside a per-influencer aggregate: the same report as rows, without a group per influencer and day.
   */
  readonly periods?: PeriodTable;
}

/** What {@link analyze} reads: parsed events, raw records, CSV text, or an aggregate with its report. */
export type AnalyzeInput = ParsedEvents | AggregatedInput | readonly unknown[] | string;

function isAggregated(input: unknown): input is AggregatedInput {
  const value = input as AggregatedInput | null;
  if (!value || typeof value !== 'object' || !value.aggregate || !value.report) return false;
  // An aggregate straight from the accumulator is one without reading (so building) its groups.
  return hasUnreadGroups(value.aggregate as Aggregate<string>) || Array.isArray(value.aggregate.groups);
}

/** Cells per influencer and period of an aggregate grouped by date (its exact money terms carried over). */
function cellsOfDateGroups(groups: readonly InfluencerTotals[], granularity: PeriodUnit | 'auto'): PeriodTable {
  const cells = new PeriodCells(granularity);
  const v = cells.row;
  const slots = new Map<string, number>();
  const ids: string[] = [];
  for (const group of groups) {
    const date = (group as unknown as { date?: string | null }).date ?? null;
    if (date === null) continue;
    const day = isoDayNumber(date);
    if (day !== day) throw new InvalidInputError(`The aggregate has the date "${date}", not an ISO date (YYYY-MM-DD).`, { value: date });
    let g = slots.get(group.influencerId);
    if (g === undefined) {
      slots.set(group.influencerId, (g = ids.length));
      ids.push(group.influencerId);
    }
    const { revenue, cost, revenueRows, costRows } = group.state;
    // The counts with the first money terms, then any further terms alone.
    const terms = Math.max(revenue.length, cost.length, 1);
    for (let k = 0; k < terms; k++) {
      const first = k === 0;
      v[0] = first ? group.rows : 0;
      v[1] = first ? group.impressions : 0;
      v[2] = first ? group.clicks : 0;
      v[3] = first ? group.addToCart : 0;
      v[4] = first ? group.purchases : 0;
      v[5] = revenue[k] ?? (first && revenueRows > 0 ? 0 : NaN);
      v[6] = cost[k] ?? (first && costRows > 0 ? 0 : NaN);
      v[7] = first ? revenueRows : 0;
      v[8] = first ? costRows : 0;
      cells.add(g, day);
    }
  }
  return cells.table(ids);
}

/**
 * Per-influencer totals (with the exact state the money noise reads) and totals per influencer and
 * period of any input. Rows are summed in one pass, so rows and a streamed aggregate give the same
 * report.
 */
function summed(
  input: AnalyzeInput,
  options: AnalyzeOptions,
  withRowRates: boolean,
): { columns: GroupColumns; errors: EstimateErrors; periods: PeriodTable | null; report: RowReport } {
  const granularity = options.trendPeriod ?? 'auto';
  if (isAggregated(input)) {
    const agg = input.aggregate as Aggregate<string>;
    const perInfluencer: Aggregate<string> = agg.by.length === 0 ? agg : (mergeAggregates([agg], { by: [] }) as unknown as Aggregate<string>);
    const { columns, errors } = columnsOf(perInfluencer, withRowRates);
    if (input.periods !== undefined) {
      const p = input.periods as PeriodTable | null;
      if (!p || typeof p !== 'object' || !(p.influencer instanceof Int32Array) || !Array.isArray(p.ids)) {
        throw new InvalidInputError('`periods` must be the per-period totals `aggregateEventsCSV(path, { periods: true })` returns.');
      }
      return { columns, errors, periods: p, report: input.report };
    }
    const byDate = agg.by.includes('date') ? (agg.by.length === 1 ? agg : mergeAggregates([agg], { by: ['date'] })) : null;
    return { columns, errors, periods: byDate ? cellsOfDateGroups(byDate.groups, granularity) : null, report: input.report };
  }
  const parsed = toParsed(input, options);
  if (!Array.isArray(parsed.rows)) throw new InvalidInputError('analyze requires parsed events with an array of rows.');
  const { influencers, periods } = aggregateWithPeriods(parsed.rows, withRowRates, granularity);
  return { ...columnsOf(influencers, withRowRates), periods, report: parsed.report };
}

/**
 * The per-influencer columns of an aggregate: read off the accumulator while its groups are unread
 * (no group object is built), else off the groups; errors are reported on the groups.
 */
function columnsOf<D extends string>(agg: Aggregate<D>, withRowRates: boolean): { columns: GroupColumns; errors: EstimateErrors } {
  const direct = unreadGroupColumns(agg, withRowRates);
  if (direct) return { columns: direct, errors: errorsOn(() => agg.groups) };
  const groups = agg.groups;
  return { columns: columnsOfGroups(groups, withRowRates), errors: errorsOn(() => groups) };
}

function toParsed(input: AnalyzeInput, options: AnalyzeOptions): ParsedEvents {
  const ingest: IngestOptions = {
    ...(options.columns !== undefined && { columns: options.columns }),
    ...(options.dateFormat !== undefined && { dateFormat: options.dateFormat }),
    ...(options.strict !== undefined && { strict: options.strict }),
    ...(options.maxErrors !== undefined && { maxErrors: options.maxErrors }),
  };
  if (typeof input === 'string') return parseEventsCSV(input, ingest);
  if (Array.isArray(input)) return parseEvents(input, ingest);
  if (input && typeof input === 'object' && Array.isArray((input as ParsedEvents).rows) && (input as ParsedEvents).report) {
    return input as ParsedEvents;
  }
  throw new InvalidInputError('analyze requires parsed events ({ rows, report }), an aggregate with its report ({ aggregate, report }), an array of records, or CSV text.');
}

/**
 * Runs the whole pipeline: validate, aggregate per influencer, funnel metrics, score, rank,
 * segment, and chart data. Inputs are not mutated; shuffling input rows changes nothing in the
 * `default` preset's output (the `classic` preset keeps the recipe's first-row follower count).
 *
 * @example
 * ```ts
 * const report = analyze(parseEventsCSV(csvText));
 * report.input; // { rows: 3000, used: 3000, rejected: 0, ... }
 * report.influencers[0]; // { influencerId: '3', ..., ctr: 0.0331, ctrShrunk: 0.0331, ..., score: 0.96, rank: 1, segment: 'High' }
 * report.priors.purchaseRate; // { mean: 0.23, strength: 43.7, ... }: what small samples were shrunk toward
 * const classic = analyze(csvText, { preset: 'classic' });
 * // or from the streaming reader, the same report: analyze(await aggregateEventsCSV('events.csv', { periods: true }))
 * ```
 */
export function analyze(input: AnalyzeInput, options: AnalyzeOptions = {}): AnalyzeReport {
  const presetName = options.preset ?? 'default';
  const preset = presets[presetName];
  if (!preset || !Object.prototype.hasOwnProperty.call(presets, presetName)) {
    throw new InvalidOptionsError(`Unknown preset "${String(presetName)}": use "default" or "classic".`, [{ path: 'preset', message: 'unknown preset' }]);
  }
  const scheme = options.scoring ? defineScoring(options.scoring as ScoringSchemeInput) : preset.scoring;
  const rowRates = preset.rates === 'meanOfRowRatios';
  const { columns: totals, errors, periods, report } = summed(input, options, rowRates);
  const n = totals.ids.length;
  if (rowRates && n > 0 && !totals.rowRateMeans) {
    throw new InvalidInputError('The classic preset averages per-row rates: aggregate with `rowRates: true` (the default) to use it on an aggregate.');
  }

  // One object per influencer, built once from the totals' columns: totals, metrics and estimates
  // as one literal, then the score, rank, contributions and segment stored on it (no copy per
  // stage). The statistics run on typed arrays (NaN: null).
  const estimates = estimatesOfColumns(totals, 0.95, errors);
  const rows: ReportRow[] = new Array(n);
  const columns = estimateColumns(estimates);
  for (let i = 0; i < n; i++) rows[i] = reportLine(totals, i, preset, columns);
  const { scores, ranks, contributions } = scoreArrays(rows, scheme, (metric) => (Object.prototype.hasOwnProperty.call(columns, metric) ? columns[metric as keyof EstimateColumns] : undefined));
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    row.score = orNull(scores[i]!);
    row.rank = orNull(ranks[i]!);
    row.contributions = contributions[i]!;
  }
  const segmentOptions = options.segments ?? { probabilities: preset.segments.probabilities, labels: preset.segments.labels };
  const { cuts, labels } = segmentCutsOf(() => scores, { ...segmentOptions } as Omit<SegmentOptions<never>, 'by'>);
  if (cuts.length) for (let i = 0; i < n; i++) rows[i]!.segment = labelFor(rows[i]!.score, cuts, labels);
  let influencers = rows as unknown as InfluencerReport[];
  if (preset.name === 'default') influencers = byRank(influencers, ranks);
  const priors = estimates.priors;

  // The trend checks its options and the period table: computed now, so bad input fails here. The
  // other charts only read the report lines; they are computed on first read of `charts`.
  const trendData = trend(periods ?? [], { period: options.trendPeriod ?? 'auto', by: 'segment', segments: influencers, labels });
  const topCount = options.topN ?? 20;
  if (!Number.isInteger(topCount) || topCount < 0) {
    throw new InvalidOptionsError(`analyze: \`topN\` must be a non-negative integer, got ${String(topCount)}.`, [{ path: 'topN', message: 'expected a non-negative integer' }]);
  }
  const out = { preset: preset.name, influencers, cuts: [...cuts], segments: [...labels], priors } as Omit<AnalyzeReport, 'charts' | 'input'>;
  let charts: ReportCharts | undefined;
  Object.defineProperty(out, 'charts', {
    enumerable: true,
    configurable: true,
    get: () => (charts ??= reportCharts(trendData, influencers, labels, options)),
    set: (value: ReportCharts) => {
      charts = value;
    },
  });
  (out as { input?: RowReport }).input = report;
  return out as AnalyzeReport;
}

type ReportRow = ReturnType<typeof reportLine>;

/** Each estimate field of the report lines with its values (`NaN`: null). */
type EstimateColumns = Readonly<Record<keyof SmallSampleFields, Float64Array>>;

/** The estimate arrays by report field name. */
function estimateColumns(estimates: EstimateArrays): EstimateColumns {
  return {
    ctrLow: estimates.rates.ctr.low,
    ctrHigh: estimates.rates.ctr.high,
    ctrShrunk: estimates.rates.ctr.shrunk,
    atcRateLow: estimates.rates.atcRate.low,
    atcRateHigh: estimates.rates.atcRate.high,
    atcRateShrunk: estimates.rates.atcRate.shrunk,
    purchaseRateLow: estimates.rates.purchaseRate.low,
    purchaseRateHigh: estimates.rates.purchaseRate.high,
    purchaseRateShrunk: estimates.rates.purchaseRate.shrunk,
    overallConversionLow: estimates.rates.overallConversion.low,
    overallConversionHigh: estimates.rates.overallConversion.high,
    overallConversionShrunk: estimates.rates.overallConversion.shrunk,
    rpcShrunk: estimates.money.rpc,
    rpiShrunk: estimates.money.rpi,
  };
}

/**
 * Lines in rank order (null ranks last), lines of equal rank in input order: a stable counting
 * sort on the ranks (1 to n, `NaN`: null).
 */
function byRank<T>(lines: readonly T[], ranks: Float64Array): T[] {
  const n = lines.length;
  const starts = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) {
    const r = ranks[i]!;
    const slot = r === r ? r : n + 1;
    starts[slot] = starts[slot]! + 1;
  }
  for (let r = 0, at = 0; r < n + 2; r++) {
    const count = starts[r]!;
    starts[r] = at;
    at += count;
  }
  const out: T[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = ranks[i]!;
    const slot = r === r ? r : n + 1;
    out[starts[slot]!] = lines[i]!;
    starts[slot] = starts[slot]! + 1;
  }
  return out;
}

/**
 * Influencer `i`'s report line as one object literal (named keys keep V8's objects fast), fields in
 * summary order; `score`, `rank`, `contributions` and `segment` are filled in afterwards. The
 * `classic` preset's rates are the means of its per-row rates.
 */
function reportLine(t: GroupColumns, i: number, preset: Preset, e: EstimateColumns) {
  const impressions = t.impressions[i]!;
  const clicks = t.clicks[i]!;
  const addToCart = t.addToCart[i]!;
  const purchases = t.purchases[i]!;
  const revenue = t.revenue[i]!;
  const cost = t.cost[i]!;
  const means = preset.rates === 'ratioOfSums' ? null : t.rowRateMeans;
  const ctrLow = e.ctrLow[i]!;
  const ctrHigh = e.ctrHigh[i]!;
  const ctrShrunk = e.ctrShrunk[i]!;
  const atcRateLow = e.atcRateLow[i]!;
  const atcRateHigh = e.atcRateHigh[i]!;
  const atcRateShrunk = e.atcRateShrunk[i]!;
  const purchaseRateLow = e.purchaseRateLow[i]!;
  const purchaseRateHigh = e.purchaseRateHigh[i]!;
  const purchaseRateShrunk = e.purchaseRateShrunk[i]!;
  const overallConversionLow = e.overallConversionLow[i]!;
  const overallConversionHigh = e.overallConversionHigh[i]!;
  const overallConversionShrunk = e.overallConversionShrunk[i]!;
  const rpcShrunk = e.rpcShrunk[i]!;
  const rpiShrunk = e.rpiShrunk[i]!;
  return {
    influencerId: t.ids[i]!,
    rows: orNull(t.rows[i]!),
    impressions,
    clicks,
    addToCart,
    purchases,
    revenue: orNull(revenue),
    cost: orNull(cost),
    followerCount: orNull(preset.followerCount === 'first' ? t.firstFollowers[i]! : t.latestFollowers[i]!),
    category: t.category[i]!,
    firstDate: t.firstDate[i]!,
    lastDate: t.lastDate[i]!,
    ctr: means ? orNull(means.ctr[i]!) : ratioOf(clicks, impressions),
    atcRate: means ? orNull(means.atcRate[i]!) : ratioOf(addToCart, clicks),
    purchaseRate: means ? orNull(means.purchaseRate[i]!) : ratioOf(purchases, addToCart),
    overallConversion: means ? orNull(means.overallConversion[i]!) : ratioOf(purchases, impressions),
    rpc: means ? orNull(means.rpc[i]!) : ratioOf(revenue, clicks),
    rpi: means ? orNull(means.rpi[i]!) : ratioOf(revenue, impressions),
    roas: ratioOf(revenue, cost),
    cpa: ratioOf(cost, purchases),
    cpc: ratioOf(cost, clicks),
    cpm: ratioOf(1000 * cost, impressions),
    ctrLow: ctrLow === ctrLow ? ctrLow : null,
    ctrHigh: ctrHigh === ctrHigh ? ctrHigh : null,
    ctrShrunk: ctrShrunk === ctrShrunk ? ctrShrunk : null,
    atcRateLow: atcRateLow === atcRateLow ? atcRateLow : null,
    atcRateHigh: atcRateHigh === atcRateHigh ? atcRateHigh : null,
    atcRateShrunk: atcRateShrunk === atcRateShrunk ? atcRateShrunk : null,
    purchaseRateLow: purchaseRateLow === purchaseRateLow ? purchaseRateLow : null,
    purchaseRateHigh: purchaseRateHigh === purchaseRateHigh ? purchaseRateHigh : null,
    purchaseRateShrunk: purchaseRateShrunk === purchaseRateShrunk ? purchaseRateShrunk : null,
    overallConversionLow: overallConversionLow === overallConversionLow ? overallConversionLow : null,
    overallConversionHigh: overallConversionHigh === overallConversionHigh ? overallConversionHigh : null,
    overallConversionShrunk: overallConversionShrunk === overallConversionShrunk ? overallConversionShrunk : null,
    rpcShrunk: rpcShrunk === rpcShrunk ? rpcShrunk : null,
    rpiShrunk: rpiShrunk === rpiShrunk ? rpiShrunk : null,
    score: null as number | null,
    rank: null as number | null,
    contributions: EMPTY_CONTRIBUTIONS as Record<string, number>,
    segment: null as string | null,
  };
}

const EMPTY_CONTRIBUTIONS: Record<string, number> = Object.freeze({}) as Record<string, number>;

/**
 * The summary CSV columns of a report: the preset's, plus cost columns when the data has cost.
 *
 * @example
 * ```ts
 * const classic = analyze(events, { preset: 'classic' });
 * summaryColumns(classic).map((c) => c.header).slice(0, 3); // ['influencer_id', 'impressions', 'clicks']
 * ```
 */
export function summaryColumns(report: AnalyzeReport): SummaryColumn[] {
  const columns = [...presets[report.preset].summaryColumns];
  if (report.preset === 'default' && report.influencers.some((i) => i.cost !== null)) {
    const at = columns.findIndex((c) => c.key === 'score');
    columns.splice(
      at,
      0,
      { key: 'cost', header: 'cost' },
      { key: 'roas', header: 'roas' },
      { key: 'cpa', header: 'cpa' },
      { key: 'cpc', header: 'cpc' },
      { key: 'cpm', header: 'cpm' },
    );
  }
  return columns;
}

/**
 * The report's summary as CSV, with the preset's columns (classic: the pandas recipe's header).
 *
 * @example
 * ```ts
 * await fs.writeFile('summary.csv', summaryCSV(analyze(events, { preset: 'classic' })));
 * ```
 */
export function summaryCSV(report: AnalyzeReport, options: Omit<CsvOptions<InfluencerReport>, 'columns'> = {}): string {
  return toCSV(report.influencers, { ...options, columns: summaryColumns(report) as never });
}
