// Calendar dates as epoch ms, for any four-digit year. `Date.UTC(y, …)` and
// `new Date(y, m, d)` read a year from 0 to 99 as 1900 to 1999, so 0001-01-01
// would become 1901-01-01; these set the full year after building the date.

/** Midnight UTC of a calendar date, `monthIndex` 0 to 11, in epoch ms. */
export function utcDateMs(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

/**
 * A calendar date and time in the local time zone, `monthIndex` 0 to 11, in epoch ms. A time named twice
 * (clocks going back) is read as the first; one that never happens (clocks going forward) is moved on by the
 * shift, as `Date` does: for a time a user typed, use localWallTimes, which tells both apart.
 */
export function localDateMs(year: number, monthIndex: number, day: number, hours = 0, minutes = 0): number {
  const date = new Date(2000, 0, 1);
  date.setFullYear(year, monthIndex, day);
  date.setHours(hours, minutes, 0, 0);
  return date.getTime();
}

const dayMs = 24 * 60 * 60 * 1000;

/** The local clock's reading of an instant, as the epoch ms UTC would have at that reading. */
function localReadingAsUtc(instant: number): number {
  const local = new Date(instant);
  const reading = new Date(0);
  reading.setUTCFullYear(local.getFullYear(), local.getMonth(), local.getDate());
  reading.setUTCHours(local.getHours(), local.getMinutes(), local.getSeconds(), local.getMilliseconds());
  return reading.getTime();
}

/**
 * The instants at which the local clock reads this date and time, earliest first: one on most days; two
 * in the hour (or half hour) named twice when the clocks go back; none in the gap when they go forward. The
 * zone's offsets a day either side are those the wall time can be read with (no zone shifts twice a day),
 * each to the second (getTimezoneOffset rounds a local mean time's -4:56:02 to whole minutes).
 */
export function localWallTimes(year: number, monthIndex: number, day: number, hours: number, minutes: number): number[] {
  const wall = new Date(0);
  wall.setUTCFullYear(year, monthIndex, day);
  wall.setUTCHours(hours, minutes, 0, 0);
  const asUtc = wall.getTime();
  const offsets = new Set([-dayMs, 0, dayMs].map((shift) => localReadingAsUtc(asUtc + shift) - (asUtc + shift)));
  const instants = new Set<number>();
  for (const offset of offsets) {
    const instant = asUtc - offset;
    if (localReadingAsUtc(instant) === asUtc) instants.add(instant);
  }
  return [...instants].sort((a, b) => a - b);
}
