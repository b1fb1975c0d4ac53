// The sync status's last error comes with its reason, so the renderer can
// word it in the user's language: each typed sync error maps to a code (and
// its network failure or server problem), an error of ours without one (a
// damaged or locked vault) is named by its code, and anything else is a
// problem inside FieldVault.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeychainUnavailableError, LockedError, VaultCorruptError } from '../../src-shared/ipc/errors';
import { SyncStatusEvent } from '../../src-shared/sync/client-api';
import { DeviceRevokedError, NotEnrolledError, SyncNetworkError, SyncServerError, UpgradeRequiredError } from './errors';
import { lastErrorOf, plainReason, StatusBoard } from './status';
import { errorFromAnswer } from './transport';

const answer = (code: string) => ({ error: { code, message: 'not shown' } });

describe('the last error as a reason', () => {
  it('names the network failure', () => {
    for (const failure of ['unreachable', 'timeout', 'untrusted_certificate', 'connection_lost', 'too_large'] as const) {
      expect(plainReason(new SyncNetworkError(failure))).toEqual({ code: 'sync_network', failure });
    }
  });

  it("names the server's answer, and a code this version does not know as a problem of the server", () => {
    expect(plainReason(errorFromAnswer(401, answer('unauthenticated')))).toEqual({ code: 'sync_server', problem: 'unauthenticated' });
    expect(plainReason(errorFromAnswer(403, answer('forbidden')))).toEqual({ code: 'sync_server', problem: 'forbidden' });
    expect(plainReason(errorFromAnswer(413, answer('too_large')))).toEqual({ code: 'sync_server', problem: 'too_large' });
    expect(plainReason(errorFromAnswer(429, answer('rate_limited')))).toEqual({ code: 'sync_server', problem: 'rate_limited' });
    expect(plainReason(errorFromAnswer(400, answer('clock_skew')))).toEqual({ code: 'sync_server', problem: 'clock_skew' });
    expect(plainReason(errorFromAnswer(503, answer('unavailable')))).toEqual({ code: 'sync_server', problem: 'unavailable' });
    expect(plainReason(errorFromAnswer(500, answer('something_new')))).toEqual({ code: 'sync_server', problem: 'server_problem' });
    expect(plainReason(errorFromAnswer(502, 'not json'))).toEqual({ code: 'sync_server', problem: 'server_problem' });
    expect(plainReason(new SyncServerError(200, 'cursor_regressed', false, 'The sync server is behind this device.'))).toEqual({
      code: 'sync_server',
      problem: 'cursor_regressed',
    });
    expect(plainReason(errorFromAnswer(410, answer('device_revoked')))).toEqual({ code: 'device_revoked' });
    expect(plainReason(errorFromAnswer(426, answer('upgrade_required')))).toEqual({ code: 'upgrade_required' });
  });

  it('names enrolment, revocation, upgrade and internal failures, and another error of ours by its code', () => {
    expect(plainReason(new NotEnrolledError())).toEqual({ code: 'sync_not_enrolled' });
    expect(plainReason(new DeviceRevokedError())).toEqual({ code: 'device_revoked' });
    expect(plainReason(new UpgradeRequiredError())).toEqual({ code: 'upgrade_required' });
    expect(plainReason(new TypeError('x is undefined'))).toEqual({ code: 'sync_internal' });
    expect(lastErrorOf(new TypeError('x is undefined'))).toEqual({
      lastError: 'Sync failed because of a problem inside FieldVault. It will try again.',
      lastErrorReason: { code: 'sync_internal' },
    });
    expect(lastErrorOf(new VaultCorruptError('a page does not decrypt'))).toEqual({
      lastError: 'The vault on this device is damaged: a page does not decrypt.',
      lastErrorReason: { code: 'sync_stopped', error: 'VAULT_CORRUPT' },
    });
    expect(plainReason(new LockedError())).toEqual({ code: 'sync_stopped', error: 'LOCKED' });
    expect(plainReason(new KeychainUnavailableError())).toEqual({ code: 'sync_stopped', error: 'KEYCHAIN_UNAVAILABLE' });
  });
});

