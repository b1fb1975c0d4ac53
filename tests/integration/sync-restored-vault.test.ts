// A vault restored from a backup (or copied with its keychain entry to
// another machine) keeps its enrolment but an older outbox counter: a real
// desktop core (SQLCipher vault, OS keychain) against the real sync server
// over TLS. The server had applied operations up to a higher number from
// this device, took the restored vault's new edits, numbered from the older
// counter, for replays of ones it had applied, answered "applied" and
// applied nothing; the device deleted them from its outbox and said
// "synced". Every edit was lost until the counter passed the server's. Now
// the device numbers them again past what the server counts and sends them.
//
// Such a vault also lacks what it pushed after the backup, which the server
// left out of its pulls as its own (sync/pull-incremental.ts): a contact made
// and a title changed on Tuesday never came back to Monday's restored vault,
// which said "synced". Now the server sees the vault ask from below a cursor
// it was served before and sends them, with an empty outbox or not.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuid7 } from '../../src-main/vault/uuid7';
import { useSyncEngineSetup } from '../support/sync-engine-setup';
import { syncClientPassword } from '../support/sync-client';
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

  /** The vault's files (vault.db, its WAL, vault.json) as a backup of the locked vault holds them. */
  async function backUp(): Promise<Map<string, Buffer>> {
    await setup.client.call('vault.lock', {});
    const files = new Map<string, Buffer>();
    for (const name of await readdir(setup.client.dataDir)) {
      if (name.startsWith('vault.')) files.set(name, await readFile(path.join(setup.client.dataDir, name)));
    }
    await setup.client.call('vault.unlock', { password: syncClientPassword });
    await setup.client.core.sync.idle();
    return files;
  }

  /** Puts the backup's files back in place of the vault's (same enrolment, same keychain entry) and unlocks it. */
  async function restore(files: ReadonlyMap<string, Buffer>): Promise<void> {
    await setup.client.call('vault.lock', {});
    for (const name of await readdir(setup.client.dataDir)) {
      if (name.startsWith('vault.')) await rm(path.join(setup.client.dataDir, name));
    }
    for (const [name, bytes] of files) await writeFile(path.join(setup.client.dataDir, name), bytes);
    await setup.client.call('vault.unlock', { password: syncClientPassword });
    await setup.client.core.sync.idle();
  }

  const title = async (id: string): Promise<string | null | undefined> => (await setup.client.call('contacts.get', { id })).contact.title;

  it.each([
    ['nothing waiting to be sent', false],
    ['an edit still waiting to be sent', true],
  ])('get back what the vault pushed after the backup, with %s', async (_name, pendingAtBackup) => {
    await setup.enrol();
    // Monday: Bob made and synced, then the backup (with or without an edit of Carol's not sent yet).
    const bob = await setup.client.call('contacts.create', { name: 'Bob Backup', title: 'Analyst' });
    const carol = await setup.client.call('contacts.create', { name: 'Carol Backup', title: 'Clerk' });
    await setup.client.call('sync.now', {});
    if (pendingAtBackup) await setup.client.call('contacts.update', { id: carol.id, patch: { title: 'Controller' } });
    const monday = await backUp();

    // Tuesday: a new contact and Bob's new title, synced.
    const ada = await setup.client.call('contacts.create', { name: 'Ada Tuesday', title: 'Buyer' });
    await setup.client.call('contacts.update', { id: bob.id, patch: { title: 'Head of Buying' } });
    expect((await setup.client.call('sync.now', {})).pendingCount).toBe(0);

    await restore(monday);
    expect(await setup.client.callError('contacts.get', { id: ada.id })).not.toBe('ok');
    await setup.client.call('sync.now', {});
    await setup.client.core.sync.idle();
    const status = await setup.client.call('sync.status', {});
    expect(status.state).toBe('online');
    expect(status.pendingCount).toBe(0);
    expect((await setup.client.call('contacts.get', { id: ada.id })).contact.name).toBe('Ada Tuesday');
    expect(await title(bob.id)).toBe('Head of Buying');
    expect(await title(carol.id)).toBe(pendingAtBackup ? 'Controller' : 'Clerk');
    expect(await titleOnServer(bob.id)).toBe('Head of Buying');
    // Echoes of its own edits are not conflicts.
    expect((await setup.client.call('sync.conflicts.list', {})).items).toEqual([]);
  });
});
