/**
 * The one-call pipeline: events in, a per-influencer report with metrics, score, rank, segment and
 * chart data out. Orchestration only: every input reaches the one accumulator, whose columns feed the
 * one report builder.
 * @module
 */
import { accumulate, mergeAggregates, totalsColumns, type Aggregate, type GroupColumns, type InfluencerTotals } from '../aggregate/aggregate.js';
import { isoDayNumber } from '../base/calendar.js';
import { PeriodCells, type PeriodTable } from '../aggregate/period-cells.js';
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
} from '../charts/index.js';
import { InvalidInputError, InvalidOptionsError, shownText } from '../contract/errors.js';
import { isEventTable } from '../ingest/event-table.js';
import { checkStrict, finishEvents, parseEvents, parseEventsCSV, type ParsedEvents } from '../ingest/parse.js';
import { nearDuplicateIdsOf, noUsableRowError, type RowReport } from '../ingest/report.js';
import { idNormalizer } from '../ingest/values.js';
import { presets, type PresetName } from '../scoring/presets.js';
import { buildReport, type InfluencerReport } from './report.js';
import { ingestOptionsSchema, parseOptions, type IngestOptions } from '../contract/schema.js';
import { defineScoring, type ScoringScheme, type ScoringSchemeInput } from '../scoring/scoring.js';
import type { SegmentOptions } from '../scoring/segment.js';
import { errorsOn, type EstimateErrors, type Priors } from '../metrics/small-sample.js';

export type { InfluencerReport } from './report.js';

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

/** Chart-ready data of the report. */
export interface ReportCharts {
  /** Influencers per segment, label order (pie). */
  readonly segmentShare: SegmentShareDatum[];
  /** Top influencers by revenue, largest first (bars; empty without revenue). */
  readonly topByRevenue: TopNDatum[];
  /** Median of each metric per segment (bar plots per metric): one small influencer cannot sway it. */
  readonly segmentProfile: SegmentProfileDatum[];
  /** Overall funnel of the used rows. */
  readonly funnelFlow: FunnelStepDatum[];
  /** Segment x metric medians, with per-column normalised values (heatmap). */
  readonly heatmap: HeatmapDatum[];
  /** Totals and ratio-of-sums rates per period, one line per segment. */
  readonly trend: TrendDatum[];
}

