/**
 * Turns one raw record (CSV fields or an object) into a validated {@link EventRow}, or a rejection
 * in the report. Shared by every ingest path.
 * @module
 */
import type { EventRow } from '../types.js';
import type { ColumnPlan } from './columns.js';
import type { ReportBuilder } from './report.js';
import {
  compileDateParser,
  parseCount,
  parseId,
  parseMoney,
  parseOptionalCount,
  parseText,
  type DateParser,
  type Parsed,
} from './values.js';

/** Reads one record; `source` is a header index for CSV and a key for objects. */
export type RecordAccess = (source: number) => unknown;

/** A compiled row builder for one column plan. */
export type RowBuilder = (get: RecordAccess, line: number) => EventRow | null;

/**
 * Compiles a row builder. It returns the row (and counts it as used, with its anomalies) or `null`
 * after recording the rejection of its first failing cell.
 */
export function createRowBuilder(plan: ColumnPlan, report: ReportBuilder, dateFormat?: string): RowBuilder {
  const ix = plan.index;
  const header = plan.report.found;
  const parseDate: DateParser = compileDateParser(dateFormat);
  const extras = plan.extras;

  return (get, line) => {
    let failed = false;
    const take = <T>(field: string, index: number, parse: (raw: unknown) => Parsed<T>, fallback: T): T => {
      if (failed || index < 0) return fallback;
      const raw = get(index);
      const parsed = parse(raw);
      if (parsed.ok) {
        if (parsed.value === null && raw !== undefined) report.countNull(field);
        return parsed.value;
      }
      failed = true;
      report.reject(line, header[index] ?? field, raw, parsed.reason);
      return fallback;
    };

    const influencerId = take('influencerId', ix.influencerId, parseId, '');
    const impressions = take('impressions', ix.impressions, parseCount, 0);
    const clicks = take('clicks', ix.clicks, parseCount, 0);
    const addToCart = take('addToCart', ix.addToCart, parseCount, 0);
    const purchases = take('purchases', ix.purchases, parseCount, 0);
    const revenue = take('revenue', ix.revenue, parseMoney, null);
    const cost = take('cost', ix.cost, parseMoney, null);
    const date = take('date', ix.date, parseDate, null);
    const category = take('category', ix.category, parseText, null);
    const platform = take('platform', ix.platform, parseText, null);
    const campaign = take('campaign', ix.campaign, parseText, null);
    const followerCount = take('followerCount', ix.followerCount, parseOptionalCount, null);
    const extra = Object.create(null) as Record<string, string>;
    for (const { key, index } of extras) {
      const value = take(key, index, parseText, null);
      if (value !== null) extra[key] = value;
    }
    if (failed) return null;
    report.use(impressions, clicks, addToCart, purchases);
    return { influencerId, impressions, clicks, addToCart, purchases, revenue, cost, date, category, platform, campaign, followerCount, extra };
  };
}
