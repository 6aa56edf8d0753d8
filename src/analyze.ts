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
  type RowRateName,
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
import { columnsCSV, toCSV, type CsvOptions } from './csv.js';
import { InvalidInputError, InvalidOptionsError } from './errors.js';
import { partialsValue } from './exact-sum.js';
import { parseEvents, parseEventsCSV, type ParsedEvents } from './ingest/parse.js';
import type { RowReport } from './ingest/report.js';
import { ratioOf } from './metrics.js';
import { presets, type Preset, type PresetName, type SummaryColumn } from './presets.js';
import type { IngestOptions } from './schema.js';
import { defineScoring, resolveScheme, scoreResolved, type ScoringScheme, type ScoringSchemeInput } from './scoring.js';
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
  /**
   * One line per influencer: classic in id order, default in rank order. Built on first read and
   * kept (`summaryCSV` writes a report whose lines were never read straight from its columns);
   * `JSON.stringify`, `structuredClone` and spreading read it like any property.
   */
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

  // The report is held as columns (NaN: null): totals, metrics and estimates, then score, rank,
  // segment and contributions. The statistics run on typed arrays; the line objects are built on
  // first read of `influencers`, and `summaryCSV` writes straight from the columns.
  const estimates = estimatesOfColumns(totals, 0.95, errors);
  const table = reportColumns(totals, preset, estimates);
  // The scheme is resolved against the lines' fields: every line has the same ones.
  const s = resolveScheme(n > 0 ? [reportLine(table, 0)] : [], scheme);
  const { scores, ranks, parts } = scoreResolved(
    s,
    s.metrics.map(({ metric }) => finiteColumn(numberColumnOf(table, metric), n)),
  );
  table.score = scores;
  table.rank = ranks;
  table.names = s.metrics.map((x) => x.metric);
  table.parts = parts;
  const segmentOptions = options.segments ?? { probabilities: preset.segments.probabilities, labels: preset.segments.labels };
  const { cuts, labels } = segmentCutsOf(() => scores, { ...segmentOptions } as Omit<SegmentOptions<never>, 'by'>);
  if (cuts.length) for (let i = 0; i < n; i++) table.segment[i] = labelFor(orNull(scores[i]!), cuts, labels);
  if (preset.name === 'default') table.order = rankOrder(ranks);
  const priors = estimates.priors;

  // The trend checks its options and the period table: computed now, so bad input fails here. The
  // other charts only read the report lines; they are computed on first read of `charts`.
  // Each influencer's segment, for the trend's lines (none to give without periods: the trend is empty).
  const segmentOf = periods === null ? [] : table.ids.map((influencerId, i) => ({ influencerId, segment: table.segment[i]! }));
  const trendData = trend(periods ?? [], { period: options.trendPeriod ?? 'auto', by: 'segment', segments: segmentOf, labels });
  const topCount = options.topN ?? 20;
  if (!Number.isInteger(topCount) || topCount < 0) {
    throw new InvalidOptionsError(`analyze: \`topN\` must be a non-negative integer, got ${String(topCount)}.`, [{ path: 'topN', message: 'expected a non-negative integer' }]);
  }
  const out = { preset: preset.name } as { -readonly [K in keyof AnalyzeReport]: AnalyzeReport[K] };
  let influencers: InfluencerReport[] | null = null;
  let unread: ReportColumns | null = table;
  Object.defineProperty(out, 'influencers', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (influencers === null) {
        influencers = linesOf(unread!);
        unread = null;
      }
      return influencers;
    },
    set: (value: InfluencerReport[]) => {
      influencers = value;
      unread = null;
    },
  });
  out.cuts = [...cuts];
  out.segments = [...labels];
  out.priors = priors;
  let charts: ReportCharts | undefined;
  Object.defineProperty(out, 'charts', {
    enumerable: true,
    configurable: true,
    get: () => (charts ??= reportCharts(trendData, out.influencers, labels, options)),
    set: (value: ReportCharts) => {
      charts = value;
    },
  });
  const source: ReportSource = {
    get unread() {
      return unread;
    },
  };
  Object.defineProperty(out, REPORT_COLUMNS, { value: source });
  out.input = report;
  return out as AnalyzeReport;
}

/**
 * Where a report keeps its columns until its lines are read: a symbol, not enumerable, so not
 * data; a registered one, as the Node entry point may bundle its own copy of this module.
 */
const REPORT_COLUMNS = Symbol.for('influencer-funnel.reportColumns.v1');

