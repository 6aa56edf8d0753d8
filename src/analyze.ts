/**
 * The one-call pipeline: rows in, a per-influencer report with metrics, score, rank, segment and
 * chart data out.
 * @module
 */
import { aggregate, mergeAggregates, ROW_RATE_NAMES, type Aggregate, type InfluencerTotals } from './aggregate.js';
import { funnelFlow, segmentShare, topN, type FunnelStepDatum, type SegmentShareDatum, type TopNDatum } from './charts.js';
import { toCSV, type CsvOptions } from './csv.js';
import { InvalidInputError, InvalidOptionsError } from './errors.js';
import { partialsValue } from './exact-sum.js';
import { parseEvents, parseEventsCSV, type ParsedEvents } from './ingest/parse.js';
import type { RowReport } from './ingest/report.js';
import { funnelMetrics } from './metrics.js';
import { presets, type Preset, type PresetName, type SummaryColumn } from './presets.js';
import type { IngestOptions } from './schema.js';
import { defineScoring, score, type ScoringScheme, type ScoringSchemeInput } from './scoring.js';
import { segment, type SegmentOptions } from './segment.js';
import type { FunnelMetrics } from './types.js';

/** Options of {@link analyze}. */
export interface AnalyzeOptions extends IngestOptions {
  /** `default` (ratio-of-sums, percentile ranks, terciles) or `classic` (the pandas recipe). */
  readonly preset?: PresetName;
  /** A scoring scheme replacing the preset's. */
  readonly scoring?: ScoringScheme | ScoringSchemeInput;
  /** Segmentation replacing the preset's (always on the score). */
  readonly segments?: Omit<SegmentOptions<InfluencerReport>, 'by'>;
  /** How many influencers the top-by-revenue chart shows (default 20). */
  readonly topN?: number;
}

/** One influencer's line of the report. */
export interface InfluencerReport extends FunnelMetrics {
  readonly influencerId: string;
  readonly rows: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly addToCart: number;
  readonly purchases: number;
  readonly revenue: number | null;
  readonly cost: number | null;
  readonly followerCount: number | null;
  readonly category: string | null;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  readonly score: number | null;
  readonly rank: number | null;
  readonly segment: string | null;
  readonly contributions: Readonly<Record<string, number>>;
}

/** Chart-ready data of the report. */
export interface ReportCharts {
  readonly segmentShare: SegmentShareDatum[];
  readonly topByRevenue: TopNDatum[];
  readonly funnelFlow: FunnelStepDatum[];
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
  readonly charts: ReportCharts;
  /** The row report of the input. */
  readonly input: RowReport;
}

/** Events already summed (e.g. by `aggregateEventsCSV` in `influencer-funnel/node`) with their row report. */
export interface AggregatedInput {
  /** An `aggregate` result, with or without `by` dimensions. */
  readonly aggregate: { readonly by: readonly string[]; readonly groups: readonly InfluencerTotals[] };
  readonly report: RowReport;
}

/** What {@link analyze} reads: parsed events, raw records, CSV text, or an aggregate with its report. */
export type AnalyzeInput = ParsedEvents | AggregatedInput | readonly unknown[] | string;

function isAggregated(input: unknown): input is AggregatedInput {
  const value = input as AggregatedInput | null;
  return !!value && typeof value === 'object' && !!value.aggregate && Array.isArray(value.aggregate.groups) && !!value.report;
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

function metricsFor(totals: InfluencerTotals, preset: Preset): FunnelMetrics {
  const ratios = funnelMetrics(totals);
  if (preset.rates === 'ratioOfSums') return ratios;
  const means = Object.fromEntries(
    ROW_RATE_NAMES.map((name) => {
      const r = totals.state.rowRates[name];
      return [name, r.n > 0 ? partialsValue(r.sum) / r.n : null];
    }),
  );
  return { ...ratios, ...means } as FunnelMetrics;
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
 * report.influencers[0]; // { influencerId: '80', ..., score: 0.93, rank: 1, segment: 'High' }
 * const classic = analyze(csvText, { preset: 'classic' });
 * // or from the streaming reader: analyze(await aggregateEventsCSV('events.csv'))
 * ```
 */
export function analyze(input: AnalyzeInput, options: AnalyzeOptions = {}): AnalyzeReport {
  const presetName = options.preset ?? 'default';
  const preset = presets[presetName];
  if (!preset || !Object.prototype.hasOwnProperty.call(presets, presetName)) {
    throw new InvalidOptionsError(`Unknown preset "${String(presetName)}": use "default" or "classic".`, [{ path: 'preset', message: 'unknown preset' }]);
  }
  const pre = isAggregated(input) ? input : null;
  const parsed = pre ? { rows: [], report: pre.report } : toParsed(input, options);
  const scheme = options.scoring ? defineScoring(options.scoring as ScoringSchemeInput) : preset.scoring;
  // An aggregate grouped by dimensions is rolled up to one line per influencer.
  const { groups } = pre ? (pre.aggregate.by.length ? mergeAggregates([pre.aggregate as Aggregate<string>], { by: [] }) : pre.aggregate) : aggregate(parsed.rows);

  const lines = groups.map((g) => {
    const { state, ...totals } = g;
    // Object.assign, not a second spread: V8 copies a second spread property by property, slowly.
    return Object.assign(
      { ...totals, followerCount: preset.followerCount === 'first' ? state.firstFollowers : g.followerCount },
      metricsFor(g, preset),
    );
  });
  const scored = score(lines, scheme);
  const segmentOptions = options.segments ?? { probabilities: preset.segments.probabilities, labels: preset.segments.labels };
  const segmented = segment(scored, { ...segmentOptions, by: 'score' });
  let influencers = segmented.rows.map(
    (row) =>
      ({
        ...row,
        score: row.score,
        rank: row.rank,
        segment: row.segment,
        contributions: row.contributions,
      }) as InfluencerReport,
  );
  if (preset.name === 'default') influencers = influencers.slice().sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || 0);

  return {
    preset: preset.name,
    influencers,
    cuts: [...segmented.cuts],
    segments: [...segmented.labels],
    charts: {
      segmentShare: segmentShare(influencers, segmented.labels),
      topByRevenue: topN(influencers, { metric: 'revenue', n: options.topN ?? 20 }),
      funnelFlow: funnelFlow(influencers),
    },
    input: parsed.report,
  };
}

/** The summary CSV columns of a report: the preset's, plus cost columns when the data has cost. */
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
