// Locale-aware formatting of money, dates and times through Intl, in the UI
// language. Amounts arrive in minor units (cents) with an ISO 4217 code.
import { utcDateMs } from '../../src-shared/calendar';
import { currencyDigits } from '../../src-shared/domain/common';
import { currentLocale, i18n } from '../app/i18n';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** Intl formatters are costly to build and rows format thousands of cells. */
function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const made = make();
  cache.set(key, made);
  return made;
}


export function formatMoney(minor: number, currency: string, compact = false): string {
  const locale = currentLocale();
  const value = minor / 10 ** currencyDigits(currency);
  try {
    const format = cached(numberFormats, `money:${locale}:${currency}:${String(compact)}`, () =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
      }),
    );
    return format.format(value);
  } catch {
    return `${value.toFixed(2)} ${currency}`;
  }
}

const currencyNames = new Map<string, Intl.DisplayNames>();

/** A currency's name in the UI language with its code, "Euro (EUR)" / "欧元（EUR）"; the code alone when Intl has no name for it. */
export function formatCurrencyName(currency: string): string {
  const locale = currentLocale();
  let name: string | undefined;
  try {
    name = cached(currencyNames, locale, () => new Intl.DisplayNames(locale, { type: 'currency', fallback: 'none' })).of(currency);
  } catch {
    name = undefined;
  }
  return name === undefined || name === currency ? currency : i18n.t('pipeline.currencyName', { name, code: currency });
}

export function formatNumber(value: number): string {
  const locale = currentLocale();
  return cached(numberFormats, `number:${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** An activity's length in whole minutes: "45 min", "2 h", "1 h 30 min" (and "1 小时 30 分钟"). */
export function formatDuration(totalMinutes: number): string {
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return i18n.t('duration.minutes', { count: minutes });
  if (minutes === 0) return i18n.t('duration.hours', { count: hours });
  return i18n.t('duration.hoursMinutes', { hours, minutes });
}

export function formatPercent(fraction: number): string {
  const locale = currentLocale();
  return cached(numberFormats, `percent:${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent' })).format(fraction);
}

/** A YYYY-MM-DD calendar date, shown without shifting it through a time zone. */
export function formatIsoDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return iso;
  const locale = currentLocale();
  const format = cached(dateFormats, `date:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }));
  return format.format(utcDateMs(year, month - 1, day));
}

export function formatMonth(yearMonth: string): string {
  const [year, month] = yearMonth.split('-').map(Number);
  if (year === undefined || month === undefined) return yearMonth;
  return monthFormat().format(utcDateMs(year, month - 1, 1));
}

/** A month with its year in the UI language ("Mar 2026", "2026年3月"). */
function monthFormat(): Intl.DateTimeFormat {
  const locale = currentLocale();
  return cached(dateFormats, `month:${locale}`, () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }));
}

/** A month's name alone in the UI language ("March", "三月"), `month` 1 to 12. */
export function formatMonthName(month: number): string {
  const locale = currentLocale();
  return cached(dateFormats, `month-name:${locale}`, () => new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' })).format(Date.UTC(2000, month - 1, 1));
}

/** A year alone in the UI language ("2026", "2026年"). */
export function formatYear(year: number): string {
  const locale = currentLocale();
  return cached(dateFormats, `year:${locale}`, () => new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' })).format(utcDateMs(year, 0, 1));
}

/** Whether the UI language writes a month's year before its name ("2026年3月") rather than after ("Mar 2026"). */
export function yearComesFirst(): boolean {
  const parts = monthFormat().formatToParts(Date.UTC(2000, 0, 1));
  return parts.findIndex((part) => part.type === 'year') < parts.findIndex((part) => part.type === 'month');
}

/** The zone read in this task; a microtask forgets it, so the next task reads it again. */
let zoneThisTask: string | undefined;

/**
 * The device's time zone now. A formatter without `timeZone` fixes the zone it
 * was built in, while `Date` (todayIso, the day filters) follows the device when
 * it changes zone; zoned formatters are cached per zone so both agree. Reading
 * the zone builds a formatter (about 100 µs), so one task's thousands of cells
 * share one read.
 */
function deviceZone(): string {
  if (zoneThisTask === undefined) {
    zoneThisTask = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    queueMicrotask(() => {
      zoneThisTask = undefined;
    });
  }
  return zoneThisTask;
}

export function formatDateTime(ms: number): string {
  const locale = currentLocale();
  const timeZone = deviceZone();
  const format = cached(dateFormats, `datetime:${locale}:${timeZone}`, () =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  );
  return format.format(ms);
}

export function formatTime(ms: number): string {
  const locale = currentLocale();
  const timeZone = deviceZone();
  return cached(dateFormats, `time:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone })).format(ms);
}

