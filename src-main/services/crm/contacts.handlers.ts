// IPC handlers for contacts: one transaction per call.
import type { Handlers } from '../../ipc/registry';
import type { Vault } from '../../vault/vault';
import { createContact, deleteContact, getContactDetail, countContacts, listContacts, restoreContact, deleteContacts, restoreContacts, updateContact } from './contact.service';
import { cappedCount } from './list-query';
import { contactTable } from './contact.repo';
import { editRecords, revertRecords } from './bulk-edits';
import { lookAlikes } from './look-alikes';
import { tagsInUse } from './tags-in-use';

type Channel = 'contacts.create' | 'contacts.get' | 'contacts.list' | 'contacts.count' | 'contacts.update' | 'contacts.delete' | 'contacts.restore' | 'contacts.deleteMany' | 'contacts.restoreMany' | 'contacts.editMany' | 'contacts.revertMany' | 'contacts.tagsInUse' | 'contacts.lookAlikes';

export function contactHandlers(vault: Vault, now: () => number = Date.now): Pick<Handlers, Channel> {
  return {
    'contacts.create': (draft) => vault.connection().write((tx) => createContact(tx, draft, now())),
    'contacts.get': ({ id }) => vault.connection().read((tx) => getContactDetail(tx, id)),
    'contacts.list': (query) => vault.connection().read((tx) => listContacts(tx, query)),
    // Paging plays no part in a count: the limit only completes the list query's shape.
    'contacts.count': (query) => vault.connection().readApart((tx) => cappedCount((upTo) => countContacts(tx, { ...query, limit: 1 }, upTo))),
    'contacts.update': ({ id, patch }) => vault.connection().write((tx) => updateContact(tx, id, patch, now())),
    'contacts.delete': ({ id }) => vault.connection().write((tx) => deleteContact(tx, id, now())),
    'contacts.restore': ({ id }) => vault.connection().write((tx) => restoreContact(tx, id, now())),
    'contacts.deleteMany': ({ ids, skipGone }) => vault.connection().write((tx) => deleteContacts(tx, ids, now(), { skipGone })),
    'contacts.restoreMany': ({ ids, skipGone }) => vault.connection().write((tx) => restoreContacts(tx, ids, now(), { skipGone })),
    'contacts.editMany': ({ ids, change }) => vault.connection().write((tx) => editRecords(tx, contactTable, ids, change, now())),
    'contacts.revertMany': ({ items }) => vault.connection().write((tx) => revertRecords(tx, contactTable, items, now())),
    'contacts.tagsInUse': () => vault.connection().read((tx) => tagsInUse(tx, 'contacts')),
    'contacts.lookAlikes': (query) => vault.connection().read((tx) => lookAlikes(tx, 'contacts', query)),
  };
}
