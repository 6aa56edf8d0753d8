import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, analyze, parseEventsCSV, summaryCSV } from '../src/index.js';
import { withRows } from './helpers/rows.js';

const [HEADER, ...LINES] = readFileSync(new URL('../examples/data/events.csv', import.meta.url), 'utf8').trimEnd().split('\n');

// Rows chosen to make order matter if anything summed naively: amounts of very different
// magnitudes, ids that sort differently as numbers and as text, and ids in several scripts.
const TRICKY = [
  '007,1000,10,2,1,1e15',
  '7,1000,10,2,1,0.1',
  '007,1000,10,2,1,0.2',
  '7,1000,10,2,1,0.3',
  '007,1000,10,2,1,1e-9',
  '__proto__,500,5,1,1,3.3',
  'constructor,500,5,1,1,3.3',
  '田中,800,8,2,1,33.33',
  '😀,800,8,2,1,33.33',
  'Zoë,800,8,2,0,',
].map((row) => {
  const [id, ...rest] = row.split(',');
  // Fit the sample's header: influencer_id,campaign_type,date,category,follower_count,engagement_rate,impressions,clicks,add_to_cart,purchases,revenue
  return `${id},Conversion,2025-09-0${(id!.length % 9) + 1},beauty,1000,0.05,${rest.join(',')}`;
});

function summaryOf(lines: readonly string[]): string {
  return summaryCSV(analyze(withRows(parseEventsCSV(`${HEADER}\n${lines.join('\n')}\n`))));
}

describe('determinism: the same rows in any order give byte-identical summaries', () => {
  const all = [...LINES, ...TRICKY];
  const reference = summaryOf(all);

  it('holds for the sample plus tricky rows under random shuffles (default preset)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (shuffled) => {
        expect(summaryOf(shuffled)).toBe(reference);
      }),
      { numRuns: 15 },
    );
  });

  it('holds for reversed input, and for the full JSON of the influencers', () => {
    const reversed = [...all].reverse();
    expect(summaryOf(reversed)).toBe(reference);
    const a = analyze(withRows(parseEventsCSV(`${HEADER}\n${all.join('\n')}\n`)));
    const b = analyze(withRows(parseEventsCSV(`${HEADER}\n${reversed.join('\n')}\n`)));
    expect(JSON.stringify(b.influencers)).toBe(JSON.stringify(a.influencers));
    expect(JSON.stringify(b.charts)).toBe(JSON.stringify(a.charts));
    expect(reference).toMatch(/^田中,/m);
  });

  it('holds for small random tables with duplicated ids and awkward amounts', () => {
    const row = fc.record({
      id: fc.constantFrom('1', '01', '10', '2', 'a', '__proto__', '😀'),
      impressions: fc.integer({ min: 0, max: 10_000 }),
      clicks: fc.integer({ min: 0, max: 500 }),
      atc: fc.integer({ min: 0, max: 50 }),
      purchases: fc.integer({ min: 0, max: 20 }),
      revenue: fc.oneof(fc.constant(''), fc.double({ min: 0, max: 1e12, noNaN: true }).map(String)),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.nat(), (rows, seed) => {
        const lines = rows.map((r) => `${r.id},C,2025-09-01,x,10,0.1,${r.impressions},${r.clicks},${r.atc},${r.purchases},${r.revenue}`);
        const shuffled = lines
          .map((l, i) => ({ l, k: (i * 2654435761 + seed) % 4294967296 }))
          .sort((x, y) => x.k - y.k)
          .map((x) => x.l);
        expect(summaryOf(shuffled)).toBe(summaryOf(lines));
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same report from rows as from their aggregate by date (property)', () => {
    const row = fc.record({
      id: fc.constantFrom('1', '01', '10', '2', 'a', '__proto__'),
      date: fc.constantFrom('2025-09-01', '2025-09-02', '2025-10-15', ''),
      category: fc.constantFrom('x', 'y', ''),
      followers: fc.constantFrom('10', '200', ''),
      impressions: fc.integer({ min: 0, max: 10_000 }),
      clicks: fc.integer({ min: 0, max: 500 }),
      atc: fc.integer({ min: 0, max: 50 }),
      purchases: fc.integer({ min: 0, max: 20 }),
      revenue: fc.oneof(fc.constant(''), fc.double({ min: 0, max: 1e9, noNaN: true }).map(String)),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.constantFrom('default', 'classic') as fc.Arbitrary<'default' | 'classic'>, (rows, preset) => {
        const text = [
          'influencer_id,campaign_type,date,category,follower_count,engagement_rate,impressions,clicks,add_to_cart,purchases,revenue',
          ...rows.map((r) => `${r.id},C,${r.date},${r.category},${r.followers},0.1,${r.impressions},${r.clicks},${r.atc},${r.purchases},${r.revenue}`),
        ].join('\n');
        const parsed = withRows(parseEventsCSV(text));
        const fromAggregate = analyze({ aggregate: aggregate(parsed.rows, { by: ['date'] }), report: parsed.report }, { preset });
        expect(JSON.stringify(analyze(parsed, { preset }))).toBe(JSON.stringify(fromAggregate));
      }),
      { numRuns: 100 },
    );
  });
});
