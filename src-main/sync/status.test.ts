// The sync status's last error comes with its reason, so the renderer can
// word it in the user's language: each typed sync error maps to a code (and
// its network failure or server problem), an error of ours without one (a
// damaged or locked vault) is named by its code, and anything else is a
// problem inside FieldVault.
import { describe, expect, it } from 'vitest';
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
});
