import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactSum } from '../src/base/exact-sum.js';
import { analyze, funnelMetrics, InvalidOptionsError, parseEvents, trend, type EventRow } from '../src/index.js';
import { aggregate, mergeAggregates } from '../src/aggregate/aggregate.js';
import { formatDayNumber, isoDayNumber, periodStartDay } from '../src/base/calendar.js';
import { autoUnitForSpan, PeriodCells, type PeriodTable } from '../src/aggregate/period-cells.js';
import { exportPeriodCells, mergePeriodCells } from '../src/aggregate/raw-state.js';
import { smallSampleEstimates } from '../src/metrics/small-sample.js';
import { event } from './helpers/rows.js';
import { withRows } from './helpers/rows.js';

const DAY = 86_400_000;

/** Cells of a table as sorted plain rows, for comparing tables built different ways. */
function cellsOf(table: PeriodTable) {
  const out = [];
  for (let c = 0; c < table.influencer.length; c++) {
    out.push({
      id: table.ids[table.influencer[c]!]!,
      start: formatDayNumber(table.start[c]!),
      rows: table.rows[c],
      impressions: table.impressions[c],
      clicks: table.clicks[c],
      addToCart: table.addToCart[c],
      purchases: table.purchases[c],
      revenue: Number.isNaN(table.revenue[c]) ? null : table.revenue[c],
      cost: Number.isNaN(table.cost[c]) ? null : table.cost[c],
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** Oracle: rows grouped by (id, period start) directly, money summed exactly, in `cellsOf` order. */
function expectedCells(rows: readonly EventRow[], unit: 'day' | 'week' | 'month') {
  const groups = new Map<string, EventRow[]>();
  for (const row of rows) {
    const key = `${row.influencerId}|${formatDayNumber(periodStartDay(isoDayNumber(row.date!), unit))}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(row);
  }
  const expected = [...groups].map(([key, g]) => {
    const [id, start] = key.split('|');
    const money = (k: 'revenue' | 'cost') => (g.some((r) => r[k] !== null) ? exactSum(g.map((r) => r[k] ?? 0)) : null);
    const sum = (k: 'impressions' | 'clicks' | 'addToCart' | 'purchases') => g.reduce((s, r) => s + r[k], 0);
    return { id, start, rows: g.length, impressions: sum('impressions'), clicks: sum('clicks'), addToCart: sum('addToCart'), purchases: sum('purchases'), revenue: money('revenue'), cost: money('cost') };
  });
  return expected.sort((a, b) => (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : a.start! < b.start! ? -1 : 1));
}

/** Feeds rows (in the given order) to a fresh PeriodCells; influencer slots in order of appearance. */
function feed(rows: readonly EventRow[], granularity: 'auto' | 'day' | 'week' | 'month' = 'auto') {
  const cells = new PeriodCells(granularity);
  const ids: string[] = [];
  const slots = new Map<string, number>();
  for (const row of rows) {
    if (row.date === null) continue;
    let g = slots.get(row.influencerId);
    if (g === undefined) slots.set(row.influencerId, (g = ids.push(row.influencerId) - 1));
    const v = cells.row;
    v.set([1, row.impressions, row.clicks, row.addToCart, row.purchases, row.revenue ?? NaN, row.cost ?? NaN, row.revenue === null ? 0 : 1, row.cost === null ? 0 : 1]);
    cells.add(g, isoDayNumber(row.date));
  }
  return { cells, ids, slots };
}

/** Random event rows over `span` days from a random start, several per influencer and day, in random order. */
const rowsCase = fc
  .record({
    span: fc.constantFrom(1, 30, 120, 121, 200, 731, 732, 900),
    start: fc.integer({ min: 18000, max: 21000 }),
    cost: fc.boolean(),
    n: fc.integer({ min: 2, max: 60 }),
  })
  .chain(({ span, start, cost, n }) =>
    fc
      .array(
        fc.record({
          id: fc.constantFrom('1', '2', '10', 'x'),
          offset: fc.integer({ min: 0, max: span - 1 }),
          impressions: fc.integer({ min: 0, max: 5000 }),
          clicks: fc.integer({ min: 0, max: 300 }),
          addToCart: fc.integer({ min: 0, max: 40 }),
          purchases: fc.integer({ min: 0, max: 20 }),
          cents: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { freq: 5 }),
          costCents: fc.integer({ min: 0, max: 100_000 }),
        }),
        { minLength: n, maxLength: n },
      )
      .map((raw) => {
        // Both ends of the span present, so the span is the one drawn.
        raw[0]!.offset = 0;
        raw[raw.length - 1]!.offset = span - 1;
        return raw.map((r) =>
          event({
            influencerId: r.id,
            date: formatDayNumber(start + r.offset),
            impressions: r.impressions,
            clicks: r.clicks,
            addToCart: r.addToCart,
            purchases: r.purchases,
            revenue: r.cents === null ? null : r.cents / 100,
            cost: cost ? r.costCents / 100 : null,
          }),
        );
      })
      .chain((rows) => fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }).map((shuffled) => ({ span, rows: shuffled }))),
  );

describe('day numbers and period starts', () => {
  it('match the calendar (Date.UTC) for any date from year 1 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1, 0, 1) / DAY, max: Date.UTC(9999, 11, 31) / DAY }), (z) => {
        const t = z * DAY;
        const date = new Date(t).toISOString().slice(0, 10);
        expect(isoDayNumber(date)).toBe(z);
        expect(formatDayNumber(z)).toBe(date);
        // Oracle: the month's first day and the week's Monday by JavaScript's own calendar.
        const d = new Date(t);
        const month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
        expect(periodStartDay(z, 'day')).toBe(z);
        expect(periodStartDay(z, 'week') * DAY).toBe(t - ((d.getUTCDay() + 6) % 7) * DAY);
        if (d.getUTCFullYear() >= 100) expect(periodStartDay(z, 'month') * DAY).toBe(month);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not an ISO calendar date', () => {
    for (const bad of ['2025-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00', '2025-1-01', '20250101', '2025/01/01', '']) expect(isoDayNumber(bad)).toBeNaN();
    expect(isoDayNumber('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / DAY);
  });

  it('auto picks days up to 120 days, weeks up to 731, then months', () => {
    expect([1, 120, 121, 731, 732].map(autoUnitForSpan)).toEqual(['day', 'day', 'week', 'week', 'month']);
  });
});

describe('PeriodCells', () => {
  it('sums per influencer and period at the unit the whole span calls for, however the dates arrive', () => {
    fc.assert(
      fc.property(rowsCase, ({ span, rows }) => {
        const unit = autoUnitForSpan(span);
        const { cells, ids } = feed(rows);
        const table = cells.table(ids);
        expect(table.unit).toBe(unit);
        expect(cellsOf(table)).toEqual(expectedCells(rows, unit));
        const dates = rows.map((r) => r.date!).sort();
        expect([table.first, table.last]).toEqual([dates[0], dates.at(-1)]);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps thousands of cells exactly as they grow, when cost first appears midway, and through a merge', () => {
    // 40 influencers over 100 days (day cells, kept as columns) and over 400 days (rolled into week
    // cells, kept cell by cell): several times the tables' first capacity of 1,024 cells.
    for (const span of [100, 400]) {
      let seed = span;
      const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const rows: EventRow[] = [];
      for (let day = 0; day < span; day++) {
        for (let i = 0; i < 40; i++) {
          rows.push(
            event({
              influencerId: String(i),
              date: formatDayNumber(20000 + day),
              impressions: Math.floor(random() * 5000),
              clicks: Math.floor(random() * 300),
              addToCart: Math.floor(random() * 40),
              purchases: Math.floor(random() * 20),
              revenue: random() < 0.2 ? null : Math.floor(random() * 1e7) / 100,
              cost: day < span / 2 ? null : Math.floor(random() * 1e5) / 100,
            }),
          );
        }
      }
      const unit = autoUnitForSpan(span);
      const whole = feed(rows);
      const half = rows.length / 2;
      const merged = new PeriodCells('auto');
      const first = feed(rows.slice(0, half));
      const second = feed(rows.slice(half));
      mergePeriodCells(merged, structuredClone(exportPeriodCells(first.cells)), first.ids.map(Number));
      mergePeriodCells(merged, structuredClone(exportPeriodCells(second.cells)), second.ids.map(Number));
      const expected = expectedCells(rows, unit);
      expect(cellsOf(whole.cells.table(whole.ids))).toEqual(expected);
      expect(cellsOf(merged.table(whole.ids))).toEqual(expected);
      for (const fixed of ['day', 'week', 'month'] as const) expect(cellsOf(feed(rows, fixed).cells.table(whole.ids))).toEqual(expectedCells(rows, fixed));
    }
  });

  it('merges parts (each with its own span and slots) into exactly the cells of the whole', () => {
    fc.assert(
      fc.property(rowsCase, fc.integer({ min: 1, max: 4 }), fc.boolean(), ({ rows }, parts, sorted) => {
        // Date-sorted input split in parts gives parts with shorter spans (finer units) than the whole.
        const input = sorted ? [...rows].sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0)) : rows;
        const size = Math.ceil(input.length / parts);
        const whole = feed(input);
        const merged = new PeriodCells('auto');
        const ids: string[] = [];
        const slots = new Map<string, number>();
        for (let p = 0; p < parts; p++) {
          const part = feed(input.slice(p * size, (p + 1) * size));
          const map = part.ids.map((id) => slots.get(id) ?? (slots.set(id, ids.length), ids.push(id) - 1));
          mergePeriodCells(merged, structuredClone(exportPeriodCells(part.cells)), map);
        }
        expect(cellsOf(merged.table(ids))).toEqual(cellsOf(whole.cells.table(whole.ids)));
      }),
      { numRuns: 120 },
    );
  });

  it('lets trend read a table, rolling days up but refusing finer units than it holds', () => {
    const rows = [
      event({ influencerId: 'a', date: '2025-09-01', clicks: 3, impressions: 100, revenue: 0.1 }),
      event({ influencerId: 'b', date: '2025-09-09', clicks: 4, impressions: 100, revenue: 0.2 }),
      event({ influencerId: 'a', date: '2025-09-10', clicks: 5, impressions: 100, revenue: 0.3 }),
    ];
    const days = feed(rows, 'day');
    const table = days.cells.table(days.ids);
    for (const period of ['day', 'week', 'month', 'auto'] as const) expect(trend(table, { period })).toEqual(trend(rows, { period }));
    const weeks = feed(rows, 'week');
    const weekTable = weeks.cells.table(weeks.ids);
    expect(trend(weekTable, { period: 'week', by: 'influencer' })).toEqual(trend(rows, { period: 'week', by: 'influencer' }));
    expect(() => trend(weekTable, { period: 'day' })).toThrow(InvalidOptionsError);
    // The table is the cells' own storage (its money rounded in place): the cells hand it out once.
    expect(() => weeks.cells.table(weeks.ids)).toThrow(/cannot be called twice/);
  });
});

describe('money noise per row', () => {
  it('analyze reads the same within-influencer noise as smallSampleEstimates on the event rows, in any order', () => {
    fc.assert(
      fc.property(rowsCase, ({ rows }) => {
        const parsed = withRows(parseEvents(rows));
        const report = analyze(parsed);
        const lines = aggregate(parsed.rows).groups.map(({ state: _state, ...g }) => ({ ...g, ...funnelMetrics(g) }));
        const expected = smallSampleEstimates(lines, parsed.rows);
        expect(report.priors.rpc).toEqual(expected.priors.rpc);
        expect(report.priors.rpi).toEqual(expected.priors.rpi);
        const byId = new Map(expected.lines.map((l) => [l.influencerId, l]));
        for (const line of report.influencers) {
          expect(line.rpcShrunk).toBe(byId.get(line.influencerId)!.rpcShrunk);
          expect(line.rpiShrunk).toBe(byId.get(line.influencerId)!.rpiShrunk);
        }
        // The aggregate's noise sums (and the per-day groups behind the trend) survive a merge of parts exactly.
        const half = Math.floor(rows.length / 2);
        const parts = [aggregate(parsed.rows.slice(0, half), { by: ['date'] }), aggregate(parsed.rows.slice(half), { by: ['date'], offset: half })];
        expect(analyze({ aggregate: mergeAggregates(parts), report: parsed.report })).toEqual(report);
      }),
      { numRuns: 60 },
    );
  });
});