interface ReportSource {
  /** The columns while nobody has read (nor set) `influencers`; null after. */
  readonly unread: ReportColumns | null;
}

/** The columns of a report whose lines nobody has read yet, or null. */
function unreadColumns(report: AnalyzeReport): ReportColumns | null {
  const source = (report as { [REPORT_COLUMNS]?: ReportSource } | null)?.[REPORT_COLUMNS];
  return source ? source.unread : null;
}

/**
 * How many influencers a report has, without building its lines when they are still unread.
 * @internal
 */
export function influencerCount(report: AnalyzeReport): number {
  return unreadColumns(report)?.ids.length ?? report.influencers.length;
}

/** Each estimate field of the report lines with its values (`NaN`: null). */
type EstimateColumns = Readonly<Record<keyof SmallSampleFields, Float64Array>>;

/**
 * The report as columns, in the aggregate's (id) order; `order` lists the lines in report order.
 * Numbers are `NaN` where the line holds null.
 */
interface ReportColumns
  extends EstimateColumns,
    Pick<GroupColumns, 'ids' | 'category' | 'firstDate' | 'lastDate' | 'rows' | 'impressions' | 'clicks' | 'addToCart' | 'purchases' | 'revenue' | 'cost'> {
  readonly followerCount: Float64Array;
  readonly ctr: Float64Array;
  readonly atcRate: Float64Array;
  readonly purchaseRate: Float64Array;
  readonly overallConversion: Float64Array;
  readonly rpc: Float64Array;
  readonly rpi: Float64Array;
  readonly roas: Float64Array;
  readonly cpa: Float64Array;
  readonly cpc: Float64Array;
  readonly cpm: Float64Array;
  score: Float64Array;
  rank: Float64Array;
  readonly segment: (string | null)[];
  /** Contributions: per line, one value per scheme metric (`names`). */
  names: readonly string[];
  parts: Float64Array;
  order: Int32Array;
}

/** The report fields held as number columns. */
const NUMBER_FIELDS: ReadonlySet<string> = new Set([
  'rows',
  'impressions',
  'clicks',
  'addToCart',
  'purchases',
  'revenue',
  'cost',
  'followerCount',
  'ctr',
  'atcRate',
  'purchaseRate',
  'overallConversion',
  'rpc',
  'rpi',
  'roas',
  'cpa',
  'cpc',
  'cpm',
  'ctrLow',
  'ctrHigh',
  'ctrShrunk',
  'atcRateLow',
  'atcRateHigh',
  'atcRateShrunk',
  'purchaseRateLow',
  'purchaseRateHigh',
  'purchaseRateShrunk',
  'overallConversionLow',
  'overallConversionHigh',
  'overallConversionShrunk',
  'rpcShrunk',
  'rpiShrunk',
  'score',
  'rank',
]);

/** The report fields held as text columns (`influencerId` as `ids`). */
const TEXT_FIELDS: ReadonlySet<string> = new Set(['influencerId', 'category', 'firstDate', 'lastDate', 'segment']);

/** A report field's number column, or undefined for any other field. */
function numberColumnOf(c: ReportColumns, field: string): Float64Array | undefined {
  return NUMBER_FIELDS.has(field) ? (c as unknown as Record<string, Float64Array>)[field] : undefined;
}

/** A report field's text column, or undefined for any other field. */
function textColumnOf(c: ReportColumns, field: string): readonly (string | null)[] | undefined {
  if (!TEXT_FIELDS.has(field)) return undefined;
  return field === 'influencerId' ? c.ids : (c as unknown as Record<string, readonly (string | null)[]>)[field];
}

/** A metric's values as scoring reads them: finite numbers, else NaN (all NaN for a field that holds no numbers). */
function finiteColumn(values: Float64Array | undefined, n: number): Float64Array {
  const column = new Float64Array(n);
  if (values === undefined) return column.fill(NaN);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    column[i] = Number.isFinite(v) ? v : NaN;
  }
  return column;
}

/** A ratio as a column value: {@link ratioOf}, NaN for null. */
function ratioValue(numerator: number, denominator: number): number {
  const r = ratioOf(numerator, denominator);
  return r === null ? NaN : r;
}

