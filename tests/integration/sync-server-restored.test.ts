// A sync server restored from an older backup: a real desktop core (SQLCipher
// vault, OS keychain) against the real sync server (SQLite store) over TLS.
// The device's pull position (its cursor, or the resume token of a paged
// step) is past everything the restored server holds. The server refused it
// as bad_request, the device read "The sync server could not read the
// request." and retried every five minutes for ever: it kept pushing but never
// received another edit, deletion or erasure. Now the server answers
// cursor_ahead and the device pulls again from cursor 0, keeping its records
// and its changes not yet sent.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PullResume } from '../../src-shared/sync/protocol';
import { uuid7 } from '../../src-main/vault/uuid7';
import { useSyncEngineSetup } from '../support/sync-engine-setup';
import { contactValues, erase } from '../support/sync-server';

describe('a sync server restored from an older backup', () => {
  const setup = useSyncEngineSetup();

  const serverHead = (): Promise<number> => setup.server.org.ctx.store.read((tx) => tx.head());

  /** The device's pull position as the server's lost commits left it. */
  async function placePullPosition(cursor: number, resume: PullResume | null): Promise<void> {
    await setup.client.core.vault.connection().write(async (tx) => {
      const put = 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
      await tx.run(put, ['pull_cursor', String(cursor)]);
      await tx.run(put, ['pull_resume', JSON.stringify(resume)]);
    });
  }

  const storedCursor = async (): Promise<number> => {
    const row = await setup.client.core.vault.connection().read((tx) => tx.get("SELECT value FROM sync_state WHERE key = 'pull_cursor'"));
    return Number(z.object({ value: z.string() }).parse(row).value);
  };

  const title = async (id: string): Promise<string | null | undefined> => (await setup.client.call('contacts.get', { id })).contact.title;

  it.each([
    ['a cursor', (head: number) => ({ cursor: head + 40, resume: null })],
    ['a resume token', (head: number) => ({ cursor: head, resume: { atSeq: head + 40, phase: 'backfill' as const, after: null } })],
  ])('past its head (%s): the device pulls again from scratch, receives what follows and keeps its unsent edits', async (_name, position) => {
    await setup.enrol();
    const remote = uuid7();
    const erased = uuid7();
    await setup.laptop2.push([
      setup.laptop2.upsert('contacts', remote, contactValues(setup.userId, { name: 'Remy Remote', title: 'Buyer' })),
      setup.laptop2.upsert('contacts', erased, contactValues(setup.userId, { name: 'Erin Erased' })),
    ]);
    const local = await setup.client.call('contacts.create', { name: 'Lola Local', title: 'Clerk' });
    expect((await setup.client.call('sync.now', {})).state).toBe('online');
    expect(await title(remote)).toBe('Buyer');

    // The server as its backup had it: the device's position is past its head.
    const { cursor, resume } = position(await serverHead());
    await placePullPosition(cursor, resume);

    // An edit of ours that cannot be sent yet (the server refuses pushes), then an edit and an erasure on the server.
    setup.proxy.rule = (path) => (path === '/v1/push' ? 'clock-skew' : 'pass');
    await setup.client.call('contacts.update', { id: local.id, patch: { title: 'Controller' } });
    await setup.laptop2.push([setup.laptop2.upsert('contacts', remote, { title: 'Head of Buying' })]);
    await erase(setup.server, { entity: 'contacts', recordId: erased });

    const refused = await setup.client.call('sync.now', {});
    // The pull went through; only the push is still refused.
    expect(refused).toMatchObject({ state: 'error', pendingCount: 1, lastErrorReason: { code: 'sync_server', problem: 'clock_skew' } });
    expect(await title(remote)).toBe('Head of Buying');
    expect(await setup.client.callError('contacts.get', { id: erased })).not.toBe('ok');
    expect(await title(local.id)).toBe('Controller');
    expect(await storedCursor()).toBeLessThanOrEqual(await serverHead());
    expect(setup.client.logLines.join('\n')).toContain('sync.serverRestored');

    // The push goes through once the server takes it; nothing was lost or doubted on the way.
    setup.proxy.rule = () => 'pass';
    const status = await setup.client.call('sync.now', {});
    expect(status).toMatchObject({ state: 'online', pendingCount: 0, lastError: null });
    const onServer = (await setup.laptop2.pullAll()).filter((change) => change.recordId === local.id && change.fields['title'] !== undefined);
    expect(onServer.at(-1)?.fields['title']?.value).toBe('Controller');
    expect(await title(local.id)).toBe('Controller');
    expect((await setup.client.call('sync.conflicts.list', {})).items).toEqual([]);
  });
});
