import { describe, expect, it } from 'vitest';
import { analyze, parseEventsCSV, summaryCSV } from '../src/index.js';
import { expectClose, readRecords, readText } from './helpers/csv.js';

const NUMERIC = ['impressions', 'clicks', 'add_to_cart', 'purchases', 'revenue', 'ctr', 'atc_rate', 'purchase_rate', 'overall_conv', 'rpc', 'rpi', 'follower_count', 'influencer_score'];
const HEADER = 'influencer_id,impressions,clicks,add_to_cart,purchases,revenue,ctr,atc_rate,purchase_rate,overall_conv,rpc,rpi,follower_count,category,influencer_score,segment_3';

describe.each([
  ['small hand-made fixture', 'test/fixtures/classic-small'],
  ['bundled sample', 'examples/data/events'],
])('classic preset against the pandas recipe: %s', (_, base) => {
  const input = `${base}.csv`;
  const expectedBase = base.startsWith('examples') ? 'test/fixtures/classic-sample' : base;
  const report = analyze(parseEventsCSV(readText(input)), { preset: 'classic' });
  const expected = readRecords(`${expectedBase}.expected.csv`);
  const cuts = JSON.parse(readText(`${expectedBase}.cuts.json`)) as { q1: number; q2: number };
  const actual = readRecordsFromText(summaryCSV(report));

  it('writes the recipe columns in order', () => {
    expect(summaryCSV(report).split('\n')[0]).toBe(HEADER);
  });

  it('orders influencers by numeric id', () => {
    expect(actual.map((r) => r.influencer_id)).toEqual(expected.map((r) => r.influencer_id));
  });

  it('matches every value to 1e-9 relative', () => {
    expect(actual).toHaveLength(expected.length);
    actual.forEach((row, i) => {
      const want = expected[i]!;
      for (const column of NUMERIC) {
        const a = row[column] === '' ? null : Number(row[column]);
        const e = want[column] === '' ? null : Number(want[column]);
        try {
          expectClose(a, e);
        } catch (error) {
          throw new Error(`influencer ${want.influencer_id}, ${column}: ${(error as Error).message}`);
        }
      }
      expect(row.category).toBe(want.category);
      expect(row.segment_3).toBe(want.segment_3);
    });
  });

  it('cuts at the 0.33 and 0.66 quantiles', () => {
    expectClose(report.cuts[0]!, cuts.q1);
    expectClose(report.cuts[1]!, cuts.q2);
  });
});

function readRecordsFromText(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const names = header!.split(',');
  // The classic summary has no quoted cells (ids, numbers, simple labels), so a split is exact here.
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v])));
}

describe('classic preset details', () => {
  const report = analyze(readText('test/fixtures/classic-small.csv'), { preset: 'classic' });
  const byId = new Map(report.influencers.map((i) => [i.influencerId, i]));

  it('breaks a category tie by the first value in sort order', () => {
    // influencer 10 has two fashion rows (first) and two beauty rows
    expect(byId.get('10')!.category).toBe('beauty');
  });

  it('takes the follower count of the first row', () => {
    expect(byId.get('2')!.followerCount).toBe(12000);
  });

  it('leaves zero-denominator rows out of the mean of row rates', () => {
    // influencer 9 has a zero-impression day: its ctr is the mean of the other three days
    const expected = (900 / 60000 + 1125 / 45000 + 780 / 52000) / 3;
    expectClose(byId.get('9')!.ctr, expected, 1e-12);
  });

  it('sorts ids that order differently as text and as numbers numerically', () => {
    expect(report.influencers.map((i) => i.influencerId)).toEqual(['2', '4', '9', '10', '33', '101']);
  });

  it('gives contributions that add up to the score', () => {
    for (const row of report.influencers) {
      const sum = Object.values(row.contributions).reduce((s, v) => s + v, 0);
      expectClose(sum, row.score, 1e-12);
    }
  });
});
