// Edits made while the laptop's clock ran ahead, pushed once it is set right:
// the real desktop core and vault against the real sync server over TLS on
// loopback. The server refuses a push stamped more than a minute ahead of it
// (clock_skew); the device stamps those pending operations anew from its
// corrected clock and pushes them. Before, every push was refused whole until
// real time passed the stamps (a day, for a clock a day ahead), and setting
// the clock right changed nothing: the device clock kept the largest time it
// had given.
import { describe, expect, it } from 'vitest';
import { encodeHlc, decodeHlc } from '../../src-shared/sync/hlc';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues } from '../support/sync-server';
import { useSyncEngineSetup } from '../support/sync-engine-setup';

const day = 86_400_000;

describe('sync: edits stamped while the clock ran ahead', () => {
  const setup = useSyncEngineSetup();

  it('stamps them anew once the clock is right, and they reach the server', async () => {
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, contactValues(setup.userId, { name: 'Ada', title: 'Analyst' }))]);
    await setup.enrol();
    expect(await setup.client.call('sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });

    // The clock ran a day ahead while the user worked offline: the device clock holds that time.
    const vault = setup.client.core.vault.connection();
    await vault.write(async (tx) => {
      const stored = await tx.get<{ value: string }>("SELECT value FROM sync_state WHERE key = 'hlc'");
      const clock = decodeHlc(stored?.value ?? '');
      await tx.run("UPDATE sync_state SET value = ? WHERE key = 'hlc'", [encodeHlc({ ...clock, millis: Date.now() + day, counter: 0 })]);
    });
    // Set right since: the edits made now still carry stamps a day ahead (the clock keeps the largest time it gave).
    await setup.client.call('contacts.update', { id, patch: { title: 'Head of Buying' } });
    await setup.client.call('contacts.create', { name: 'Bea Offline' });
    const stamps = await vault.read((tx) => tx.all<{ hlc: string }>('SELECT hlc FROM outbox ORDER BY seq'));
    expect(stamps.map((row) => decodeHlc(row.hlc).millis > Date.now() + day / 2)).toEqual([true, true]);

    expect(await setup.client.call('sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });
    await setup.laptop2.pullAll();
    expect(setup.laptop2.replica.get(`contacts/${id}`)?.get('title')).toBe('Head of Buying');
    expect([...setup.laptop2.replica.values()].map((record) => record.get('name'))).toContain('Bea Offline');
    // The clock came back with them: the next edit is stamped now, and goes through too.
    await setup.client.call('contacts.update', { id, patch: { title: 'Buyer' } });
    const [next] = await vault.read((tx) => tx.all<{ hlc: string }>('SELECT hlc FROM outbox'));
    expect(decodeHlc(next?.hlc ?? '').millis).toBeLessThan(Date.now() + 60_000);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });
  });
});
