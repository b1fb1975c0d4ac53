// Calendar dates as epoch ms, for any four-digit year. `Date.UTC(y, …)` and
// `new Date(y, m, d)` read a year from 0 to 99 as 1900 to 1999, so 0001-01-01
// would become 1901-01-01; these set the full year after building the date.

/** Midnight UTC of a calendar date, `monthIndex` 0 to 11, in epoch ms. */
export function utcDateMs(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

/** A calendar date and time in the local time zone, `monthIndex` 0 to 11, in epoch ms. */
export function localDateMs(year: number, monthIndex: number, day: number, hours = 0, minutes = 0): number {
  const date = new Date(2000, 0, 1);
  date.setFullYear(year, monthIndex, day);
  date.setHours(hours, minutes, 0, 0);
  return date.getTime();
}
