// Relative times follow one rule in both UI languages: "just now" under a
// minute past, then minutes, hours, calendar days up to 13 (the day before and
// after by name), weeks, months and years, always as a number. Lines read as
// one text are sentences with the language's own stops. Times follow the
// device into a new time zone without a reload, as the day filters do.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../app/i18n';
import { formatDateTime, formatDuration, formatIsoDate, formatMonth, formatRelative, formatSentences, formatTime, formatTimeFrom, todayIso } from './format';

const minute = 60_000;
const hour = 60 * minute;
/** Noon on a weekday, in the local time zone. */
const noon = new Date(2026, 2, 18, 12, 0).getTime();
/** `days` local calendar days from noon's date, at hh:mm. */
function dayAt(days: number, hours: number, minutes = 0): number {
  return new Date(2026, 2, 18 + days, hours, minutes).getTime();
}

describe('formatRelative', () => {
  afterEach(() => setLocale('en'));

  it('says "just now" for a time under a minute past, in English and Chinese', () => {
    setLocale('en');
    expect(formatRelative(noon, noon)).toBe('just now');
    expect(formatRelative(noon - 40_000, noon)).toBe('just now');
    setLocale('zh-CN');
    expect(formatRelative(noon, noon)).toBe('刚刚');
    expect(formatRelative(noon - 59_000, noon)).toBe('刚刚');
  });

  it('counts minutes and hours in whole units, never "60 minutes" or "24 hours"', () => {
    setLocale('en');
    expect(formatRelative(noon + 30_000, noon)).toBe('in 1 minute');
    expect(formatRelative(noon - 2 * minute, noon)).toBe('2 minutes ago');
    expect(formatRelative(noon - 59.7 * minute, noon)).toBe('1 hour ago');
    expect(formatRelative(noon + 5 * hour, noon)).toBe('in 5 hours');
    expect(formatRelative(noon - 23.7 * hour, noon)).toBe('yesterday');
    // Nearly a day apart on one calendar day: hours, not "in 0 days" (which a time past read as too).
    expect(formatRelative(dayAt(0, 0) + 10 * minute, dayAt(0, 23) + 50 * minute)).toBe('23 hours ago');
    expect(formatRelative(dayAt(0, 23) + 50 * minute, dayAt(0, 0) + 10 * minute)).toBe('in 23 hours');
  });

  it('counts local calendar days up to 13, naming only the day before and after', () => {
    setLocale('en');
    expect(formatRelative(dayAt(-1, 9), noon)).toBe('yesterday');
    expect(formatRelative(dayAt(1, 15), noon)).toBe('tomorrow');
    // 34 hours back, at 9 in the morning, is two dates back.
    expect(formatRelative(dayAt(-2, 23), dayAt(0, 9))).toBe('2 days ago');
    for (const days of [6, 7, 8, 9, 10, 13]) expect(formatRelative(dayAt(-days, 9), noon)).toBe(`${days} days ago`);
    expect(formatRelative(dayAt(10, 9), noon)).toBe('in 10 days');
    setLocale('zh-CN');
    expect(formatRelative(dayAt(-1, 9), noon)).toBe('昨天');
    expect(formatRelative(dayAt(-9, 9), noon)).toBe('9天前');
  });

  it('then counts weeks, months and years as numbers, never "last week" or "last year"', () => {
    setLocale('en');
    expect(formatRelative(dayAt(-14, 9), noon)).toBe('2 weeks ago');
    expect(formatRelative(dayAt(-30, 9), noon)).toBe('4 weeks ago');
    expect(formatRelative(dayAt(-40, 9), noon)).toBe('1 month ago');
    expect(formatRelative(dayAt(200, 9), noon)).toBe('in 7 months');
    expect(formatRelative(dayAt(-400, 9), noon)).toBe('1 year ago');
    expect(formatRelative(dayAt(-800, 9), noon)).toBe('2 years ago');
    setLocale('zh-CN');
    expect(formatRelative(dayAt(-14, 9), noon)).toBe('2周前');
  });
});

describe('formatSentences', () => {
  afterEach(() => setLocale('en'));

  it('ends each line as a sentence in the UI language, keeping a stop a line has, with nothing left between', () => {
    setLocale('en');
    expect(formatSentences(['Read this first.', '0 changes waiting', 'Last sync just now'])).toBe('Read this first. 0 changes waiting. Last sync just now.');
    expect(formatSentences(['Syncing…', ' ', 'Is it done?'])).toBe('Syncing… Is it done?');
    expect(formatSentences([])).toBe('');
    setLocale('zh-CN');
    expect(formatSentences(['要同步，请先连接。', '0 项更改待同步', '上次同步：刚刚'])).toBe('要同步，请先连接。0 项更改待同步。上次同步：刚刚。');
  });
});

