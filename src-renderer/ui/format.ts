// Locale-aware formatting of money, dates and times through Intl, in the UI
// language. Amounts arrive in minor units (cents) with an ISO 4217 code.
import { currencyDigits } from '../../src-shared/domain/common';
import { currentLocale } from '../app/i18n';

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

export function formatNumber(value: number): string {
  const locale = currentLocale();
  return cached(numberFormats, `number:${locale}`, () => new Intl.NumberFormat(locale)).format(value);
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
  return format.format(Date.UTC(year, month - 1, day));
}

export function formatMonth(yearMonth: string): string {
  const [year, month] = yearMonth.split('-').map(Number);
  if (year === undefined || month === undefined) return yearMonth;
  const locale = currentLocale();
  const format = cached(dateFormats, `month:${locale}`, () =>
    new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }),
  );
  return format.format(Date.UTC(year, month - 1, 1));
}

export function formatDateTime(ms: number): string {
  const locale = currentLocale();
  const format = cached(dateFormats, `datetime:${locale}`, () =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  );
  return format.format(ms);
}

export function formatTime(ms: number): string {
  const locale = currentLocale();
  return cached(dateFormats, `time:${locale}`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'short' })).format(ms);
}

const relativeSteps: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "3 hours ago", "in 2 days", in the UI language. */
export function formatRelative(ms: number, now: number = Date.now()): string {
  const locale = currentLocale();
  const format = cached(relativeFormats, `relative:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  let value = (ms - now) / 1000;
  for (const [unit, size] of relativeSteps) {
    if (Math.abs(value) < size) return format.format(Math.round(value), unit);
    value /= size;
  }
  return formatDateTime(ms);
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
