/**
 * The one calendar: proleptic Gregorian dates as day numbers (days since 1970-01-01), for every year
 * `0000` to `9999` alike (JavaScript's `Date.UTC` maps years below 100 into the 1900s; nothing here
 * uses it). Periods are days, ISO weeks (Monday first, week 1 holds the year's first Thursday) and
 * months.
 * @module
 */

/** A period unit. */
export type PeriodUnit = 'day' | 'week' | 'month';

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month and day of day number `z` (Hinnant's `civil_from_days`). */
export function civilFromDays(z: number): [year: number, month: number, day: number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** The first day of the month holding day number `z`. */
export function monthStartOf(z: number): number {
  return z - (civilFromDays(z)[2] - 1);
}

/** The Monday starting the ISO week of day number `z` (1970-01-01 was a Thursday). */
export const weekStartOf = (z: number): number => z - ((((z + 3) % 7) + 7) % 7);

/** Start (day number) of the period of unit `unit` holding day `z`. */
export function periodStartDay(z: number, unit: PeriodUnit): number {
  return unit === 'day' ? z : unit === 'week' ? weekStartOf(z) : monthStartOf(z);
}

/** Start (day number) of the period after the one starting on day `start`. */
export function nextPeriodStartDay(start: number, unit: PeriodUnit): number {
  if (unit === 'day') return start + 1;
  if (unit === 'week') return start + 7;
  const [y, m] = civilFromDays(start);
  return m === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1);
}

/** Day number of a `YYYY-MM-DD` date, or NaN for anything else (including impossible dates). */
export function isoDayNumber(date: string): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return NaN;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = date.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  if (m < 1 || m > 12 || d < 1) return NaN;
  const z = daysFromCivil(y, m, d);
  // Impossible days (2025-02-30) land in the next month.
  return d > 28 && civilFromDays(z)[2] !== d ? NaN : z;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a day number. */
export function formatDayNumber(z: number): string {
  const [y, m, d] = civilFromDays(z);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The key of the period starting on day `start`: `2025-09-03` (day), `2025-W36` (ISO week), `2025-09` (month). */
export function periodKeyOfDay(start: number, unit: PeriodUnit): string {
  if (unit === 'day') return formatDayNumber(start);
  if (unit === 'month') {
    const [y, m] = civilFromDays(start);
    return `${pad(y, 4)}-${pad(m)}`;
  }
  // The ISO week's year is its Thursday's; week 1 is the one holding that year's first Thursday.
  const [year] = civilFromDays(start + 3);
  const week = 1 + Math.floor((start + 3 - daysFromCivil(year, 1, 1)) / 7);
  return `${pad(year, 4)}-W${pad(week)}`;
}
