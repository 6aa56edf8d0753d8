/**
 * Metrics over time.
 * @module
 */
import { InvalidOptionsError } from '../errors.js';
import { addToPartials, partialsValue } from '../exact-sum.js';
import { compareIds } from '../ids.js';
import { METRICS } from '../metrics.js';
import type { FunnelTotals, MetricName } from '../types.js';
import { metricLabel } from './labels.js';
import { checkUnit, formatISODate, nextPeriodStart, parseISODate, periodKey, periodStartOf, type PeriodUnit } from './periods.js';
import { isRateMetric } from './statistics.js';
import { checkLabels, checkRows } from './validate.js';

/** Summed fields a trend can show (as `total`), besides the funnel rates (as `ratioOfSums`). */
export type TrendTotal = 'rows' | 'impressions' | 'clicks' | 'addToCart' | 'purchases' | 'revenue' | 'cost';

/** What a trend can show: a summed field or a funnel rate. */
export type TrendMetric = TrendTotal | MetricName;

/** One point of a trend. */
export interface TrendDatum {
  /** `2025-09-03` (day), `2025-W36` (ISO week) or `2025-09` (month). */
  readonly period: string;
  /** First day of the period (`YYYY-MM-DD`), for a temporal axis. */
  readonly start: string;
  readonly unit: PeriodUnit;
  /** The influencer id or segment label of the line; `null` when the trend is not split. */
  readonly series: string | null;
  readonly metric: TrendMetric;
  readonly metricLabel: string;
  /** `total` for summed fields, `ratioOfSums` for rates (the period's summed counts divided). */
  readonly statistic: 'total' | 'ratioOfSums';
  /** `null` for a rate with a zero denominator, or revenue/cost when no row of the period has any. */
  readonly value: number | null;
}

/** Options of {@link trend}. */
export interface TrendOptions {
  /** `day` (default), `week` (ISO, Monday first), `month`, or `auto`: day up to 120 days of data, week up to two years, else month. */
  readonly period?: PeriodUnit | 'auto';
  /** What to show (default {@link DEFAULT_TREND_METRICS}). */
  readonly metrics?: readonly TrendMetric[];
  /** Split into one line per influencer or per segment (default: one line for all rows). */
  readonly by?: 'influencer' | 'segment';
  /** With `by: 'segment'`: each influencer's segment (the report's influencers fit). */
  readonly segments?: readonly { readonly influencerId: string; readonly segment: string | null }[];
  /** With `by: 'segment'`: segment labels, lowest first, the order of the lines (empty segments kept). */
  readonly labels?: readonly string[];
}

/** What {@link trend} reads: event rows, or totals per influencer and date (`aggregate(rows, { by: ['date'] })`). */
export type TrendRow = FunnelTotals & { readonly influencerId: string; readonly date: string | null; readonly rows?: number };

/** Metrics of a trend by default. */
export const DEFAULT_TREND_METRICS: readonly TrendMetric[] = Object.freeze([
  'impressions',
  'clicks',
  'addToCart',
  'purchases',
  'revenue',
  'ctr',
  'atcRate',
  'purchaseRate',
  'overallConversion',
  'rpc',
] as TrendMetric[]);

const TOTALS = new Set<string>(['rows', 'impressions', 'clicks', 'addToCart', 'purchases', 'revenue', 'cost']);

interface Bucket {
  rows: number;
  impressions: number;
  clicks: number;
  addToCart: number;
  purchases: number;
  revenue: number[];
  revenueRows: number;
  cost: number[];
  costRows: number;
}

const newBucket = (): Bucket => ({ rows: 0, impressions: 0, clicks: 0, addToCart: 0, purchases: 0, revenue: [], revenueRows: 0, cost: [], costRows: 0 });

function autoUnit(first: number, last: number): PeriodUnit {
  const days = (last - first) / 86_400_000 + 1;
  return days <= 120 ? 'day' : days <= 731 ? 'week' : 'month';
}

/**
 * Metrics per period (day, ISO week or month), optionally one line per influencer or segment. Rates
 * are ratios of the period's sums (a day with 10 clicks does not weigh like a day with 10,000),
 * money is summed exactly, and every line gets every period from the first to the last of the
 * data (empty periods: totals 0, rates `null`; revenue `null` where rows had none), so lines break instead of interpolating across
 * gaps. Rows without a date are left out. Output order: series (segment label order, ids
 * numerically), then metric, then period.
 *
 * @example
 * ```ts
 * trend(events.rows, { period: 'week', metrics: ['revenue', 'ctr'] });
 * // [{ period: '2025-W36', start: '2025-09-01', unit: 'week', series: null, metric: 'revenue', statistic: 'total', value: 10234.5, ... }, ...]
 * trend(events.rows, { by: 'segment', segments: report.influencers, labels: report.segments });
 * ```
 */