/** The ratio-of-sums rates of the totals, as columns (`NaN`: null). */
function ratioRates(t: GroupColumns): Record<RowRateName, Float64Array> {
  const n = t.ids.length;
  const number = () => new Float64Array(n);
  const rates = { ctr: number(), atcRate: number(), purchaseRate: number(), overallConversion: number(), rpc: number(), rpi: number() };
  for (let i = 0; i < n; i++) {
    const impressions = t.impressions[i]!;
    const clicks = t.clicks[i]!;
    const addToCart = t.addToCart[i]!;
    const purchases = t.purchases[i]!;
    const revenue = t.revenue[i]!;
    rates.ctr[i] = ratioValue(clicks, impressions);
    rates.atcRate[i] = ratioValue(addToCart, clicks);
    rates.purchaseRate[i] = ratioValue(purchases, addToCart);
    rates.overallConversion[i] = ratioValue(purchases, impressions);
    rates.rpc[i] = ratioValue(revenue, clicks);
    rates.rpi[i] = ratioValue(revenue, impressions);
  }
  return rates;
}

/**
 * The report's columns before scoring: totals, metrics (the `classic` preset's rates are the means
 * of its per-row rates) and estimates. Score, rank, segment, contributions and order are filled in
 * afterwards.
 */
function reportColumns(t: GroupColumns, preset: Preset, estimates: EstimateArrays): ReportColumns {
  const n = t.ids.length;
  const number = () => new Float64Array(n);
  // The classic preset's rates are the means of the per-row rates; the others', ratios of the sums.
  const funnel = (preset.rates === 'ratioOfSums' ? null : t.rowRateMeans) ?? ratioRates(t);
  const roas = number();
  const cpa = number();
  const cpc = number();
  const cpm = number();
  for (let i = 0; i < n; i++) {
    const cost = t.cost[i]!;
    roas[i] = ratioValue(t.revenue[i]!, cost);
    cpa[i] = ratioValue(cost, t.purchases[i]!);
    cpc[i] = ratioValue(cost, t.clicks[i]!);
    cpm[i] = ratioValue(1000 * cost, t.impressions[i]!);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const { rates, money } = estimates;
  return {
    ids: t.ids,
    category: t.category,
    firstDate: t.firstDate,
    lastDate: t.lastDate,
    rows: t.rows,
    impressions: t.impressions,
    clicks: t.clicks,
    addToCart: t.addToCart,
    purchases: t.purchases,
    revenue: t.revenue,
    cost: t.cost,
    followerCount: preset.followerCount === 'first' ? t.firstFollowers : t.latestFollowers,
    ctr: funnel.ctr,
    atcRate: funnel.atcRate,
    purchaseRate: funnel.purchaseRate,
    overallConversion: funnel.overallConversion,
    rpc: funnel.rpc,
    rpi: funnel.rpi,
    roas,
    cpa,
    cpc,
    cpm,
    ctrLow: rates.ctr.low,
    ctrHigh: rates.ctr.high,
    ctrShrunk: rates.ctr.shrunk,
    atcRateLow: rates.atcRate.low,
    atcRateHigh: rates.atcRate.high,
    atcRateShrunk: rates.atcRate.shrunk,
    purchaseRateLow: rates.purchaseRate.low,
    purchaseRateHigh: rates.purchaseRate.high,
    purchaseRateShrunk: rates.purchaseRate.shrunk,
    overallConversionLow: rates.overallConversion.low,
    overallConversionHigh: rates.overallConversion.high,
    overallConversionShrunk: rates.overallConversion.shrunk,
    rpcShrunk: money.rpc,
    rpiShrunk: money.rpi,
    score: new Float64Array(n).fill(NaN),
    rank: new Float64Array(n).fill(NaN),
    segment: new Array<string | null>(n).fill(null),
    names: [],
    parts: new Float64Array(0),
    order,
  };
}

/**
 * Lines in rank order (null ranks last), lines of equal rank in input order: a stable counting
 * sort on the ranks (1 to n, `NaN`: null), as line indices.
 */
function rankOrder(ranks: Float64Array): Int32Array {
  const n = ranks.length;
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
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = ranks[i]!;
    const slot = r === r ? r : n + 1;
    order[starts[slot]!] = i;
    starts[slot] = starts[slot]! + 1;
  }
  return order;
}

/** Every line of the report, in report order. */
function linesOf(c: ReportColumns): InfluencerReport[] {
  const n = c.order.length;
  const lines: InfluencerReport[] = new Array(n);
  for (let r = 0; r < n; r++) lines[r] = reportLine(c, c.order[r]!) as InfluencerReport;
  return lines;
}

