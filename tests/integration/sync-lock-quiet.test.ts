// After the vault locks, the sync engine says nothing more of records: a
// cycle cut off by the lock (its next request aborted, or its next write
// refused) announced the records its committed pages had brought, as
// `sync.didApplyChanges` to every page, on the lock screen. Ids only, but
// data after a lock, and lists read again into LOCKED. A real desktop core
// (SQLCipher vault, OS keychain), the real sync server over TLS behind a
// proxy holding the first sync's last request (the people directory).
import { describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues, enrolmentCode } from '../support/sync-server';
import { useSyncEngineSetup } from '../support/sync-engine-setup';

describe('the sync engine after a lock', () => {
  const setup = useSyncEngineSetup();

  it('announces no records applied by a cycle the lock cut off', async () => {
    await setup.laptop2.push([setup.laptop2.upsert('contacts', uuid7(), contactValues(setup.userId, { name: 'Said Before The Lock' }))]);
    // The first sync applies the contact, then waits for the people directory.
    const directory = setup.proxy.hold('/v1/users');
    await setup.client.call('sync.enrol', { serverUrl: setup.proxy.url, caCertificatePem: setup.server.caPem, enrolmentCode: await enrolmentCode(setup.server, setup.userId) });
    await directory.arrived;
    await setup.client.call('vault.lock', {});
    directory.release();
    await setup.client.core.sync.idle();
    const names = setup.client.events.map((event) => event.name);
    const locked = names.lastIndexOf('vault.didLock');
    expect(locked).toBeGreaterThanOrEqual(0);
    expect(names.slice(locked + 1).filter((name) => name !== 'sync.didChangeStatus')).toEqual([]);
  });
});
