/**
 * Metrics over time.
 * @module
 */
import { accumulate } from '../aggregate/aggregate.js';
import { InvalidInputError, InvalidOptionsError } from '../contract/errors.js';
import { isEventTable, type EventTable } from '../ingest/event-table.js';
import { addToPartials, partialsValue } from '../base/exact-sum.js';
import { compareIds } from '../base/ids.js';
import { METRICS } from '../metrics/funnel-metrics.js';
import type { FunnelTotals, MetricName } from '../contract/types.js';
import { metricLabel } from './labels.js';
import { isoDayNumber, periodStartDay } from '../base/calendar.js';
import { autoUnitForSpan, PeriodCells, type PeriodTable } from '../aggregate/period-cells.js';
import { formatDayNumber, nextPeriodStartDay, periodKeyOfDay } from '../base/calendar.js';
import { checkUnit, dayOfISODate, type PeriodUnit } from './periods.js';

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


/**
 * Metrics per period (day, ISO week or month), optionally one line per influencer or segment. Rates
 * are ratios of the period's sums (a day with 10 clicks does not weigh like a day with 10,000),
 * money is summed exactly, and every line gets every period from the first to the last of the
 * data (empty periods: totals 0, rates `null`; revenue `null` where rows had none), so lines break instead of interpolating across
 * gaps. Rows without a date are left out. Reads event rows, totals per influencer and date, or a
 * `PeriodTable` (totals per influencer and period, as `aggregateEventsCSV(path, { periods: true })`
 * returns them; a table by day can show any unit). Output order: series (segment label order, ids
 * numerically), then metric, then period.
 *
 * @example
 * ```ts
 * trend(events.events, { period: 'week', metrics: ['revenue', 'ctr'] });
 * // [{ period: '2025-W36', start: '2025-09-01', unit: 'week', series: null, metric: 'revenue', statistic: 'total', value: 10234.5, ... }, ...]
 * trend(events.events, { by: 'segment', segments: report.influencers, labels: report.segments });
 * // totals already summed per influencer and period read the same way:
 * // trend((await aggregateEventsCSV('events.csv', { periods: true })).periods, { period: 'auto' })
 * ```
 */
export function trend(rows: EventTable | readonly TrendRow[] | PeriodTable, options: TrendOptions = {}): TrendDatum[] {
  if (isPeriodTable(rows)) return trendFromTable(rows, options);
  if (isEventTable(rows)) {
    // Events are summed per influencer and period by the one accumulator.
    const { requested } = checkOptions(options);
    return trendFromTable(accumulate(rows, { rowRates: false, periods: requested }).periodTable()!, options);
  }
  checkRows(rows, 'trend');
  const { metrics, requested, by, seriesOf, order } = checkOptions(options);
  // Rows summed per influencer and period (the same cells analyze and the streaming reader keep).
  const cells = new PeriodCells(requested);
  const v = cells.row;
  const slots = new Map<string, number>();
  const ids: string[] = [];
  // Few distinct dates, many rows: each date is parsed once.
  const days = new Map<string, number>();
  for (const row of rows) {
    if (row.date === null || row.date === undefined) continue;
    let day = days.get(row.date);
    if (day === undefined) days.set(row.date, (day = dayOfISODate(row.date)));
    let g = slots.get(row.influencerId);
    if (g === undefined) {
      slots.set(row.influencerId, (g = ids.length));
      ids.push(row.influencerId);
    }
    const hasRevenue = typeof row.revenue === 'number';
    const hasCost = typeof row.cost === 'number';
    v[0] = typeof row.rows === 'number' ? row.rows : 1;
    v[1] = row.impressions;
    v[2] = row.clicks;
    v[3] = row.addToCart;
    v[4] = row.purchases;
    v[5] = hasRevenue ? row.revenue! : NaN;
    v[6] = hasCost ? row.cost! : NaN;
    v[7] = hasRevenue ? 1 : 0;
    v[8] = hasCost ? 1 : 0;
    cells.add(g, day);
  }
  return trendOfTable(cells.table(ids), { metrics, by, seriesOf, order });
}

function isPeriodTable(input: unknown): input is PeriodTable {
  const t = input as PeriodTable | null;
  return !!t && typeof t === 'object' && !Array.isArray(t) && t.influencer instanceof Int32Array && t.start instanceof Int32Array && Array.isArray(t.ids);
}

/** The trend of totals already summed per influencer and period (a `PeriodTable`); options as {@link trend}. */
function trendFromTable(table: PeriodTable, options: TrendOptions): TrendDatum[] {
  const { metrics, requested, by, seriesOf, order } = checkOptions(options);
  checkUnit(table.unit);
  const wanted =
    requested !== 'auto' ? requested : table.first !== null && table.last !== null ? autoUnitForSpan(isoDayNumber(table.last) - isoDayNumber(table.first) + 1) : table.unit;
  if (wanted !== table.unit && table.unit !== 'day') {
    throw new InvalidOptionsError(`trend: these totals are summed by ${table.unit}, so they cannot show a trend by ${wanted}.`, [
      { path: 'period', message: `not available from totals by ${table.unit}` },
    ]);
  }
  const cells = table.influencer.length;
  for (let c = 0; c < cells; c++) {
    const start = table.start[c]!;
    if (!(table.influencer[c]! >= 0 && table.influencer[c]! < table.ids.length) || periodStartDay(start, table.unit) !== start) {
      throw new InvalidInputError(`trend: cell ${c} of the period table does not name an influencer of \`ids\` or does not start a ${table.unit}.`);
    }
  }
  const t = wanted === table.unit ? table : rollTable(table, wanted);
  return trendOfTable(t, { metrics, by, seriesOf, order });
}

