// A sync whose total the server named reads "12,500 of 100,000 changes
// received" in the UI's language, counts formatted by locale, and never shows
// more received than the total; without a total it reads as before.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../app/i18n';
import { syncProgress, type SyncView } from './sync-status';
import { syncReceivedText } from './SyncStatusPill';

afterEach(() => {
  setLocale('en');
});

const syncing: SyncView = {
  state: 'syncing',
  pending: 0,
  lastSyncAt: null,
  lastError: null,
  lastErrorReason: null,
  received: 12_500,
  total: 100_000,
  enrolled: true,
  serverUrl: 'https://sync.example',
  organisationName: null,
  openConflicts: 0,
  unsentRecords: 0,
  nextTryAt: null,
  clockSkew: null,
};

describe('a sync’s progress', () => {
  it('reads the count of the total in English and Simplified Chinese, formatted by locale', () => {
    expect(syncReceivedText(syncing)).toBe('12,500 of 100,000 changes received');
    expect(syncReceivedText({ ...syncing, received: 0, total: 1 })).toBe('0 of 1 change received');
    setLocale('zh-CN');
    expect(syncReceivedText(syncing)).toBe('已接收 12,500 / 100,000 项更改');
  });

  it('stops the count at the total when the snapshot brought more than it counted', () => {
    expect(syncProgress({ ...syncing, received: 100_012 })).toEqual({ received: 100_000, total: 100_000 });
    expect(syncReceivedText({ ...syncing, received: 100_012 })).toBe('100,000 of 100,000 changes received');
  });

  it('keeps the count alone without a total (an older server, an incremental sync), and nothing once the sync ended', () => {
    expect(syncProgress({ ...syncing, total: null })).toBeNull();
    expect(syncReceivedText({ ...syncing, total: null })).toBe('12,500 changes received');
    expect(syncProgress({ ...syncing, state: 'online' })).toBeNull();
    expect(syncReceivedText({ ...syncing, state: 'online' })).toBeNull();
  });
});
