// A vault restored from a backup (or copied with its keychain entry to
// another machine) keeps its enrolment but an older outbox counter: a real
// desktop core (SQLCipher vault, OS keychain) against the real sync server
// over TLS. The server had applied operations up to a higher number from
// this device, took the restored vault's new edits, numbered from the older
// counter, for replays of ones it had applied, answered "applied" and
// applied nothing; the device deleted them from its outbox and said
// "synced". Every edit was lost until the counter passed the server's. Now
// the device numbers them again past what the server counts and sends them.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuid7 } from '../../src-main/vault/uuid7';
import { useSyncEngineSetup } from '../support/sync-engine-setup';
import { contactValues } from '../support/sync-server';

describe('a restored vault’s edits', () => {
  const setup = useSyncEngineSetup();

  /** The contact's title as the server holds it, read as another laptop of the same user pulls it. */
  async function titleOnServer(id: string): Promise<unknown> {
    const changes = await setup.laptop2.pullAll();
    const mine = changes.filter((change) => change.recordId === id && change.fields['title'] !== undefined);
    return mine.at(-1)?.fields['title']?.value;
  }

  it('are numbered again past what the server counts, sent and applied, not dropped as replays', async () => {
    await setup.enrol();
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, contactValues(setup.userId, { name: 'Rhea Restored', title: 'Buyer' }))]);
    await setup.client.call('sync.now', {});
    // Five edits pushed from this vault: the server counts its operations through 5.
    for (const title of ['One', 'Two', 'Three', 'Four', 'Five']) await setup.client.call('contacts.update', { id, patch: { title } });
    await setup.client.call('sync.now', {});
    expect(await titleOnServer(id)).toBe('Five');

    // The vault as a backup from before those pushes had it: the same enrolment, its outbox counter at 2.
    await setup.client.core.vault.connection().write((tx) => tx.run("UPDATE sqlite_sequence SET seq = 2 WHERE name = 'outbox'"));
    await setup.client.call('contacts.update', { id, patch: { title: 'After The Restore' } });
    const status = await setup.client.call('sync.now', {});
    expect(status.state).toBe('online');
    expect(status.pendingCount).toBe(0);
    expect(await titleOnServer(id)).toBe('After The Restore');
    const seqs = await setup.client.core.vault.connection().read((tx) => tx.get("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"));
    expect(z.object({ seq: z.number() }).parse(seqs).seq).toBeGreaterThan(5);
    expect(setup.client.logLines.join('\n')).toContain('sync.outboxRenumbered');
  });
});