/**
 * The time alone when `ms` falls on the local day of `now`, else with its date: a snooze at 23:40 said "again at
 * 12:40 AM", which read as today's past midnight hour.
 */
export function formatTimeFrom(ms: number, now: number = Date.now()): string {
  return todayIso(new Date(ms)) === todayIso(new Date(now)) ? formatTime(ms) : formatDateTime(ms);
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

/** Local calendar days from `now`'s date to `ms`'s (negative: an earlier day). */
function calendarDays(ms: number, now: number): number {
  const dayNumber = (at: number) => {
    const date = new Date(at);
    return utcDateMs(date.getFullYear(), date.getMonth(), date.getDate()) / (24 * hourMs);
  };
  return Math.round(dayNumber(ms) - dayNumber(now));
}

/** At least one whole `unit`, with the sign of `value`. */
function atLeastOne(value: number): number {
  return Math.sign(value) * Math.max(1, Math.abs(value));
}

/**
 * "just now", "5 minutes ago", "in 3 hours", "yesterday", "in 4 days", "2 weeks
 * ago", in the UI language, by one rule: a time under a minute past is "just
 * now" (one ahead, "in 1 minute"); then whole minutes up to 59, whole hours up
 * to 23, local calendar days up to 13 (the day before and after by name), weeks
 * up to 4, months up to 11, then years, always as a number ("2 weeks ago",
 * never "last week" beside "7 days ago").
 */
export function formatRelative(ms: number, now: number = Date.now()): string {
  const locale = currentLocale();
  const numbered = cached(relativeFormats, `relative:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'always' }));
  const diff = ms - now;
  if (Math.abs(diff) < minuteMs) return diff > 0 ? numbered.format(1, 'minute') : i18n.t('status.justNow');
  const minutes = Math.round(diff / minuteMs);
  if (Math.abs(minutes) < 60) return numbered.format(minutes, 'minute');
  const hours = Math.round(diff / hourMs);
  if (Math.abs(hours) < 24) return numbered.format(hours, 'hour');
  const calendar = calendarDays(ms, now);
  // 23.5 to 24 hours apart on one calendar day (00:10 seen at 23:50; 25 on the day the clocks go back): still hours,
  // never "in 0 days" (it was, for a time past too).
  if (calendar === 0) return numbered.format(Math.sign(diff) * 23, 'hour');
  const days = atLeastOne(calendar);
  if (Math.abs(days) === 1) {
    return cached(relativeFormats, `relative-auto:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(days, 'day');
  }
  if (Math.abs(days) <= 13) return numbered.format(days, 'day');
  const weeks = Math.round(days / 7);
  if (Math.abs(weeks) <= 4) return numbered.format(weeks, 'week');
  const months = atLeastOne(Math.round(days / 30.44));
  if (Math.abs(months) < 12) return numbered.format(months, 'month');
  return numbered.format(atLeastOne(Math.round(days / 365.25)), 'year');
}

/** A line that already ends a sentence (its own full stop, question, ellipsis…), in either language. */
const endsSentence = /[.!?…。！？]$/u;

/**
 * Lines read as one text, each a sentence, in the UI language's punctuation:
 * "0 changes waiting. Last sync just now." / "0 项更改待同步。上次同步：刚刚。".
 * A line with a stop of its own keeps it (no ". ·" or "。。").
 */
export function formatSentences(lines: readonly string[]): string {
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => (endsSentence.test(line) ? line : i18n.t('status.sentence', { text: line })))
    .reduce((first, next) => (first === '' ? next : i18n.t('status.sentences', { first, next })), '');
}

/** Today's date in the local time zone as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Initials for an avatar: first letter of the first two words (one CJK character). */
export function initials(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '?';
  const first = Array.from(trimmed)[0] ?? '?';
  if (/\p{Script=Han}/u.test(first)) return first;
  const words = trimmed.split(/\s+/);
  const second = words.length > 1 ? (Array.from(words[words.length - 1] ?? '')[0] ?? '') : '';
  return (first + second).toUpperCase();
}
