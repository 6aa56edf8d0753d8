import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { fromTable, toTable } from '../src/arquero/index.js';
import { analyze, parseEventsCSV } from '../src/index.js';
import { readText } from './helpers/csv.js';
import { withRows } from './helpers/rows.js';

describe('arquero adapter', () => {
  it('fromTable validates a table like parseEvents, with a row report', () => {
    const table = aq.table({
      influencer_id: ['a', 'b', 'c'],
      impressions: [100, 50, -1],
      clicks: [4, 2, 0],
      add_to_cart: [1, 1, 0],
      purchases: [1, 0, 0],
      revenue: [20.5, null, 1],
    });
    const { rows, report } = withRows(fromTable(table));
    expect(rows.map((r) => r.influencerId)).toEqual(['a', 'b']);
    expect(rows[1]!.revenue).toBeNull();
    expect(report).toMatchObject({ rows: 3, used: 2, rejected: 1 });
    expect(report.reasons.negative).toBe(1);
  });

  it('gives the same report from a table as from the CSV it came from', () => {
    const text = readText('test/fixtures/classic-small.csv');
    const viaTable = analyze(fromTable(aq.fromCSV(text, { parse: { influencer_id: String } })), { preset: 'classic' });
    const viaCsv = analyze(withRows(parseEventsCSV(text)), { preset: 'classic' });
    expect(viaTable.influencers).toEqual(viaCsv.influencers);
  });

  it('toTable gives a table users can keep slicing, leaving object fields out', () => {
    const report = analyze(readText('test/fixtures/classic-small.csv'), { preset: 'classic' });
    const table = toTable(report.influencers);
    expect(table.numRows()).toBe(6);
    expect(table.columnNames()).toContain('rpc');
    expect(table.columnNames()).not.toContain('contributions');
    const high = table.filter((d: { segment: string }) => d.segment === 'High Performer').array('influencerId');
    expect([...high].sort()).toEqual(report.influencers.filter((i) => i.segment === 'High Performer').map((i) => i.influencerId).sort());
  });

  it('toTable takes explicit columns and rejects non-arrays', () => {
    expect(toTable([{ a: 1, b: { c: 2 } }], { columns: ['b'] }).columnNames()).toEqual(['b']);
    expect(() => toTable('x' as never)).toThrow(/array of rows/);
    expect(() => fromTable({} as never)).toThrow(/arquero table/);
  });
});
