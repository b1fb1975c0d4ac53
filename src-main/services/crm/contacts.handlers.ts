// IPC handlers for contacts. Writes go through one write transaction each.
import { NotFoundError } from '../../../src-shared/ipc/errors';
import type { Handlers } from '../../ipc/registry';
import type { Vault } from '../../vault/vault';
import { createContact, getContact, listContacts } from './contact.repo';

export function contactHandlers(vault: Vault, now: () => number = Date.now): Pick<
  Handlers,
  'contacts.create' | 'contacts.get' | 'contacts.list'
> {
  return {
    'contacts.create': (draft) => vault.connection().write((tx) => createContact(tx, draft, now())),
    'contacts.get': async ({ id }) => {
      const contact = await vault.connection().read((tx) => getContact(tx, id));
      if (contact === null) throw new NotFoundError('The contact');
      return contact;
    },
    'contacts.list': (query) => vault.connection().read((tx) => listContacts(tx, query)),
  };
}