function trendOfTable(
  table: PeriodTable,
  { metrics, by, seriesOf, order }: { metrics: readonly TrendMetric[]; by: 'influencer' | 'segment' | undefined; seriesOf: (id: string) => string | null; order: string[] },
): TrendDatum[] {
  const n = table.influencer.length;
  if (n === 0) return [];
  const unit = table.unit;
  const hasRevenue = table.hasRevenue;
  const hasCost = table.hasCost;
  // Each influencer's series, looked up once.
  const seriesOfInfluencer = table.ids.map(seriesOf);
  const seen = new Set<string | null>();
  let first = Infinity;
  let last = -Infinity;
  for (let c = 0; c < n; c++) {
    seen.add(seriesOfInfluencer[table.influencer[c]!]!);
    const s = table.start[c]!;
    if (s < first) first = s;
    if (s > last) last = s;
  }
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
  const seriesIndex = Int32Array.from(seriesOfInfluencer, (s) => index.get(s) ?? index.get(null)!);

  const starts: number[] = [];
  for (let s = first; s <= last; s = nextPeriodStartDay(s, unit)) starts.push(s);
  // Period of each cell by its start's offset from the first start (cells start on period starts).
  const periodAt = new Int32Array(last - first + 1);
  starts.forEach((s, i) => (periodAt[s - first] = i));
  const buckets = seriesList.map(() => starts.map(newBucket));
  for (let c = 0; c < n; c++) {
    const b = buckets[seriesIndex[table.influencer[c]!]!]![periodAt[table.start[c]! - first]!]!;
    b.rows += table.rows[c]!;
    b.impressions += table.impressions[c]!;
    b.clicks += table.clicks[c]!;
    b.addToCart += table.addToCart[c]!;
    b.purchases += table.purchases[c]!;
    const revenue = table.revenue[c]!;
    if (revenue === revenue) {
      addToPartials(b.revenue, revenue);
      b.revenueRows++;
    }
    const cost = table.cost[c]!;
    if (cost === cost) {
      addToPartials(b.cost, cost);
      b.costRows++;
    }
  }

  const money = (partials: number[], n: number, rowCount: number, any: boolean): number | null =>
    n > 0 ? partialsValue(partials) : rowCount === 0 && any ? 0 : null;
  const keys = starts.map((s) => ({ period: periodKeyOfDay(s, unit), start: formatDayNumber(s) }));
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

function checkOptions(options: TrendOptions): {
  metrics: readonly TrendMetric[];
  requested: PeriodUnit | 'auto';
  by: 'influencer' | 'segment' | undefined;
  seriesOf: (id: string) => string | null;
  order: string[];
} {
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
  let seriesOf: (id: string) => string | null = () => null;
  let order: string[] = [];
  if (by === 'segment') {
    if (!Array.isArray(options.segments) || options.labels === undefined) {
      throw new InvalidOptionsError('trend: `by: "segment"` requires `segments` (each influencer\'s segment) and `labels` (their order).', [
        { path: 'segments', message: 'required with by: "segment"' },
      ]);
    }
    order = [...checkLabels(options.labels)];
    // Built on first use: an empty trend never reads the segments.
    const segments = options.segments;
    let map: Map<string, string | null> | null = null;
    seriesOf = (id) => {
      if (map === null) {
        map = new Map<string, string | null>();
        for (const s of segments) map.set(s.influencerId, s.segment ?? null);
      }
      return map.get(id) ?? null;
    };
  } else if (by === 'influencer') {
    seriesOf = (id) => id;
  }

  return { metrics, requested, by, seriesOf, order };
}

/** A day table rolled up to weeks or months. */
function rollTable(table: PeriodTable, unit: PeriodUnit): PeriodTable {
  const cells = new PeriodCells(unit);
  const v = cells.row;
  for (let c = 0; c < table.influencer.length; c++) {
    const revenue = table.revenue[c]!;
    const cost = table.cost[c]!;
    v[0] = table.rows[c]!;
    v[1] = table.impressions[c]!;
    v[2] = table.clicks[c]!;
    v[3] = table.addToCart[c]!;
    v[4] = table.purchases[c]!;
    v[5] = revenue;
    v[6] = cost;
    v[7] = revenue === revenue ? 1 : 0;
    v[8] = cost === cost ? 1 : 0;
    cells.add(table.influencer[c]!, table.start[c]!);
  }
  const rolled = cells.table(table.ids);
  return { ...rolled, first: table.first, last: table.last, hasRevenue: table.hasRevenue, hasCost: table.hasCost };
}
