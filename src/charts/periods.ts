/**
 * Calendar periods of ISO dates: days, ISO weeks (Monday first, `2025-W36`) and months.
 * @module
 */
import { InvalidInputError, InvalidOptionsError } from '../contract/errors.js';

/** A period unit. */
export type PeriodUnit = 'day' | 'week' | 'month';

/** A period: its key and the ISO date it starts on. */
export interface Period {
  /** `2025-09-03` (day), `2025-W36` (ISO week), `2025-09` (month). */
  readonly period: string;
  /** First day of the period, `YYYY-MM-DD` (a Monday for weeks). */
  readonly start: string;
}

const DAY = 86_400_000;

/** The period units. */
export const PERIOD_UNITS: readonly PeriodUnit[] = Object.freeze(['day', 'week', 'month']);

/** Checks a period unit. */
export function checkUnit(unit: unknown): PeriodUnit {
  if (!PERIOD_UNITS.includes(unit as PeriodUnit)) {
    throw new InvalidOptionsError(`A period must be "day", "week" or "month", got "${String(unit)}".`, [{ path: 'period', message: 'unknown period' }]);
  }
  return unit as PeriodUnit;
}
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch of an ISO date at UTC midnight; throws on an invalid date. */
export function parseISODate(date: string): number {
  const m = typeof date === 'string' ? ISO.exec(date) : null;
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return t;
  }
  throw new InvalidInputError(`"${String(date)}" is not an ISO date (YYYY-MM-DD).`, { value: date });
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a UTC timestamp. */
export function formatISODate(t: number): string {
  const d = new Date(t);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Start (UTC ms) of the period holding `t`. */
export function periodStartOf(t: number, unit: PeriodUnit): number {
  if (unit === 'day') return t;
  const d = new Date(t);
  if (unit === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return t - ((d.getUTCDay() + 6) % 7) * DAY;
}

/** Start (UTC ms) of the period after the one starting at `start`. */
export function nextPeriodStart(start: number, unit: PeriodUnit): number {
  if (unit === 'day') return start + DAY;
  if (unit === 'week') return start + 7 * DAY;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The key of the period starting at `start` (UTC ms). */
export function periodKey(start: number, unit: PeriodUnit): string {
  if (unit === 'day') return formatISODate(start);
  const d = new Date(start);
  if (unit === 'month') return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}`;
  const thursday = new Date(start + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY / 7);
  return `${pad(year, 4)}-W${pad(week)}`;
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
  const start = periodStartOf(parseISODate(date), unit);
  return { period: periodKey(start, unit), start: formatISODate(start) };
}
