// IPC handlers for the vault's own channels: status, create, unlock, lock,
// password change, key rotation, destroy, and erasing a vault that cannot open
// or whose password is forgotten.
import type { Handlers } from '../../ipc/registry';
import type { Vault } from '../../vault/vault';

type VaultChannel =
  | 'vault.status'
  | 'vault.create'
  | 'vault.unlock'
  | 'vault.lock'
  | 'vault.changePassword'
  | 'vault.rotateKey'
  | 'vault.destroy'
  | 'vault.eraseUnopenable'
  | 'vault.eraseForgotten';

export function vaultHandlers(vault: Vault): Pick<Handlers, VaultChannel> {
  return {
    'vault.status': () => vault.status(),
    'vault.create': async ({ password }) => {
      // A new vault opens straight into the workspace, unless a lock landed meanwhile (the lid closed): it is not undone.
      await vault.create(password);
      return vault.status();
    },
    'vault.unlock': async ({ password }) => {
      await vault.unlock(password);
      return vault.status();
    },
    'vault.lock': async () => {
      await vault.lock('user');
      return vault.status();
    },
    'vault.changePassword': async ({ current, next }) => {
      await vault.changePassword(current, next);
      return { ok: true as const };
    },
    'vault.rotateKey': async () => {
      await vault.rotateKey();
      return { ok: true as const };
    },
    'vault.destroy': async ({ password }) => {
      await vault.destroy(password);
      return vault.status();
    },
    'vault.eraseUnopenable': async ({ password }) => {
      await vault.eraseUnopenable(password);
      return vault.status();
    },
    'vault.eraseForgotten': async () => {
      await vault.eraseForgotten();
      return vault.status();
    },
  };
}
