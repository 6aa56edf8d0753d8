/**
 * Calendar periods of ISO dates: days, ISO weeks (Monday first, `2025-W36`) and months.
 * @module
 */
import { formatDayNumber, isoDayNumber, periodKeyOfDay, periodStartDay, type PeriodUnit } from '../base/calendar.js';
import { InvalidInputError, InvalidOptionsError } from '../contract/errors.js';

export type { PeriodUnit } from '../base/calendar.js';

/** A period: its key and the ISO date it starts on. */
export interface Period {
  /** `2025-09-03` (day), `2025-W36` (ISO week), `2025-09` (month). */
  readonly period: string;
  /** First day of the period, `YYYY-MM-DD` (a Monday for weeks). */
  readonly start: string;
}

/** The period units. */
export const PERIOD_UNITS: readonly PeriodUnit[] = Object.freeze(['day', 'week', 'month']);

/** Checks a period unit. */
export function checkUnit(unit: unknown): PeriodUnit {
  if (!PERIOD_UNITS.includes(unit as PeriodUnit)) {
    throw new InvalidOptionsError(`A period must be "day", "week" or "month", got "${String(unit)}".`, [{ path: 'period', message: 'unknown period' }]);
  }
  return unit as PeriodUnit;
}
/** Day number of an ISO date; throws on anything else. */
export function dayOfISODate(date: string): number {
  const day = typeof date === 'string' ? isoDayNumber(date) : NaN;
  if (day !== day) throw new InvalidInputError(`"${String(date)}" is not an ISO date (YYYY-MM-DD).`, { value: date });
  return day;
}

/**
 * The period of an ISO date: the day itself, its ISO week (weeks start on Monday; week 1 holds the
 * year's first Thursday, so `2024-12-30` is in `2025-W01`) or its month.
 *
 * @example
 * ```ts
 * periodOf('2025-09-03', 'week'); // { period: '2025-W36', start: '2025-09-01' }
 * periodOf('2024-12-30', 'week'); // { period: '2025-W01', start: '2024-12-30' }
 * periodOf('2025-09-03', 'month'); // { period: '2025-09', start: '2025-09-01' }
 * ```
 */
export function periodOf(date: string, unit: PeriodUnit): Period {
  checkUnit(unit);
  const start = periodStartDay(dayOfISODate(date), unit);
  return { period: periodKeyOfDay(start, unit), start: formatDayNumber(start) };
}
