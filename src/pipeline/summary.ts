/**
 * The summary of a report as CSV: the preset's columns, plus cost columns when the data has cost.
 * @module
 */
import type { AnalyzeReport } from './analyze.js';
import { toCSV, type CsvOptions } from '../output/csv.js';
import { presets, type PresetName, type SummaryColumn } from '../scoring/presets.js';
import type { InfluencerReport } from './report.js';

/** The summary columns of a preset, plus the cost columns when the data has cost. */
function summaryColumnsFor(preset: PresetName, withCost: boolean, withEngagements: boolean): SummaryColumn[] {
  const columns = [...presets[preset].summaryColumns];
  if (preset === 'default' && withEngagements) {
    const at = columns.findIndex((c) => c.key === 'score');
    columns.splice(at, 0, { key: 'engagements', header: 'engagements' }, { key: 'engagementRate', header: 'engagement_rate' }, ...(withCost ? [{ key: 'cpe', header: 'cpe' }] : []));
  }
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

/**
 * The summary CSV columns of a report: the preset's, plus cost columns when the data has cost and
 * engagement columns (`engagements`, `engagement_rate`, and `cpe` with cost) when it has engagements.
 *
 * @example
 * ```ts
 * const classic = analyze(events, { preset: 'classic' });
 * summaryColumns(classic).map((c) => c.header).slice(0, 3); // ['influencer_id', 'impressions', 'clicks']
 * ```
 */
export function summaryColumns(report: AnalyzeReport): SummaryColumn[] {
  const lines = report.influencers;
  return summaryColumnsFor(report.preset, lines.some((i) => i.cost !== null), lines.some((i) => i.engagements !== null && i.engagements !== undefined));
}

/**
 * The report's summary as CSV, with the preset's columns (classic: the pandas recipe's header),
 * written by `toCSV` from the report's lines: a cloned or parsed-back report writes the same text.
 *
 * @example
 * ```ts
 * await fs.writeFile('summary.csv', summaryCSV(analyze(events, { preset: 'classic' })));
 * ```
 */
export function summaryCSV(report: AnalyzeReport, options: Omit<CsvOptions<InfluencerReport>, 'columns'> = {}): string {
  return toCSV(report.influencers, { ...options, columns: summaryColumns(report) as never });
}
