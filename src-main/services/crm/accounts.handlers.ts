// IPC handlers for accounts: one transaction per call.
import type { Handlers } from '../../ipc/registry';
import type { Vault } from '../../vault/vault';
import { createAccount, deleteAccount, getAccountDetail, countAccounts, listAccounts, restoreAccount, deleteAccounts, restoreAccounts, updateAccount } from './account.service';
import { cappedCount } from './list-query';
import { accountTable } from './account.repo';
import { editRecords, revertRecords } from './bulk-edits';
import { lookAlikes } from './look-alikes';
import { tagsInUse } from './tags-in-use';

type Channel = 'accounts.create' | 'accounts.get' | 'accounts.list' | 'accounts.count' | 'accounts.update' | 'accounts.delete' | 'accounts.restore' | 'accounts.deleteMany' | 'accounts.restoreMany' | 'accounts.editMany' | 'accounts.revertMany' | 'accounts.tagsInUse' | 'accounts.lookAlikes';

export function accountHandlers(vault: Vault, now: () => number = Date.now): Pick<Handlers, Channel> {
  return {
    'accounts.create': (draft) => vault.connection().write((tx) => createAccount(tx, draft, now())),
    'accounts.get': ({ id }) => vault.connection().read((tx) => getAccountDetail(tx, id)),
    'accounts.list': (query) => vault.connection().read((tx) => listAccounts(tx, query)),
    // Paging plays no part in a count: the limit only completes the list query's shape.
    'accounts.count': (query) => vault.connection().readApart((tx) => cappedCount((upTo) => countAccounts(tx, { ...query, limit: 1 }, upTo))),
    'accounts.update': ({ id, patch }) => vault.connection().write((tx) => updateAccount(tx, id, patch, now())),
    'accounts.delete': ({ id }) => vault.connection().write((tx) => deleteAccount(tx, id, now())),
    'accounts.restore': ({ id }) => vault.connection().write((tx) => restoreAccount(tx, id, now())),
    'accounts.deleteMany': ({ ids, skipGone }) => vault.connection().write((tx) => deleteAccounts(tx, ids, now(), { skipGone })),
    'accounts.restoreMany': ({ ids, skipGone }) => vault.connection().write((tx) => restoreAccounts(tx, ids, now(), { skipGone })),
    'accounts.editMany': ({ ids, change }) => vault.connection().write((tx) => editRecords(tx, accountTable, ids, change, now())),
    'accounts.revertMany': ({ items }) => vault.connection().write((tx) => revertRecords(tx, accountTable, items, now())),
    'accounts.tagsInUse': () => vault.connection().read((tx) => tagsInUse(tx, 'accounts')),
    'accounts.lookAlikes': (query) => vault.connection().read((tx) => lookAlikes(tx, 'accounts', query)),
  };
}
