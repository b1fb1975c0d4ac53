// IPC handlers for accounts: one transaction per call.
import type { Handlers } from '../../ipc/registry';
import type { Vault } from '../../vault/vault';
import { createAccount, deleteAccount, getAccountDetail, listAccounts, restoreAccount, updateAccount } from './account.service';

type Channel = 'accounts.create' | 'accounts.get' | 'accounts.list' | 'accounts.update' | 'accounts.delete' | 'accounts.restore';

export function accountHandlers(vault: Vault, now: () => number = Date.now): Pick<Handlers, Channel> {
  return {
    'accounts.create': (draft) => vault.connection().write((tx) => createAccount(tx, draft, now())),
    'accounts.get': ({ id }) => vault.connection().read((tx) => getAccountDetail(tx, id)),
    'accounts.list': (query) => vault.connection().read((tx) => listAccounts(tx, query)),
    'accounts.update': ({ id, patch }) => vault.connection().write((tx) => updateAccount(tx, id, patch, now())),
    'accounts.delete': ({ id }) => vault.connection().write((tx) => deleteAccount(tx, id, now())),
    'accounts.restore': ({ id }) => vault.connection().write((tx) => restoreAccount(tx, id, now())),
  };
}
