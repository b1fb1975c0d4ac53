// After a failed sync the details say when the next try is: counted down in
// seconds under 2 minutes away, else the time of day in the locale's format,
// in both UI languages; and the clock moves on at the moment each reading
// changes, not a second late.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../app/i18n';
import { formatTime } from '../../ui/format';
import { nextSyncChange, syncNextTryText } from './sync-clock';
import type { SyncView } from './sync-status';
import { syncDetailLines } from './SyncStatusPill';

const second = 1_000;
const minute = 60 * second;
/** 14:02:30.250 local time. */
const now = new Date(2026, 11, 2, 14, 2, 30, 250).getTime();

const offline: SyncView = {
  state: 'offline',
  pending: 3,
  lastSyncAt: now - 5 * minute,
  lastError: 'The sync server cannot be reached.',
  lastErrorReason: { code: 'sync_network', failure: 'unreachable' },
  received: 0,
  total: null,
  enrolled: true,
  serverUrl: 'https://sync.example.test',
  organisationName: null,
  openConflicts: 0,
  unsentRecords: 0,
  nextTryAt: now + 40 * second,
  clockSkew: null,
};

describe('the next try in the sync details', () => {
  afterEach(() => setLocale('en'));

  it('counts down in seconds under 2 minutes, then names the time of day, in both languages', () => {
    expect(syncDetailLines(offline, false, now)).toEqual(['3 changes waiting', 'Last sync 5 minutes ago', 'The sync server cannot be reached.', 'Next try in 40 s']);
    expect(syncNextTryText(offline, now + 39_500)).toBe('Next try in 1 s');
    expect(syncNextTryText({ nextTryAt: now + 119 * second }, now)).toBe('Next try in 119 s');
    const later = new Date(2026, 11, 2, 14, 5, 50).getTime();
    expect(syncNextTryText({ nextTryAt: later }, now)).toBe(`Next try at ${formatTime(later)}`);
    expect(formatTime(later)).toMatch(/^2:05\sPM$/u);
    expect(syncNextTryText({ nextTryAt: null }, now)).toBeNull();
    expect(syncDetailLines({ ...offline, nextTryAt: null }, false, now)).not.toContain('Next try');
    // The clock set back after a sync (a clock_skew fixed): the last sync is still past, "just now", never "in 2 hours".
    expect(syncDetailLines({ ...offline, lastSyncAt: now + 2 * 60 * 60 * second, nextTryAt: null }, false, now)).toContain('Last sync just now');
    setLocale('zh-CN');
    expect(syncDetailLines(offline, false, now).at(-1)).toBe('40 秒后重试');
    expect(syncNextTryText({ nextTryAt: later }, now)).toBe('将于 14:05 重试');
  });

  it('moves on at each second of the countdown, at its start, and at each minute', () => {
    // 40 s away: "40 s" until 39 s are left.
    expect(nextSyncChange(offline, now) - now).toBe(second);
    expect(syncNextTryText(offline, nextSyncChange(offline, now) - 1)).toBe('Next try in 40 s');
    expect(syncNextTryText(offline, nextSyncChange(offline, now))).toBe('Next try in 39 s');
    // 3 minutes away: the next whole minute (the last sync's relative time) comes first…
    const far = { nextTryAt: now + 3 * minute };
    expect(nextSyncChange(far, now)).toBe(new Date(2026, 11, 2, 14, 3).getTime());
    // …and then the moment the countdown starts.
    expect(nextSyncChange(far, new Date(2026, 11, 2, 14, 3).getTime())).toBe(now + minute + 1);
    expect(syncNextTryText(far, now + minute)).toMatch(/^Next try at /u);
    expect(syncNextTryText(far, now + minute + 1)).toBe('Next try in 120 s');
    // No retry: each minute.
    expect(nextSyncChange({ nextTryAt: null }, now)).toBe(new Date(2026, 11, 2, 14, 3).getTime());
  });
});
