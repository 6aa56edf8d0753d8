import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../src/aggregate/aggregate.js';
import { analyze, parseEvents, summaryColumns, summaryCSV, toCSV, type AnalyzeReport, type InfluencerReport } from '../src/index.js';
import type { EventRow } from '../src/contract/types.js';

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

describe('summaryCSV (one writer, reading the report lines)', () => {
  it('writes the summary of a report, of its clone and of its JSON round trip as toCSV of its lines', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.constantFrom('default' as const, 'classic' as const), csvOptions, (rows, preset, options) => {
        const report = analyze({ aggregate: aggregate(rows), report: noReport }, { preset });
        const text = summaryCSV(report, options);
        expect(text).toBe(toCSV(report.influencers, { ...options, columns: summaryColumns(report) as never }));
        expect(summaryCSV(structuredClone(report), options)).toBe(text);
        expect(summaryCSV(JSON.parse(JSON.stringify(report)) as AnalyzeReport, options)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('is plain data: own enumerable fields, lines in rank order', () => {
    const rows = fc.sample(row, { numRuns: 80, seed: 4 });
    const report = analyze({ aggregate: aggregate(rows), report: noReport });
    expect(Object.keys(report)).toEqual(['preset', 'influencers', 'cuts', 'segments', 'priors', 'charts', 'input']);
    for (const key of Object.keys(report)) expect(Object.getOwnPropertyDescriptor(report, key)!.get).toBeUndefined();
    expect(Object.getOwnPropertySymbols(report)).toEqual([]);
    expect(structuredClone(report)).toEqual(report);
    expect(report.influencers.map((l) => l.rank)).toEqual([...report.influencers.map((l) => l.rank)].sort((a, b) => (a ?? Infinity) - (b ?? Infinity)));
  });

  it('writes edits to lines, and lines set in their place', () => {
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
  });

  it('writes only the header for a report without influencers', () => {
    const report = analyze({ aggregate: aggregate([]), report: noReport });
    expect(summaryCSV(report)).toBe(summaryColumns(report).map((c) => c.header).join(',') + '\n');
    expect(summaryCSV(report, { header: false, bom: true })).toBe('\uFEFF');
  });
});