describe('the status board', () => {
  it('publishes the reason with the message, and clears both', () => {
    const published: SyncStatusEvent[] = [];
    const board = new StatusBoard((status) => published.push(status));
    board.state('offline', new SyncNetworkError('timeout'));
    expect(published.at(-1)).toMatchObject({
      state: 'offline',
      lastError: 'The sync server did not answer in time.',
      lastErrorReason: { code: 'sync_network', failure: 'timeout' },
    });
    // What crosses to the renderer parses as the contract says.
    expect(SyncStatusEvent.parse(published.at(-1))).toEqual(published.at(-1));
    board.state('syncing');
    expect(published.at(-1)).toMatchObject({ state: 'syncing', lastErrorReason: { code: 'sync_network', failure: 'timeout' } });
    board.state('offline', null);
    expect(published.at(-1)).toMatchObject({ state: 'offline', lastError: null, lastErrorReason: null });
  });

  describe('the count of changes received', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('publishes a count at once, then at most one per interval (the newest), and with any other change at once', () => {
      vi.useFakeTimers();
      const published: SyncStatusEvent[] = [];
      const board = new StatusBoard((status) => published.push(status), { progressIntervalMs: 250, now: () => Date.now() });
      const received = () => published.map((status) => `${status.state} ${status.received}`);
      board.update({ state: 'syncing', received: 0 });
      board.received(500);
      expect(received()).toEqual(['syncing 0', 'syncing 500']);
      // Two more pages within the interval: held, and only the newest is published when it has passed.
      vi.advanceTimersByTime(100);
      board.received(2500);
      vi.advanceTimersByTime(100);
      board.received(7500);
      expect(received()).toEqual(['syncing 0', 'syncing 500']);
      vi.advanceTimersByTime(50);
      expect(received()).toEqual(['syncing 0', 'syncing 500', 'syncing 7500']);
      // Held again; another change (a recount) publishes it with itself, and nothing follows later.
      board.received(12_500);
      board.update({ pendingCount: 3 });
      expect(published.at(-1)).toMatchObject({ state: 'syncing', received: 12_500, pendingCount: 3 });
      const before = published.length;
      vi.advanceTimersByTime(1000);
      expect(published).toHaveLength(before);
      // The same count is nothing new; the end of the sync carries the last count.
      board.received(12_500);
      board.received(13_000);
      board.update({ state: 'online' });
      vi.advanceTimersByTime(1000);
      expect(received().slice(before)).toEqual(['syncing 13000', 'online 13000']);
    });

    it('publishes a new total at once with its count, even within the interval, and keeps it for the counts after', () => {
      vi.useFakeTimers();
      const published: SyncStatusEvent[] = [];
      const board = new StatusBoard((status) => published.push(status), { progressIntervalMs: 250, now: () => Date.now() });
      const progress = () => published.map((status) => `${status.received}/${String(status.total)}`);
      board.update({ state: 'syncing', received: 0, total: null });
      board.received(40, null);
      vi.advanceTimersByTime(10);
      // A backfill's first page names its total: shown now, not a quarter of a second later.
      board.received(540, 3040);
      expect(progress()).toEqual(['0/null', '40/null', '540/3040']);
      vi.advanceTimersByTime(10);
      board.received(2540);
      vi.advanceTimersByTime(250);
      expect(progress()).toEqual(['0/null', '40/null', '540/3040', '2540/3040']);
    });

    it('publishes every count with an interval of 0', () => {
      const published: SyncStatusEvent[] = [];
      const board = new StatusBoard((status) => published.push(status), { progressIntervalMs: 0 });
      for (const count of [10, 20, 30]) board.received(count);
      expect(published.map((status) => status.received)).toEqual([10, 20, 30]);
    });
  });
});