/** The chart data of a report (see {@link ReportCharts}). */
function reportCharts(trendData: ReportCharts['trend'], influencers: readonly InfluencerReport[], labels: readonly string[], topCount: number): ReportCharts {
  const withCost = influencers.some((i) => i.cost !== null);
  const costMetrics = withCost ? ['roas', 'cpa'] : [];
  return {
    segmentShare: segmentShare(influencers, labels),
    topByRevenue: topN(influencers, { metric: 'revenue', n: topCount }),
    segmentProfile: segmentProfile(influencers, { labels, metrics: [...DEFAULT_PROFILE_METRICS, ...costMetrics], statistic: 'median' }),
    funnelFlow: funnelFlow(influencers),
    heatmap: metricHeatmap(influencers, { by: 'segment', order: labels, metrics: [...DEFAULT_HEATMAP_METRICS, ...costMetrics], statistic: 'median' }),
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
  /** Chart data. */
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
  return Array.isArray(value.aggregate.groups);
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
 * Per-influencer totals as columns, the way to report bad totals, totals per influencer and period,
 * and the row report, of any input: events and records are summed by the one accumulator into an
 * aggregate (one rolled up to the influencer by it), whose groups the report builder reads, so
 * every way in gives the same report.
 */
function summed(
  input: AnalyzeInput,
  options: AnalyzeOptions,
  withRowRates: boolean,
): { columns: GroupColumns; errors: EstimateErrors; periods: PeriodTable | null; report: RowReport } {
  const granularity = options.trendPeriod ?? 'auto';
  if (isAggregated(input)) {
    const agg = relabelled(input.aggregate as Aggregate<string>, idNormalizer(options.idNormalization));
    if (withRowRates && agg.groups.some((g) => !g.state?.rowRates)) {
      throw new InvalidInputError('The classic preset averages per-row rates: aggregate with `rowRates: true` (the default) to use it on an aggregate.');
    }
    // Grouped by more than the influencer: rolled up by the accumulator first.
    const groups = agg.by.length === 0 ? agg.groups : mergeAggregates([agg], { by: [] }).groups;
    const columns = totalsColumns(groups, withRowRates);
    const errors = errorsOn(() => groups);
    if (input.periods !== undefined) {
      const p = input.periods as PeriodTable | null;
      if (!p || typeof p !== 'object' || !(p.influencer instanceof Int32Array) || !Array.isArray(p.ids)) {
        throw new InvalidInputError('`periods` must be the per-period totals `aggregateEventsCSV(input, { periods: true })` returns.');
      }
      return { columns, errors, periods: relabelledPeriods(p, idNormalizer(options.idNormalization)), report: input.report };
    }
    const byDate = agg.by.includes('date') ? (agg.by.length === 1 ? agg.groups : mergeAggregates([agg], { by: ['date'] }).groups) : null;
    return { columns, errors, periods: byDate ? cellsOfDateGroups(byDate, granularity) : null, report: input.report };
  }
  const parsed = toParsed(input, options);
  const acc = accumulate<never>(parsed.events, { rowRates: withRowRates, periods: granularity });
  const periods = acc.periodTable();
  const { groups } = acc.result();
  return { columns: totalsColumns(groups, withRowRates), errors: errorsOn(() => groups), periods, report: parsed.report };
}

/** An aggregate with its ids normalised, groups whose ids then match merged by the accumulator. */
function relabelled(agg: Aggregate<string>, normalize: ((id: string) => string) | null): Aggregate<string> {
  if (normalize === null || !agg.groups.some((g) => normalize(g.influencerId) !== g.influencerId)) return agg;
  const groups = agg.groups.map((g) => ({ ...g, influencerId: normalize(g.influencerId) }));
  return mergeAggregates([{ by: agg.by, groups }], { by: agg.by }) as Aggregate<string>;
}

/** Period totals with their ids normalised: cells of ids that then match point to one id. */
function relabelledPeriods(p: PeriodTable, normalize: ((id: string) => string) | null): PeriodTable {
  if (normalize === null) return p;
  const ids: string[] = [];
  const slot = new Map<string, number>();
  const remap = p.ids.map((id) => {
    const merged = normalize(id);
    let at = slot.get(merged);
    if (at === undefined) slot.set(merged, (at = ids.length)), ids.push(merged);
    return at;
  });
  if (ids.length === p.ids.length && ids.every((id, i) => id === p.ids[i])) return p;
  return { ...p, ids, influencer: p.influencer.map((g) => remap[g]!) };
}

/** The ingest options that only a read of CSV text or records uses. */
const READ_OPTIONS = ['columns', 'dateFormat', 'delimiter', 'encoding', 'maxErrors'] as const;

/** Every key {@link analyze} reads. */
const ANALYZE_KEYS: ReadonlySet<string> = new Set([
  'preset',
  'scoring',
  'segments',
  'topN',
  'trendPeriod',
  ...Object.keys(ingestOptionsSchema.def.shape),
]);

/** Refuses option keys analyze does not read (a typo would otherwise pass silently) and ingest options of the wrong shape. */
function checkOptions(input: AnalyzeInput, options: AnalyzeOptions): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidOptionsError('analyze: `options` must be an object.', [{ path: '(root)', message: 'expected an object' }]);
  }
  const unknown = Object.keys(options).filter((key) => !ANALYZE_KEYS.has(key));
  if (unknown.length > 0) {
    const known = [...ANALYZE_KEYS].join(', ');
    throw new InvalidOptionsError(
      `analyze: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 10).map((k) => `\`${shownText(k, 60)}\``).join(', ')} (known: ${known}).`,
      unknown.map((key) => ({ path: key, message: 'unknown option' })),
    );
  }
  const { preset: _p, scoring: _s, segments: _g, topN: _t, trendPeriod: _r, ...ingest } = options;
  parseOptions(ingestOptionsSchema, ingest, 'analyze options');
  if (typeof input !== 'string' && !Array.isArray(input)) {
    // Events or an aggregate already read: what only a read uses would mean nothing.
    const given = READ_OPTIONS.filter((key) => options[key] !== undefined);
    if (given.length > 0) {
      throw new InvalidOptionsError(
        `analyze: ${given.map((k) => `\`${k}\``).join(', ')} ${given.length > 1 ? 'apply' : 'applies'} when analyze reads CSV text or records; these events were already read: pass ${given.length > 1 ? 'them' : 'it'} to the reader.`,
        given.map((key) => ({ path: key, message: 'the input was already read' })),
      );
    }
  }
}

function toParsed(input: AnalyzeInput, options: AnalyzeOptions): ParsedEvents {
  const ingest: IngestOptions = {
    ...(options.columns !== undefined && { columns: options.columns }),
    ...(options.dateFormat !== undefined && { dateFormat: options.dateFormat }),
    ...(options.strict !== undefined && { strict: options.strict }),
    ...(options.maxErrors !== undefined && { maxErrors: options.maxErrors }),
    ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
    ...(options.encoding !== undefined && { encoding: options.encoding }),
    ...(options.idNormalization !== undefined && { idNormalization: options.idNormalization }),
  };
  if (typeof input === 'string') return parseEventsCSV(input, ingest);
  if (Array.isArray(input)) return parseEvents(input, ingest);
  if (input && typeof input === 'object' && isEventTable((input as ParsedEvents).events) && (input as ParsedEvents).report) {
    return finishEvents(input as ParsedEvents, ingest);
  }
  throw new InvalidInputError('analyze requires parsed events ({ events, report }), an aggregate with its report ({ aggregate, report }), an array of records, or CSV text.');
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
  checkOptions(input, options);
  const presetName = options.preset ?? 'default';
  const preset = presets[presetName];
  if (!preset || !Object.prototype.hasOwnProperty.call(presets, presetName)) {
    throw new InvalidOptionsError(`Unknown preset "${String(presetName)}": use "default" or "classic".`, [{ path: 'preset', message: 'unknown preset' }]);
  }
  const scheme: ScoringScheme = options.scoring ? defineScoring(options.scoring as ScoringSchemeInput) : preset.scoring;
  const rowRates = preset.rates === 'meanOfRowRatios';
  const topCount = options.topN ?? 20;
  if (!Number.isInteger(topCount) || topCount < 0) {
    throw new InvalidOptionsError(`analyze: \`topN\` must be a non-negative integer, got ${String(topCount)}.`, [{ path: 'topN', message: 'expected a non-negative integer' }]);
  }
  const { columns: totals, errors, periods, report: read } = summed(input, options, rowRates);
  // Events or an aggregate already read are checked under `strict` as a reader checks them.
  if (typeof input !== 'string' && !Array.isArray(input) && options.strict) checkStrict(read, { strict: true });
  const noRow = noUsableRowError(read);
  if (noRow) throw noRow;
  // Near-duplicate ids are found among the influencers' ids, whatever read them.
  const report: RowReport = { ...read, ...nearDuplicateIdsOf(totals.ids, (i) => totals.rows[i]!) };
  if (rowRates && totals.ids.length > 0 && !totals.rowRateMeans) {
    throw new InvalidInputError('The classic preset averages per-row rates: aggregate with `rowRates: true` (the default) to use it on an aggregate.');
  }
  const segmentOptions = options.segments ?? { probabilities: preset.segments.probabilities, labels: preset.segments.labels };
  const built = buildReport(totals, errors, preset, scheme, segmentOptions as Omit<SegmentOptions<never>, 'by'>);
  const labels = built.segments;
  // Each influencer's segment, for the trend's lines (none to give without periods: the trend is empty).
  const segmentOf = periods === null ? [] : built.influencers.map(({ influencerId, segment }) => ({ influencerId, segment }));
  const trendData = trend(periods ?? [], { period: options.trendPeriod ?? 'auto', by: 'segment', segments: segmentOf, labels });
  return {
    preset: preset.name,
    influencers: built.influencers,
    cuts: built.cuts,
    segments: labels,
    priors: built.priors,
    charts: reportCharts(trendData, built.influencers, labels, topCount),
    input: report,
  };
}


