// An erasure reaches the device and is acknowledged though the cycle fails:
// a real desktop core (SQLCipher vault, OS keychain) against the real sync
// server over TLS behind a fault proxy. (1) A push the server fails on at
// every cycle (a 500 on what the outbox holds) no longer stops the pull: the
// purge is applied, the WAL checkpointed and the erasure acknowledged, and
// the push's failure is still what the cycle reports. Before, only three
// refusals let the pull go on, and the erased contact stayed on the laptop
// for as long as the push failed. (2) A pull that fails on its second page,
// after the page carrying the purge committed, still acknowledges it (before,
// the acknowledgement waited for a cycle that ended well).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readEnrolment } from '../../src-main/sync/enrolment';
import { uuid7 } from '../../src-main/vault/uuid7';
import { useSyncEngineSetup } from '../support/sync-engine-setup';
import { contactValues, erase, erasureStatus } from '../support/sync-server';

describe('erasures despite a failing cycle', () => {
  const setup = useSyncEngineSetup();

  const deviceId = async () => {
    const enrolment = await setup.client.core.vault.connection().read(readEnrolment);
    if (enrolment === null) throw new Error('not enrolled');
    return enrolment.deviceId;
  };
  const onDevice = async (id: string) => (await setup.client.callError('contacts.get', { id })) === 'ok';

  async function syncedContact(name: string): Promise<string> {
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, contactValues(setup.userId, { name }))]);
    await setup.client.call('sync.now', {});
    expect(await onDevice(id)).toBe(true);
    return id;
  }

  it('purges and acknowledges an erased contact while the server fails every push', async () => {
    await setup.enrol();
    const erased = await syncedContact('Erased While Stuck');
    // A change of this laptop's the server fails on, every time.
    await setup.client.call('contacts.create', { name: 'Waiting To Go' });
    setup.proxy.rule = (path) => (path === '/v1/push' ? 'server-error' : 'pass');
    await erase(setup.server, { entity: 'contacts', recordId: erased });

    // The cycle still fails, and says why: the push.
    const failed = await setup.client.call('sync.now', {});
    expect(failed.state).toBe('error');
    expect(failed.lastErrorReason).toEqual({ code: 'sync_server', problem: 'server_problem' });
    expect(await onDevice(erased)).toBe(false);
    expect(await setup.client.rawContains('Erased While Stuck')).toBe(false);
    const status = await erasureStatus(setup.server, { entity: 'contacts', recordId: erased });
    expect(status.acknowledgedBy).toContain(await deviceId());
    expect(status.outstanding).not.toContain(await deviceId());
    // What the laptop made still waits to go, and goes once the server takes it.
    setup.proxy.rule = () => 'pass';
    await setup.client.call('sync.now', {});
    expect((await setup.client.call('sync.status', {})).pendingCount).toBe(0);
  });

  it('acknowledges a purge whose page committed when a later page of the pull fails', async () => {
    await setup.enrol();
    const erased = await syncedContact('Erased Then Cut');
    await erase(setup.server, { entity: 'contacts', recordId: erased });
    await setup.laptop2.push([setup.laptop2.upsert('contacts', uuid7(), contactValues(setup.userId, { name: 'After The Erasure' }))]);
    // One change a page: the purge comes alone, and the page after it fails.
    setup.proxy.rewriteRequest = (path, body) =>
      path === '/v1/pull' ? JSON.stringify({ ...z.record(z.string(), z.unknown()).parse(JSON.parse(body)), limit: 1 }) : body;
    let pulls = 0;
    setup.proxy.rule = (path) => {
      if (path !== '/v1/pull') return 'pass';
      pulls += 1;
      return pulls === 1 ? 'pass' : 'server-error';
    };

    expect((await setup.client.call('sync.now', {})).state).toBe('error');
    expect(pulls).toBe(2);
    expect(await onDevice(erased)).toBe(false);
    const status = await erasureStatus(setup.server, { entity: 'contacts', recordId: erased });
    expect(status.acknowledgedBy).toContain(await deviceId());
  });
});
