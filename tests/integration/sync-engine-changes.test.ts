// The sync engine end to end (as in sync-engine.test.ts: real desktop core,
// real server over TLS on loopback): the records and links a sync reports it
// changed, and concurrent edits kept as conflicts the user resolves.
import { describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues, taskValues } from '../support/sync-server';
import { useSyncEngineSetup } from '../support/sync-engine-setup';
describe('sync engine against the real server: what a sync changed, and conflicts', () => {
  const setup = useSyncEngineSetup();
  const { enrol } = setup;

  /** A contact whose title this device edits first and the other laptop later, pushing first: the next sync finds a conflict. */
  const concurrentTitleEdits = async (): Promise<string> => {
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, contactValues(setup.userId, { name: 'Ada', title: 'Analyst' }))]);
    await enrol();
    await setup.client.call('contacts.update', { id, patch: { title: 'Mine' } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, { title: 'Theirs' })]);
    return id;
  };

  /** A contact this device holds whose title the other laptop then changes and pushes, before this device pulls it. */
  const titleSetElsewhere = async (): Promise<string> => {
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, contactValues(setup.userId, { name: 'Ada', title: 'Analyst' }))]);
    await enrol();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, { title: 'Theirs' })]);
    return id;
  };

  it('names the records a sync changed, a deleted one too, and not the others', async () => {
    const [ada, grace, linus] = [uuid7(), uuid7(), uuid7()];
    await setup.laptop2.push([setup.laptop2.upsert('contacts', ada, contactValues(setup.userId, { name: 'Ada' })), setup.laptop2.upsert('contacts', grace, contactValues(setup.userId, { name: 'Grace' }))]);
    await enrol();
    const changes = (from: number) => setup.client.events.slice(from).filter((event) => event.name === 'sync.didApplyChanges').map((event) => event.payload);
    // The records are said as soon as the pull committed; the directory's own event (people) may follow.
    expect(changes(0).filter((payload) => JSON.stringify(payload) !== JSON.stringify({ entities: [], ids: {}, people: true })).at(-1)).toEqual({ entities: ['contacts'], ids: { contacts: expect.arrayContaining([ada, grace]) as unknown }, links: { contacts: { [ada]: [], [grace]: [] } } });

    // Another device edits one contact, deletes another and adds a third: those three, not the fourth this device holds.
    const mine = await setup.client.call('contacts.create', { name: 'Mine' });
    await setup.client.call('sync.now', {});
    const before = setup.client.events.length;
    await setup.laptop2.push([setup.laptop2.upsert('contacts', ada, { title: 'Countess' }), setup.laptop2.remove('contacts', grace), setup.laptop2.upsert('contacts', linus, contactValues(setup.userId, { name: 'Linus' }))]);
    await setup.client.call('sync.now', {});
    const [event, ...more] = changes(before);
    expect(more).toEqual([]);
    expect(event).toEqual({ entities: ['contacts'], ids: { contacts: expect.any(Array) as unknown }, links: { contacts: { [ada]: [], [grace]: [], [linus]: [] } } });
    expect(JSON.stringify(event)).not.toContain(mine.id);
    expect([...(JSON.parse(JSON.stringify(event)) as { ids: { contacts: string[] } }).ids.contacts].sort()).toEqual([ada, grace, linus].sort());
  });

  it('names the records a sync applied when the cycle fails after its pull (the directory read cut)', async () => {
    await enrol();
    const id = uuid7();
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, contactValues(setup.userId, { name: 'Pulled Before The Cut' }))]);
    // A rename gives the directory a new version: the cycle reads it after the pull, and that read is cut.
    const renamed = await setup.server.client.request('POST', '/v1/admin/users/rename', { token: setup.server.admin.token, body: { userId: setup.userId, displayName: 'Rep Renamed' } });
    expect(renamed.status).toBe(200);
    setup.proxy.rule = (path) => (path === '/v1/users' ? 'refuse' : 'pass');
    const before = setup.client.events.length;
    await setup.client.call('sync.now', {}).catch(() => undefined);
    expect((await setup.client.call('contacts.get', { id })).contact.name).toBe('Pulled Before The Cut');
    expect((await setup.client.call('sync.status', {})).lastError).not.toBeNull();
    // Before, the failed cycle dropped what its pull had applied: open lists kept showing the old state.
    const applied = setup.client.events.slice(before).filter((event) => event.name === 'sync.didApplyChanges');
    expect(JSON.stringify(applied)).toContain(id);
  });

  it('names the records an earlier push batch settled when a later batch of the same cycle fails', async () => {
    const id = await concurrentTitleEdits();
    // A second record's notes over a megabyte (1.2 MB of UTF-8): a batch of their own, after the title's.
    const other = await setup.client.call('contacts.create', { name: 'Long Notes' });
    await setup.client.call('contacts.update', { id: other.id, patch: { notes: '笔'.repeat(400_000) } });
    let pushes = 0;
    setup.proxy.rule = (path) => (path === '/v1/push' && (pushes += 1) > 1 ? 'refuse' : 'pass');
    const before = setup.client.events.length;
    await setup.client.call('sync.now', {}).catch(() => undefined);
    expect(pushes).toBeGreaterThan(1);
    // The first batch's refusal brought the server's title back and committed; the second batch's push was cut.
    expect((await setup.client.call('contacts.get', { id })).contact.title).toBe('Theirs');
    expect((await setup.client.call('sync.status', {})).lastError).not.toBeNull();
    // Before, the failed cycle never said so: open pages kept showing the refused title.
    const applied = setup.client.events.slice(before).filter((event) => event.name === 'sync.didApplyChanges');
    expect(JSON.stringify(applied)).toContain(id);
  });

  it('gives what each record a sync changed links to now, for the related lists of record pages', async () => {
    await enrol();
    const [account, contact, other, task, deal] = [uuid7(), uuid7(), uuid7(), uuid7(), uuid7()];
    const before = setup.client.events.length;
    await setup.laptop2.push([
      setup.laptop2.upsert('accounts', account, { name: 'Harbour Ltd', ownerId: setup.userId }),
      setup.laptop2.upsert('contacts', contact, contactValues(setup.userId, { accountId: account })),
      setup.laptop2.upsert('contacts', other, contactValues(setup.userId)),
      setup.laptop2.upsert('tasks', task, taskValues(setup.userId, { contactId: contact, accountId: account })),
      setup.laptop2.upsert('deals', deal, { name: 'Harbour Deal', amount: 1_000, currency: 'EUR', accountId: account, contactIds: [contact, other] }),
    ]);
    await setup.client.call('sync.now', {});
    const linked = () =>
      setup.client.events
        .slice(before)
        .filter((event) => event.name === 'sync.didApplyChanges')
        .map((event) => (event.payload as { links?: Record<string, Record<string, string[]>> }).links);
    const [links] = linked();
    expect(links?.contacts).toEqual({ [contact]: [account], [other]: [] });
    expect(links?.tasks).toEqual({ [task]: [contact, account] });
    expect([...(links?.deals?.[deal] ?? [])].sort()).toEqual([account, contact, other].sort());
    // Accounts link to nothing a page lists them by: no word on them.
    expect(links?.accounts).toBeUndefined();

    // The task moves to the other contact, the second contact is deleted: what they link to after it.
    const from = setup.client.events.length;
    await setup.laptop2.push([setup.laptop2.upsert('tasks', task, { contactId: other }), setup.laptop2.remove('contacts', contact)]);
    await setup.client.call('sync.now', {});
    const [after] = setup.client.events.slice(from).filter((event) => event.name === 'sync.didApplyChanges').map((event) => (event.payload as { links?: unknown }).links);
    expect(after).toEqual({ tasks: { [task]: [other, account] }, contacts: { [contact]: [] } });
  });

  it('records a concurrent edit as a conflict the user can review and resolve', async () => {
    const editedFrom = Date.now();
    const id = await concurrentTitleEdits();
    const editedTo = Date.now();

    const status = await setup.client.call('sync.now', {});
    expect(status).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    expect((await setup.client.call('contacts.get', { id })).contact.title).toBe('Theirs');
    const { items } = await setup.client.call('sync.conflicts.list', {});
    expect(items).toMatchObject([{ recordId: id, field: 'title', localValue: 'Mine', remoteValue: 'Theirs' }]);
    // A record's own conflicts (a detail page's notice), and none of another record.
    expect((await setup.client.call('sync.conflicts.list', { recordId: id })).items).toMatchObject([{ recordId: id, field: 'title' }]);
    expect((await setup.client.call('sync.conflicts.list', { recordId: uuid7() })).items).toEqual([]);

    const conflict = items[0];
    if (conflict === undefined) throw new Error('no conflict');
    // When each side was written, from its stamp: this device's edit, then the other laptop's.
    expect(conflict.localAt).toBeGreaterThanOrEqual(editedFrom);
    expect(conflict.remoteAt).toBeGreaterThan(conflict.localAt ?? editedTo);
    expect(conflict.remoteAt).toBeLessThanOrEqual(editedTo);
    const before = setup.client.events.length;
    await setup.client.call('sync.conflicts.resolve', { id: conflict.id, keep: 'local' });
    // The kept value changed the record: an open page of it reloads, as after a sync.
    expect(setup.client.events.slice(before).filter((event) => event.name === 'sync.didApplyChanges').map((event) => event.payload)).toEqual([{ entities: ['contacts'], ids: { contacts: [id] } }]);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    await setup.laptop2.pullAll();
    expect(setup.laptop2.replica.get(`contacts/${id}`)?.get('title')).toBe('Mine');
  });

  it('keeps a conflict when this device overwrites, unseen, an earlier edit the other device synced first, and taking theirs syncs to both', async () => {
    // Both edit the title offline; the other laptop edits first and syncs first.
    const id = await titleSetElsewhere();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await setup.client.call('contacts.update', { id, patch: { title: 'Mine' } });

    // The later stamp wins on the server as before, and this device is told what it replaced.
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1 });
    expect((await setup.client.call('contacts.get', { id })).contact.title).toBe('Mine');
    const { items } = await setup.client.call('sync.conflicts.list', {});
    expect(items).toMatchObject([{ recordId: id, field: 'title', reason: 'concurrent', localValue: 'Mine', remoteValue: 'Theirs' }]);
    await setup.laptop2.pullAll();
    expect(setup.laptop2.replica.get(`contacts/${id}`)?.get('title')).toBe('Mine');

    const conflict = items[0];
    if (conflict === undefined) throw new Error('no conflict');
    await setup.client.call('sync.conflicts.resolve', { id: conflict.id, keep: 'remote' });
    expect((await setup.client.call('contacts.get', { id })).contact.title).toBe('Theirs');
    expect(await setup.client.call('sync.now', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    await setup.laptop2.pullAll();
    expect(setup.laptop2.replica.get(`contacts/${id}`)?.get('title')).toBe('Theirs');
  });

  it('keeps no conflict when this device had pulled the value its edit replaces', async () => {
    const id = await titleSetElsewhere();
    await setup.client.call('sync.now', {});
    expect((await setup.client.call('contacts.get', { id })).contact.title).toBe('Theirs');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await setup.client.call('contacts.update', { id, patch: { title: 'Mine' } });

    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 0 });
    expect((await setup.client.call('sync.conflicts.list', {})).items).toEqual([]);
    await setup.laptop2.pullAll();
    expect(setup.laptop2.replica.get(`contacts/${id}`)?.get('title')).toBe('Mine');
  });

  it('receives none of its own creates and edits back, and still the other device\'s edits of them, as changes or as a conflict', async () => {
    const id = await titleSetElsewhere();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Offline: this device overwrites the title the other laptop set (unseen) and adds five contacts.
    await setup.client.call('contacts.update', { id, patch: { title: 'Mine' } });
    const created = [];
    for (let index = 0; index < 5; index += 1) created.push((await setup.client.call('contacts.create', { name: `Contact ${index}` })).id);

    // Six changes pushed, none of them pulled back; what it replaced is kept for review.
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1, received: 0 });
    expect((await setup.client.call('sync.conflicts.list', {})).items).toMatchObject([{ recordId: id, field: 'title', reason: 'concurrent', localValue: 'Mine', remoteValue: 'Theirs' }]);
    await setup.laptop2.pullAll();
    for (const contact of created) expect(setup.laptop2.replica.has(`contacts/${contact}`)).toBe(true);

    // The other laptop's later edit of a field this device pushed arrives, alone.
    await setup.laptop2.push([setup.laptop2.upsert('contacts', id, { title: 'Theirs again' }, 1000)]);
    expect(await setup.client.call('sync.now', {})).toMatchObject({ state: 'online', received: 1 });
    expect((await setup.client.call('contacts.get', { id })).contact.title).toBe('Theirs again');
  });

  it('pushes the counts of conflicts and unsent records with the status, after the sync that finds a conflict and after its resolve', async () => {
    await concurrentTitleEdits();
    const lastStatus = () => setup.client.events.filter((event) => event.name === 'sync.didChangeStatus').at(-1)?.payload;

    // The renderer learns of the conflict from the push alone: the last one of the sync says so.
    await setup.client.call('sync.now', {});
    expect(lastStatus()).toMatchObject({ state: 'online', pendingCount: 0, openConflicts: 1, unsentRecords: 0 });
    const [conflict] = (await setup.client.call('sync.conflicts.list', {})).items;
    if (conflict === undefined) throw new Error('no conflict');

    // A resolve pushes the new count before it answers, with no sync between.
    const before = setup.client.events.length;
    await setup.client.call('sync.conflicts.resolve', { id: conflict.id, keep: 'current' });
    const pushed = setup.client.events.slice(before).filter((event) => event.name === 'sync.didChangeStatus');
    expect(pushed.at(-1)?.payload).toMatchObject({ state: 'online', openConflicts: 0, unsentRecords: 0 });
    // Keeping the record as it is changes no record: nothing to reload.
    expect(setup.client.events.slice(before).some((event) => event.name === 'sync.didApplyChanges')).toBe(false);
  });
});
