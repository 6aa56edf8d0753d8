import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, formatDayNumber, isoDayNumber, nextPeriodStartDay, periodKeyOfDay, periodStartDay } from '../../src/base/calendar.js';

const DAY = 86_400_000;

/** JavaScript's own calendar, years 0 to 9999 (setUTCFullYear, since Date.UTC maps years below 100 into the 1900s). */
function utc(y: number, m: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime();
}

const day = fc.integer({ min: Math.round(utc(0, 1, 1) / DAY), max: Math.round(utc(9999, 12, 31) / DAY) });

describe('the calendar (day numbers)', () => {
  it('agrees with JavaScript dates for every year from 0000 to 9999, years below 100 included', () => {
    fc.assert(
      fc.property(day, (z) => {
        const d = new Date(z * DAY);
        const [y, m, dd] = civilFromDays(z);
        expect([y, m, dd]).toEqual([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
        expect(daysFromCivil(y, m, dd)).toBe(z);
        const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
        expect(formatDayNumber(z)).toBe(text);
        expect(isoDayNumber(text)).toBe(z);
        expect(periodStartDay(z, 'month')).toBe(Math.round(utc(y, m, 1) / DAY));
        expect(periodStartDay(z, 'week')).toBe(z - ((d.getUTCDay() + 6) % 7));
        expect(nextPeriodStartDay(periodStartDay(z, 'month'), 'month')).toBe(Math.round(utc(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) / DAY));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps year 0050 in the first century and names ISO weeks by their Thursday', () => {
    expect(formatDayNumber(isoDayNumber('0050-03-01'))).toBe('0050-03-01');
    expect(periodKeyOfDay(isoDayNumber('2024-12-30'), 'week')).toBe('2025-W01');
    expect(periodKeyOfDay(periodStartDay(isoDayNumber('2021-01-03'), 'week'), 'week')).toBe('2020-W53');
    expect(periodKeyOfDay(isoDayNumber('2025-09-01'), 'week')).toBe('2025-W36');
    expect(periodKeyOfDay(isoDayNumber('0050-03-14'), 'month')).toBe('0050-03');
    expect(isoDayNumber('2025-02-29')).toBeNaN();
    expect(isoDayNumber('2024-02-29')).toBe(isoDayNumber('2024-02-28') + 1);
  });
});