/** Line `i`'s contributions by metric name (keys in scheme order). */
function contributionsAt(c: ReportColumns, i: number): Record<string, number> {
  const names = c.names;
  const m = names.length;
  if (m === 0) return EMPTY_CONTRIBUTIONS;
  if (names.includes('__proto__')) return Object.fromEntries(names.map((name, j) => [name, c.parts[i * m + j]!]));
  const o: Record<string, number> = {};
  for (let j = 0; j < m; j++) o[names[j]!] = c.parts[i * m + j]!;
  return o;
}

/** Influencer `i`'s report line as one object literal (named keys keep V8's objects fast), fields in summary order. */
function reportLine(c: ReportColumns, i: number) {
  return {
    influencerId: c.ids[i]!,
    rows: orNull(c.rows[i]!),
    impressions: c.impressions[i]!,
    clicks: c.clicks[i]!,
    addToCart: c.addToCart[i]!,
    purchases: c.purchases[i]!,
    revenue: orNull(c.revenue[i]!),
    cost: orNull(c.cost[i]!),
    followerCount: orNull(c.followerCount[i]!),
    category: c.category[i]!,
    firstDate: c.firstDate[i]!,
    lastDate: c.lastDate[i]!,
    ctr: orNull(c.ctr[i]!),
    atcRate: orNull(c.atcRate[i]!),
    purchaseRate: orNull(c.purchaseRate[i]!),
    overallConversion: orNull(c.overallConversion[i]!),
    rpc: orNull(c.rpc[i]!),
    rpi: orNull(c.rpi[i]!),
    roas: orNull(c.roas[i]!),
    cpa: orNull(c.cpa[i]!),
    cpc: orNull(c.cpc[i]!),
    cpm: orNull(c.cpm[i]!),
    ctrLow: orNull(c.ctrLow[i]!),
    ctrHigh: orNull(c.ctrHigh[i]!),
    ctrShrunk: orNull(c.ctrShrunk[i]!),
    atcRateLow: orNull(c.atcRateLow[i]!),
    atcRateHigh: orNull(c.atcRateHigh[i]!),
    atcRateShrunk: orNull(c.atcRateShrunk[i]!),
    purchaseRateLow: orNull(c.purchaseRateLow[i]!),
    purchaseRateHigh: orNull(c.purchaseRateHigh[i]!),
    purchaseRateShrunk: orNull(c.purchaseRateShrunk[i]!),
    overallConversionLow: orNull(c.overallConversionLow[i]!),
    overallConversionHigh: orNull(c.overallConversionHigh[i]!),
    overallConversionShrunk: orNull(c.overallConversionShrunk[i]!),
    rpcShrunk: orNull(c.rpcShrunk[i]!),
    rpiShrunk: orNull(c.rpiShrunk[i]!),
    score: orNull(c.score[i]!),
    rank: orNull(c.rank[i]!),
    contributions: contributionsAt(c, i),
    segment: c.segment[i]!,
  };
}

const EMPTY_CONTRIBUTIONS: Record<string, number> = Object.freeze({}) as Record<string, number>;

/** The summary columns of a preset, plus the cost columns when the data has cost. */
function summaryColumnsFor(preset: PresetName, withCost: boolean): SummaryColumn[] {
  const columns = [...presets[preset].summaryColumns];
  if (preset === 'default' && withCost) {
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

/** Whether a cost column holds any value. */
function anyCost(cost: Float64Array): boolean {
  for (let i = 0; i < cost.length; i++) if (cost[i] === cost[i]) return true;
  return false;
}

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
  const unread = unreadColumns(report);
  return summaryColumnsFor(report.preset, unread ? anyCost(unread.cost) : report.influencers.some((i) => i.cost !== null));
}

/**
 * The report's summary as CSV, with the preset's columns (classic: the pandas recipe's header).
 * A report whose lines were never read is written straight from its columns: the same text.
 *
 * @example
 * ```ts
 * await fs.writeFile('summary.csv', summaryCSV(analyze(events, { preset: 'classic' })));
 * ```
 */
export function summaryCSV(report: AnalyzeReport, options: Omit<CsvOptions<InfluencerReport>, 'columns'> = {}): string {
  const unread = unreadColumns(report);
  if (unread) {
    const columns = summaryColumns(report).map((c) => ({ header: c.header, numbers: numberColumnOf(unread, c.key), texts: textColumnOf(unread, c.key) }));
    if (columns.every((c) => c.numbers !== undefined || c.texts !== undefined)) return columnsCSV(columns, unread.order, options);
  }
  return toCSV(report.influencers, { ...options, columns: summaryColumns(report) as never });
}
