// A deal's contacts from its page: linking one sends the deal's contact ids
// with it added and resolves once `deals.update` took them (the link dialog
// stays open with the pick until then, and shows a refusal); removing one
// sends them without it and offers Undo, which adds it back. Each change
// starts from the ids as the vault holds them when it runs, one change after
// another (so undoing one removal neither brings back a contact removed
// after it nor drops one added since, and two quick removals both hold). A
// removed contact leaves the card as the answer comes, the reload brings
// the rest.
import { useCallback, useRef } from 'react';
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

  // Each change of the list is made from the deal's contact ids as the vault holds them when it runs, one change
  // after another: built from the page's copy, a second Remove pressed before the first had answered put the
  // first contact back, and a link made before the page had read a synced-in contact dropped it.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const changeContacts = useCallback(
    (deal: Deal, change: (ids: readonly string[]) => readonly string[]): Promise<Deal> => {
      const run = queue.current.then(async () => {
        const now = (await api.invoke('deals.get', { id: deal.id })).deal.contactIds;
        return api.invoke('deals.update', { id: deal.id, patch: { contactIds: [...change(now)] } });
      });
      queue.current = run.catch(() => undefined);
      return run;
    },
    [api],
  );

  const link = useCallback(
    async (deal: Deal, contactId: string) => {
      const written = await changeContacts(deal, (ids) => (ids.includes(contactId) ? ids : [...ids, contactId]));
      update((data) => ({ ...data, deal: written }));
      reload();
    },
    [changeContacts, update, reload],
  );

  const remove = useCallback(
    async (deal: Deal, contact: Contact) => {
      let written: Deal;
      try {
        written = await changeContacts(deal, (ids) => ids.filter((id) => id !== contact.id));
      } catch (error) {
        toasts.show({ message: { error }, tone: 'error', testId: 'unlink-contact-failed' });
        return false;
      }
      update((data) => ({ ...data, deal: written, contacts: data.contacts.filter((other) => other.id !== contact.id) }));
      showUndo({
        message: { key: 'detail.contactUnlinked', params: { name: contact.name } },
        testId: 'contact-unlinked-toast',
        undo: () => changeContacts(deal, (ids) => (ids.includes(contact.id) ? ids : [...ids, contact.id])),
        undone: { message: { key: 'detail.contactRelinked', params: { name: contact.name } }, testId: 'contact-relinked-toast' },
        onUndone: reload,
        // The contact's page, if that is where the user went, lists the deal again.
        changed: { entities: ['deals'], ids: { deals: [deal.id] } },
      });
      reload();
      return true;
    },
    [changeContacts, toasts, showUndo, update, reload],
  );

  return { link, remove };
}
