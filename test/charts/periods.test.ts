import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidOptionsError, periodOf } from '../../src/index.js';

describe('periodOf', () => {
  it.each([
    ['2025-09-03', '2025-W36', '2025-09-01'],
    ['2024-12-30', '2025-W01', '2024-12-30'], // Monday of the week holding 2 January 2025 (a Thursday)
    ['2021-01-03', '2020-W53', '2020-12-28'], // a Sunday still in the last week of 2020
    ['2020-12-31', '2020-W53', '2020-12-28'],
    ['2016-01-03', '2015-W53', '2015-12-28'],
    ['2019-12-30', '2020-W01', '2019-12-30'],
    ['2026-01-01', '2026-W01', '2025-12-29'],
    ['2024-02-29', '2024-W09', '2024-02-26'],
  ])('puts %s in ISO week %s starting %s', (date, period, start) => {
    expect(periodOf(date, 'week')).toEqual({ period, start });
  });

  it('gives days and months', () => {
    expect(periodOf('2025-09-03', 'day')).toEqual({ period: '2025-09-03', start: '2025-09-03' });
    expect(periodOf('2025-09-03', 'month')).toEqual({ period: '2025-09', start: '2025-09-01' });
    expect(periodOf('2024-12-31', 'month')).toEqual({ period: '2024-12', start: '2024-12-01' });
  });

  it('starts every week on a Monday within the 7 days up to the date', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const t = ms - (ms % 86_400_000);
        const date = new Date(t).toISOString().slice(0, 10);
        const { period, start } = periodOf(date, 'week');
        const s = Date.parse(`${start}T00:00:00Z`);
        expect(new Date(s).getUTCDay()).toBe(1);
        expect(t - s).toBeGreaterThanOrEqual(0);
        expect(t - s).toBeLessThan(7 * 86_400_000);
        // The ISO year is the year of the week's Thursday.
        expect(period.slice(0, 4)).toBe(String(new Date(s + 3 * 86_400_000).getUTCFullYear()));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects invalid dates and units with typed errors', () => {
    expect(() => periodOf('2025-02-30', 'day')).toThrow(InvalidInputError);
    expect(() => periodOf('03/09/2025', 'day')).toThrow(/not an ISO date/);
    expect(() => periodOf('2025-09-03', 'year' as 'day')).toThrow(InvalidOptionsError);
  });
});