describe('calendar dates', () => {
  afterEach(() => setLocale('en'));

  it('shows years below 100 as typed, not 1900 years later, in English and Chinese', () => {
    setLocale('en');
    expect(formatIsoDate('0001-01-01')).toBe('Jan 1, 1');
    expect(formatIsoDate('0099-12-31')).toBe('Dec 31, 99');
    expect(formatIsoDate('0100-01-01')).toBe('Jan 1, 100');
    expect(formatIsoDate('2026-03-18')).toBe('Mar 18, 2026');
    expect(formatMonth('0001-01')).toBe('Jan 1');
    expect(formatMonth('2026-03')).toBe('Mar 2026');
    setLocale('zh-CN');
    expect(formatIsoDate('0001-01-01')).toBe('1年1月1日');
    expect(formatIsoDate('0099-12-31')).toBe('99年12月31日');
    expect(formatIsoDate('0100-01-01')).toBe('100年1月1日');
    expect(formatIsoDate('2026-03-18')).toBe('2026年3月18日');
    expect(formatMonth('0001-01')).toBe('1年1月');
    expect(formatMonth('2026-03')).toBe('2026年3月');
  });
});

describe('times after the device changes time zone', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    setLocale('en');
  });

  /** The OS tells the renderer of a new zone in an event of its own: a later task. Node reads TZ as it is set. */
  const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  /** ICU puts a narrow no-break space before "AM"; compare with plain spaces. */
  const plain = (text: string) => text.replace(/\s/gu, ' ');

  it('gives a time past the local midnight its date, and one on the same day its time alone', () => {
    setLocale('en');
    vi.stubEnv('TZ', 'Europe/Berlin');
    // 23:40 in Berlin on 18 March 2026 (22:40 UTC); an hour on is 00:40 on the 19th.
    const now = Date.UTC(2026, 2, 18, 22, 40);
    expect(plain(formatTimeFrom(now + 60 * 60_000, now))).toBe('Mar 19, 2026, 12:40 AM');
    expect(plain(formatTimeFrom(now + 10 * 60_000, now))).toBe('11:50 PM');
  });

  it('shows the zone the device is in now, on the day todayIso and the day filters use', async () => {
    setLocale('en');
    // 13:00 UTC on 18 March 2026: 14:00 in Berlin (CET), 09:00 in New York (EDT).
    const call = Date.UTC(2026, 2, 18, 13, 0);
    // 23:30 UTC: already the 19th in Berlin, still the 18th in New York.
    const lateCall = Date.UTC(2026, 2, 18, 23, 30);
    vi.stubEnv('TZ', 'Europe/Berlin');
    expect(plain(formatTime(call))).toBe('2:00 PM');
    expect(plain(formatDateTime(lateCall))).toBe('Mar 19, 2026, 12:30 AM');
    expect(todayIso(new Date(lateCall))).toBe('2026-03-19');

    await nextTask();
    vi.stubEnv('TZ', 'America/New_York');
    await nextTask();
    expect(plain(formatTime(call))).toBe('9:00 AM');
    expect(plain(formatDateTime(lateCall))).toBe('Mar 18, 2026, 7:30 PM');
    expect(todayIso(new Date(lateCall))).toBe('2026-03-18');
    setLocale('zh-CN');
    expect(plain(formatTime(call))).toBe('09:00');

    await nextTask();
    vi.stubEnv('TZ', 'Europe/Berlin');
    await nextTask();
    expect(plain(formatTime(call))).toBe('14:00');
  });
});

describe('formatDuration', () => {
  afterEach(() => setLocale('en'));

  it('gives minutes under an hour, then hours with the minutes left over, in English and Chinese', () => {
    setLocale('en');
    expect(formatDuration(45)).toBe('45 min');
    expect(formatDuration(60)).toBe('1 h');
    expect(formatDuration(90)).toBe('1 h 30 min');
    expect(formatDuration(1_505)).toBe('25 h 5 min');
    expect(formatDuration(60_000)).toBe('1,000 h');
    setLocale('zh-CN');
    expect(formatDuration(90)).toBe('1 小时 30 分钟');
    expect(formatDuration(120)).toBe('2 小时');
  });
});
