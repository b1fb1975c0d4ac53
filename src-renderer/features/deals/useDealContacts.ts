// A deal's contacts from its page: linking one sends the deal's contact ids
// with it added and resolves once `deals.update` took them (the link dialog
// stays open with the pick until then, and shows a refusal); removing one
// sends them without it and offers Undo, which adds it back to the deal's
// ids as the vault holds them at Undo time (so undoing one removal neither
// brings back a contact removed after it nor drops one added since). A
// removed contact leaves the card as the answer comes, the reload brings
// the rest.
import { useCallback } from 'react';
import type { Contact } from '../../../src-shared/domain/contact';
import type { Deal } from '../../../src-shared/domain/deal';
import type { DealDetail } from '../../../src-shared/domain/details';
import { useApi } from '../../app/api-context';
import { useToasts } from '../../ui/toasts';
import { useUndoToast } from '../../ui/useUndoToast';
import type { Detail } from '../records/useDetail';

export interface DealContacts {
  /** Rejects with the main process's refusal. */
  readonly link: (deal: Deal, contactId: string) => Promise<void>;
  /** Resolves false after a failure (a toast shows it). */
  readonly remove: (deal: Deal, contact: Contact) => Promise<boolean>;
}

export function useDealContacts(detail: Detail<DealDetail>): DealContacts {
  const api = useApi();
  const toasts = useToasts();
  const showUndo = useUndoToast();
  const { update, reload } = detail;

  const link = useCallback(
    async (deal: Deal, contactId: string) => {
      const written = await api.invoke('deals.update', { id: deal.id, patch: { contactIds: [...deal.contactIds, contactId] } });
      update((data) => ({ ...data, deal: written }));
      reload();
    },
    [api, update, reload],
  );

  const remove = useCallback(
    async (deal: Deal, contact: Contact) => {
      let written: Deal;
      try {
        written = await api.invoke('deals.update', { id: deal.id, patch: { contactIds: deal.contactIds.filter((id) => id !== contact.id) } });
      } catch (error) {
        toasts.show({ message: { error }, tone: 'error', testId: 'unlink-contact-failed' });
        return false;
      }
      update((data) => ({ ...data, deal: written, contacts: data.contacts.filter((other) => other.id !== contact.id) }));
      showUndo({
        message: { key: 'detail.contactUnlinked', params: { name: contact.name } },
        testId: 'contact-unlinked-toast',
        undo: async () => {
          const now = (await api.invoke('deals.get', { id: deal.id })).deal.contactIds;
          const contactIds = now.includes(contact.id) ? now : [...now, contact.id];
          return api.invoke('deals.update', { id: deal.id, patch: { contactIds } });
        },
        undone: { message: { key: 'detail.contactRelinked', params: { name: contact.name } }, testId: 'contact-relinked-toast' },
        onUndone: reload,
      });
      reload();
      return true;
    },
    [api, toasts, showUndo, update, reload],
  );

  return { link, remove };
}
