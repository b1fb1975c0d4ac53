import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ActivityDraft, ActivityPatch } from '../../../src-shared/domain/activity';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { AccountId, ActivityId, ContactId, DealId, TaskId } from '../../../src-shared/domain/ids';
import { TaskDraft } from '../../../src-shared/domain/task';
import { createAccount, deleteAccount, restoreAccount } from './account.service';
import { createActivity, deleteActivity, restoreActivity, updateActivity } from './activity.service';
import { createContact, deleteContact, getContact, restoreContact } from './contact.service';
import { createDeal, deleteDeal, getDealDetail, restoreDeal } from './deal.service';
import { createTask, deleteTask, restoreTask } from './task.service';
import { CrmTestVault, failure, refusal } from './testing/crm-test-vault';

describe('restoring a record checks its links (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  /** Everything a refused restore must leave as it was. */
  const snapshot = async () => ({
    outbox: await db.count('outbox'),
    versions: await db.count('field_versions'),
    search: await db.count('search_docs'),
  });

  const addAccount = async (name: string) =>
    AccountId.parse((await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name }), now))).id);

  it('refuses to restore a contact whose account is in the trash, writing nothing, until the account is restored', async () => {
    const accountId = await addAccount('Canary Holdings');
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Canary Person', accountId }), now));
    const id = ContactId.parse(contact.id);
    const trashed = await db.write((tx, now) => deleteContact(tx, id, now));
    await db.write((tx, now) => deleteAccount(tx, accountId, now));
    const before = await snapshot();

    const refused = await failure(db.write((tx, now) => restoreContact(tx, id, now)));
    expect(refused).toEqual({ code: 'BAD_INPUT', message: 'Invalid input (accountId: The linked account is in the trash. Restore the account first.)' });
    expect(refused.message).not.toContain('Canary');
    expect(await db.read((tx) => getContact(tx, id))).toMatchObject({ deletedAt: trashed.deletedAt });
    expect(await snapshot()).toEqual(before);

    await db.write((tx, now) => restoreAccount(tx, accountId, now));
    expect(await db.write((tx, now) => restoreContact(tx, id, now))).toMatchObject({ accountId, deletedAt: null });
  });

  it('refuses to restore a deal whose account or one of whose contacts is in the trash', async () => {
    const accountId = await addAccount('Canary Holdings');
    const ada = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Ada' }), now));
    const bob = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Bob' }), now));
    const deal = await db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Canary deal', accountId, contactIds: [ada.id, bob.id], stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-03-15' }), now),
    );
    const id = DealId.parse(deal.id);
    await db.write((tx, now) => deleteDeal(tx, id, now));
    await db.write((tx, now) => deleteAccount(tx, accountId, now));
    await db.write((tx, now) => deleteContact(tx, ContactId.parse(bob.id), now));
    const before = await snapshot();

    expect(await failure(db.write((tx, now) => restoreDeal(tx, id, now)))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (accountId: The linked account is in the trash. Restore the account first.)',
    });
    await db.write((tx, now) => restoreAccount(tx, accountId, now));
    const afterAccount = await snapshot();
    expect(await failure(db.write((tx, now) => restoreDeal(tx, id, now)))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (contactIds.1: The linked contact is in the trash. Restore the contact first.)',
    });
    expect(await snapshot()).toEqual(afterAccount);
    expect(afterAccount.outbox).toBe(before.outbox + 1);
    expect((await db.read((tx) => getDealDetail(tx, id))).deal.deletedAt).not.toBeNull();

    await db.write((tx, now) => restoreContact(tx, ContactId.parse(bob.id), now));
    expect(await db.write((tx, now) => restoreDeal(tx, id, now))).toMatchObject({ accountId, contactIds: [ada.id, bob.id], deletedAt: null });
  });

  it('refuses to restore an activity or a task linked to a trashed deal', async () => {
    const deal = await db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Engines', stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-03-15' }), now),
    );
    const activity = await db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'call', dealId: deal.id, occurredAt: now }), now));
    const task = await db.write((tx, now) => createTask(tx, TaskDraft.parse({ title: 'Send the quote', dealId: deal.id }), now));
    await db.write((tx, now) => deleteActivity(tx, ActivityId.parse(activity.id), now));
    await db.write((tx, now) => deleteTask(tx, TaskId.parse(task.id), now));
    await db.write((tx, now) => deleteDeal(tx, DealId.parse(deal.id), now));
    const refusal = { code: 'BAD_INPUT', message: 'Invalid input (dealId: The linked deal is in the trash. Restore the deal first.)' };
    expect(await failure(db.write((tx, now) => restoreActivity(tx, ActivityId.parse(activity.id), now)))).toEqual(refusal);
    expect(await failure(db.write((tx, now) => restoreTask(tx, TaskId.parse(task.id), now)))).toEqual(refusal);
  });

  it('refuses an edit linking a contact in the trash as in the trash, and an unknown one as missing', async () => {
    const jane = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Jane Doe' }), now));
    const dora = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Dora' }), now));
    const activity = await db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'call', contactId: jane.id, occurredAt: now }), now));
    const id = ActivityId.parse(activity.id);
    const linkTo = (contactId: string) => db.write((tx, now) => updateActivity(tx, id, ActivityPatch.parse({ contactId }), now));
    await db.write((tx, now) => deleteContact(tx, ContactId.parse(jane.id), now));
    // On the live activity's page the user changes Contact to Dora; Undo sends Jane back.
    await linkTo(dora.id);
    const before = await snapshot();
    // Before, this said the contact "no longer exists" (link_missing), while Jane sat in the trash.
    expect(await refusal(linkTo(jane.id))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (contactId: The linked contact is in the trash. Restore the contact first.)',
      reason: { code: 'link_trashed', entity: 'contacts' },
    });
    expect(await refusal(linkTo('0190a5d0-ac96-774b-bcce-b302099a8057'))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (contactId: No such contact)',
      reason: { code: 'link_missing', entity: 'contacts' },
    });
    expect(await snapshot()).toEqual(before);

    await db.write((tx, now) => restoreContact(tx, ContactId.parse(jane.id), now));
    expect(await linkTo(jane.id)).toMatchObject({ contactId: jane.id, deletedAt: null });
  });

  it('restores a record linked to one this vault no longer holds, and a live record as a no-op', async () => {
    const accountId = await addAccount('Gone');
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Ada', accountId }), now));
    const id = ContactId.parse(contact.id);
    await db.write((tx, now) => deleteContact(tx, id, now));
    // A delete from another device, an eviction or an erasure removes the account's row outright
    // (sync/remove-record.ts): the user could not restore it, so it does not hold the contact in the trash.
    await db.write((tx) => tx.run('DELETE FROM accounts WHERE id = ?', [accountId]));
    const restored = await db.write((tx, now) => restoreContact(tx, id, now));
    expect(restored).toMatchObject({ accountId, deletedAt: null });
    const outbox = await db.count('outbox');
    expect(await db.write((tx, now) => restoreContact(tx, id, now))).toEqual(restored);
    expect(await db.count('outbox')).toBe(outbox);
  });
});