export function trend(rows: readonly TrendRow[], options: TrendOptions = {}): TrendDatum[] {
  checkRows(rows, 'trend');
  const metrics = options.metrics ?? DEFAULT_TREND_METRICS;
  if (!Array.isArray(metrics)) throw new InvalidOptionsError('trend: `metrics` must be an array.', [{ path: 'metrics', message: 'expected an array' }]);
  for (const metric of metrics) {
    if (!TOTALS.has(metric) && !isRateMetric(metric)) {
      throw new InvalidOptionsError(`trend: unknown metric "${String(metric)}"; use ${[...TOTALS].join(', ')} or a funnel rate (${Object.keys(METRICS).join(', ')}).`, [
        { path: 'metrics', message: `unknown metric "${String(metric)}"` },
      ]);
    }
  }
  const requested = options.period ?? 'day';
  if (requested !== 'auto') checkUnit(requested);
  const by = options.by;
  if (by !== undefined && by !== 'influencer' && by !== 'segment') {
    throw new InvalidOptionsError(`trend: \`by\` must be "influencer" or "segment", got "${String(by)}".`, [{ path: 'by', message: 'unknown split' }]);
  }
  let seriesOf: (row: TrendRow) => string | null = () => null;
  let order: string[] = [];
  if (by === 'segment') {
    if (!Array.isArray(options.segments) || options.labels === undefined) {
      throw new InvalidOptionsError('trend: `by: "segment"` requires `segments` (each influencer\'s segment) and `labels` (their order).', [
        { path: 'segments', message: 'required with by: "segment"' },
      ]);
    }
    order = [...checkLabels(options.labels)];
    const map = new Map<string, string | null>();
    for (const s of options.segments) map.set(s.influencerId, s.segment ?? null);
    seriesOf = (row) => map.get(row.influencerId) ?? null;
  } else if (by === 'influencer') {
    seriesOf = (row) => row.influencerId;
  }

  // First pass: the date range and the series seen (rows are not copied: a second pass sums them).
  let datedRows = 0;
  let hasRevenue = false;
  let hasCost = false;
  let first = Infinity;
  let last = -Infinity;
  const seen = new Set<string | null>();
  // Few distinct dates, many rows: each date is parsed once.
  const days = new Map<string, number>();
  for (const row of rows) {
    if (row.date === null || row.date === undefined) continue;
    let t = days.get(row.date);
    if (t === undefined) days.set(row.date, (t = parseISODate(row.date)));
    if (t < first) first = t;
    if (t > last) last = t;
    seen.add(seriesOf(row));
    datedRows++;
    if (typeof row.revenue === 'number') hasRevenue = true;
    if (typeof row.cost === 'number') hasCost = true;
  }
  if (datedRows === 0) return [];
  const unit = requested === 'auto' ? autoUnit(first, last) : requested;

  let seriesList: (string | null)[];
  if (by === 'segment') {
    seriesList = [...order];
    if (seen.has(null) || [...seen].some((s) => s !== null && !order.includes(s))) seriesList.push(null);
  } else if (by === 'influencer') {
    seriesList = ([...seen] as string[]).sort(compareIds);
  } else {
    seriesList = [null];
  }
  const index = new Map(seriesList.map((s, i) => [s, i]));

  const starts: number[] = [];
  for (let s = periodStartOf(first, unit), end = periodStartOf(last, unit); s <= end; s = nextPeriodStart(s, unit)) starts.push(s);
  const periodIndex = new Map(starts.map((s, i) => [s, i]));
  const buckets = seriesList.map(() => starts.map(newBucket));
  const periodOfDate = new Map<string, number>();
  for (const [date, t] of days) periodOfDate.set(date, periodIndex.get(periodStartOf(t, unit))!);
  for (const row of rows) {
    if (row.date === null || row.date === undefined) continue;
    const si = index.get(seriesOf(row)) ?? index.get(null)!;
    const b = buckets[si]![periodOfDate.get(row.date)!]!;
    b.rows += typeof row.rows === 'number' ? row.rows : 1;
    b.impressions += row.impressions;
    b.clicks += row.clicks;
    b.addToCart += row.addToCart;
    b.purchases += row.purchases;
    if (typeof row.revenue === 'number') {
      addToPartials(b.revenue, row.revenue);
      b.revenueRows++;
    }
    if (typeof row.cost === 'number') {
      addToPartials(b.cost, row.cost);
      b.costRows++;
    }
  }

  const money = (partials: number[], n: number, rowCount: number, any: boolean): number | null =>
    n > 0 ? partialsValue(partials) : rowCount === 0 && any ? 0 : null;
  const keys = starts.map((s) => ({ period: periodKey(s, unit), start: formatISODate(s) }));
  const out: TrendDatum[] = [];
  seriesList.forEach((series, si) => {
    const totals = buckets[si]!.map((b) => ({
      rows: b.rows,
      impressions: b.impressions,
      clicks: b.clicks,
      addToCart: b.addToCart,
      purchases: b.purchases,
      revenue: money(b.revenue, b.revenueRows, b.rows, hasRevenue),
      cost: money(b.cost, b.costRows, b.rows, hasCost),
    }));
    for (const metric of metrics) {
      const label = metricLabel(metric);
      const isTotal = TOTALS.has(metric);
      totals.forEach((t, pi) => {
        const value = isTotal ? (t[metric as TrendTotal] ?? null) : METRICS[metric as MetricName](t);
        out.push({ ...keys[pi]!, unit, series, metric, metricLabel: label, statistic: isTotal ? 'total' : 'ratioOfSums', value });
      });
    }
  });
  return out;
}
