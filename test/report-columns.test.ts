import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../src/aggregate.js';
import { influencerCount } from '../src/analyze.js';
import { analyze, parseEvents, summaryColumns, summaryCSV, toCSV, type AnalyzeReport, type InfluencerReport } from '../src/index.js';
import type { EventRow } from '../src/types.js';

// Ids and categories a spreadsheet would run as formulas or that need quoting, money with and
// without cost, missing values.
const money = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, 0.1, 1e15));
const row = fc.record({
  influencerId: fc.constantFrom('7', '007', '10', '=cmd', '-5', 'a,b', 'say "hi"'),
  impressions: fc.nat(10_000),
  clicks: fc.nat(500),
  addToCart: fc.nat(50),
  purchases: fc.nat(20),
  revenue: money,
  cost: fc.oneof(fc.constant(null), money),
  date: fc.option(fc.constantFrom('2025-09-01', '2025-09-02', '2025-10-01')),
  category: fc.option(fc.constantFrom('fashion', '+tech', 'home, garden', '')),
  platform: fc.constant(null),
  campaign: fc.constant(null),
  followerCount: fc.option(fc.nat(1_000_000)),
  extra: fc.constant({}),
}) as fc.Arbitrary<EventRow>;

const noReport = parseEvents([]).report;
const csvOptions = fc.record(
  { bom: fc.boolean(), newline: fc.constantFrom('\n' as const, '\r\n' as const), header: fc.boolean(), formulaGuard: fc.boolean() },
  { requiredKeys: [] },
);

/** The same report twice: one whose lines are never read, one whose lines were read first. */
function twoReports(rows: readonly EventRow[], preset: 'default' | 'classic'): [AnalyzeReport, AnalyzeReport] {
  const unread = analyze({ aggregate: aggregate(rows), report: noReport }, { preset });
  const read = analyze({ aggregate: aggregate(rows), report: noReport }, { preset });
  expect(read.influencers.length).toBeGreaterThanOrEqual(0);
  return [unread, read];
}

describe('report columns (the summary without building the report lines)', () => {
  it('writes the same summary CSV from the columns as from the lines', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.constantFrom('default' as const, 'classic' as const), csvOptions, (rows, preset, options) => {
        const [unread, read] = twoReports(rows, preset);
        expect(summaryColumns(unread)).toEqual(summaryColumns(read));
        const fromColumns = summaryCSV(unread, options);
        expect(fromColumns).toBe(summaryCSV(read, options));
        expect(fromColumns).toBe(toCSV(read.influencers, { ...options, columns: summaryColumns(read) as never }));
        // Writing the summary built no line: they are still the columns' to give.
        expect(influencerCount(unread)).toBe(read.influencers.length);
        expect(unread.influencers).toEqual(read.influencers);
      }),
      { numRuns: 200 },
    );
  });

  it('builds the lines once, on first read, as plain data', () => {
    const rows = fc.sample(row, { numRuns: 80, seed: 4 });
    const [report, read] = twoReports(rows, 'default');
    expect(Object.keys(report)).toEqual(['preset', 'influencers', 'cuts', 'segments', 'priors', 'charts', 'input']);
    expect(JSON.parse(JSON.stringify(report))).toEqual(JSON.parse(JSON.stringify(read)));
    expect(structuredClone(report).influencers).toEqual(read.influencers);
    expect(report.influencers).toBe(report.influencers);
    expect(report.influencers.map((l) => l.rank)).toEqual([...report.influencers.map((l) => l.rank)].sort((a, b) => (a ?? Infinity) - (b ?? Infinity)));
  });

  it('writes edits to lines that were read, and lines set in their place', () => {
    const rows = fc.sample(row, { numRuns: 40, seed: 6 });
    const report = analyze({ aggregate: aggregate(rows), report: noReport });
    const before = summaryCSV(report);
    (report.influencers[0] as { -readonly [K in keyof InfluencerReport]: InfluencerReport[K] }).category = 'edited';
    const after = summaryCSV(report);
    expect(after).not.toBe(before);
    expect(after.split('\n')[1]).toContain(',edited,');

    const replaced = analyze({ aggregate: aggregate(rows), report: noReport }) as { -readonly [K in keyof AnalyzeReport]: AnalyzeReport[K] };
    replaced.influencers = replaced.influencers.slice(0, 2);
    expect(summaryCSV(replaced).trimEnd().split('\n')).toHaveLength(3);
    expect(influencerCount(replaced)).toBe(2);
  });

  it('writes only the header for a report without influencers', () => {
    const report = analyze({ aggregate: aggregate([]), report: noReport });
    expect(summaryCSV(report)).toBe(summaryColumns(report).map((c) => c.header).join(',') + '\n');
    expect(summaryCSV(report, { header: false, bom: true })).toBe('\uFEFF');
    expect(influencerCount(report)).toBe(0);
  });
});
