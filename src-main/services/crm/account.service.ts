// Accounts: create, detail (with contacts, deals, timeline and open tasks),
// list, patch, soft delete and restore. Every function runs in the caller's
// transaction; writes are recorded for sync by record-writes.
import { Account, type AccountDraft, type AccountListQuery, type AccountPatch, type AccountPage } from '../../../src-shared/domain/account';
import type { BulkDeleted, BulkRestored, Deleted } from '../../../src-shared/domain/common';
import type { AccountDetail } from '../../../src-shared/domain/details';
import type { AccountId } from '../../../src-shared/domain/ids';
import { NotFoundError } from '../../../src-shared/ipc/errors';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { uuid7 } from '../../vault/uuid7';
import { accountListRequest, accountTable } from './account.repo';
import { findRecord } from './entity-table';
import { countList, listPage } from './list-query';
import { restoreRecords, trashRecords, type BulkMoveOptions, type TrashOptions } from './bulk-writes';
import { insertRecords, requireLiveRecord, restoreRecord, saveChanges, trashRecord } from './record-writes';
import { contactsOfAccount, dealsOfAccount, openTasksOf, timelineOf } from './related';
import { countContactsOf, countDealsOf, countOpenTasksOf, countPast } from './related-counts';
import { writeContext } from './write-context';
import { teammateMark } from './record-owners';

export async function createAccount(tx: WriteTx, draft: AccountDraft, now: number): Promise<Account> {
  const [account] = await createAccounts(tx, [draft], now);
  if (account === undefined) throw new Error('The account was not created');
  return account;
}

/** Creates many accounts in a few statements (imports). */
export async function createAccounts(tx: WriteTx, drafts: readonly AccountDraft[], now: number): Promise<Account[]> {
  const { userId } = await writeContext(tx, now);
  const accounts = drafts.map((draft) =>
    Account.parse({
      ...draft,
      id: uuid7(now),
      ownerId: draft.ownerId ?? userId,
      createdAt: now,
      createdBy: userId,
      updatedAt: now,
      updatedBy: userId,
      deletedAt: null,
    }),
  );
  await insertRecords(tx, accountTable, accounts, now);
  return accounts;
}

export async function getAccountDetail(tx: ReadTx, id: AccountId): Promise<AccountDetail> {
  const account = await findRecord(tx, accountTable, id);
  if (account === null) throw new NotFoundError(accountTable.label);
  const contacts = await contactsOfAccount(tx, id);
  const deals = await dealsOfAccount(tx, id);
  const timeline = await timelineOf(tx, 'accountId', id);
  const tasks = await openTasksOf(tx, 'account_id', id);
  return {
    account,
    ...(await teammateMark(tx, 'accounts', id)),
    contacts,
    deals,
    ...timeline,
    tasks,
    counts: {
      contacts: await countPast(contacts, () => countContactsOf(tx, { accountId: id })),
      deals: await countPast(deals, () => countDealsOf(tx, { accountId: id })),
      tasks: await countPast(tasks, () => countOpenTasksOf(tx, { accountId: id })),
    },
  };
}

export function listAccounts(tx: ReadTx, query: AccountListQuery): Promise<AccountPage> {
  return listPage(tx, accountTable, accountListRequest(query));
}

/** How many accounts the list query matches (filters and trash side), counting no further than upTo. */
export function countAccounts(tx: ReadTx, query: AccountListQuery, upTo: number, ids?: readonly string[]): Promise<number> {
  return countList(tx, accountTable, accountListRequest(query), upTo, ids);
}

export async function updateAccount(tx: WriteTx, id: AccountId, patch: AccountPatch, now: number): Promise<Account> {
  const before = await requireLiveRecord(tx, accountTable, id);
  return saveChanges(tx, accountTable, before, Account.parse({ ...before, ...patch }), await writeContext(tx, now));
}

export async function deleteAccount(tx: WriteTx, id: AccountId, now: number): Promise<Deleted> {
  return trashRecord(tx, accountTable, id, await writeContext(tx, now));
}

export async function restoreAccount(tx: WriteTx, id: AccountId, now: number): Promise<Account> {
  // An account links to no other record.
  return restoreRecord(tx, accountTable, id, await writeContext(tx, now), () => Promise.resolve());
}

/** Trashes the selection in the caller's transaction, all or nothing but for an Undo's `skipGone` (bulk-writes.ts). */
export async function deleteAccounts(tx: WriteTx, ids: readonly AccountId[], now: number, options: TrashOptions = {}): Promise<BulkDeleted> {
  return trashRecords(tx, accountTable, ids, await writeContext(tx, now), options);
}

/** Restores the selection (undo of deleteAccounts), all or nothing but for an Undo's `skipGone`. */
export async function restoreAccounts(tx: WriteTx, ids: readonly AccountId[], now: number, options: BulkMoveOptions = {}): Promise<BulkRestored> {
  return restoreRecords(tx, accountTable, ids, await writeContext(tx, now), () => Promise.resolve(), options);
}
