/**
 * The one report builder: per-influencer totals (as columns) in, the report's lines out. Totals,
 * funnel metrics and estimates are computed on typed arrays, then scored, ranked and segmented, and
 * each line is built once, as one object literal.
 * @module
 */
import type { GroupColumns, RowRateName } from '../aggregate/aggregate.js';
import { ratioOf } from '../metrics/funnel-metrics.js';
import type { Preset } from '../scoring/presets.js';
import { resolveScheme, scoreResolved, type ScoringScheme } from '../scoring/scoring.js';
import { segmentCutsOf, segmentOf, type SegmentOptions } from '../scoring/segment.js';
import { orNull } from '../base/nulls.js';
import { estimatesOfColumns, type EstimateErrors, type Priors, type SmallSampleFields } from '../metrics/small-sample.js';
import type { EstimateArrays } from '../metrics/small-sample.js';
import type { InfluencerTotals } from '../aggregate/aggregate.js';
import type { FunnelMetrics } from '../contract/types.js';

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

/** What {@link buildReport} gives: the lines in report order, the segment cuts and labels, the priors. */
export interface BuiltReport {
  readonly influencers: InfluencerReport[];
  readonly cuts: number[];
  readonly segments: string[];
  readonly priors: Priors;
}

/**
 * The report of per-influencer totals: metrics and estimates, the scheme's score, ranks, segments
 * (on the score) and contributions; lines in id order for the classic preset, in rank order otherwise.
 * @internal
 */
export function buildReport(
  totals: GroupColumns,
  errors: EstimateErrors,
  preset: Preset,
  scheme: ScoringScheme,
  segmentOptions: Omit<SegmentOptions<never>, 'by'>,
): BuiltReport {
  const n = totals.ids.length;
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
  const { cuts, labels, middle } = segmentCutsOf(() => scores, { ...segmentOptions });
  for (let i = 0; i < n; i++) table.segment[i] = segmentOf(orNull(scores[i]!), cuts, labels, middle);
  if (preset.name === 'default') table.order = rankOrder(ranks);
  return { influencers: linesOf(table), cuts: [...cuts], segments: [...labels], priors: estimates.priors };
}

/** Each estimate field of the report lines with its values (`NaN`: null). */
type EstimateColumns = Readonly<Record<keyof SmallSampleFields, Float64Array>>;

/**
 * The report as columns, in the aggregate's (id) order; `order` lists the lines in report order.
 * Numbers are `NaN` where the line holds null.
 */
interface ReportColumns
  extends EstimateColumns,
    Pick<GroupColumns, 'ids' | 'category' | 'firstDate' | 'lastDate' | 'rows' | 'impressions' | 'clicks' | 'addToCart' | 'purchases' | 'engagements' | 'revenue' | 'cost'> {
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
  readonly engagementRate: Float64Array;
  readonly cpe: Float64Array;
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
  'engagements',
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
  'engagementRate',
  'cpe',
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

/** A report field's number column, or undefined for any other field. */
function numberColumnOf(c: ReportColumns, field: string): Float64Array | undefined {
  return NUMBER_FIELDS.has(field) ? (c as unknown as Record<string, Float64Array>)[field] : undefined;
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
  const engagementRate = number();
  const cpe = number();
  for (let i = 0; i < n; i++) {
    const cost = t.cost[i]!;
    engagementRate[i] = ratioValue(t.engagements[i]!, t.impressions[i]!);
    cpe[i] = ratioValue(cost, t.engagements[i]!);
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
    engagements: t.engagements,
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
    engagementRate,
    cpe,
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
  for (let r = 0; r < n; r++) lines[r] = reportLine(c, c.order[r]!);
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
function reportLine(c: ReportColumns, i: number): InfluencerReport {
  return {
    influencerId: c.ids[i]!,
    rows: orNull(c.rows[i]!) as number,
    impressions: c.impressions[i]!,
    clicks: c.clicks[i]!,
    addToCart: c.addToCart[i]!,
    purchases: c.purchases[i]!,
    engagements: orNull(c.engagements[i]!),
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
    engagementRate: orNull(c.engagementRate[i]!),
    cpe: orNull(c.cpe[i]!),
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

