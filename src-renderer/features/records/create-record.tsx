// One place that opens "New …" dialogs for the whole workspace (list pages,
// detail pages, the "n" shortcut). By default a new contact, account or deal
// opens on its own page; a caller may handle the new id itself instead (a
// task added from a contact's page just reloads that page). A page holding
// unsaved typing (a composer draft, an open inline edit) is not left for the
// new record: the user asked to create, not to drop the draft, so the page
// stays (running the caller's `reload`, so a related card shows the record)
// and the "created" toast offers Open (which asks like any other move).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useHasUnsavedChanges, useNavigation, type EntityKind } from '../../app/router';
import { useToasts } from '../../ui/toasts';
import type { Words } from '../../ui/words';
import { NewRecordDialog, type NewRecordRequest } from './NewRecordDialog';

export interface CreateRecord {
  /**
   * `onCreated`: handles the new id instead of opening the record's page. `reload`: shows the new record on
   * the page when it stays instead (it holds unsaved typing).
   */
  readonly open: (request: NewRecordRequest, onCreated?: (id: string) => void, reload?: () => void) => void;
}

const CreateRecordContext = createContext<CreateRecord | null>(null);

interface Open {
  readonly request: NewRecordRequest;
  readonly onCreated: ((id: string) => void) | undefined;
  readonly reload: (() => void) | undefined;
}

export function CreateRecordProvider({ children }: { readonly children: ReactNode }) {
  const { navigate } = useNavigation();
  const toasts = useToasts();
  const unsaved = useHasUnsavedChanges();
  const [current, setCurrent] = useState<Open | null>(null);

  const open = useCallback((request: NewRecordRequest, onCreated?: (id: string) => void, reload?: () => void) => {
    setCurrent({ request, onCreated, reload });
  }, []);

  const created = useCallback(
    (kind: EntityKind, id: string) => {
      const callback = current?.onCreated;
      const reload = current?.reload;
      setCurrent(null);
      const message: Words = { key: 'form.created', params: { what: { key: `entity.${kind}.one` } } };
      const route = { name: 'detail', entity: kind, id } as const;
      if (callback === undefined && unsaved()) {
        toasts.show({ message, tone: 'success', testId: 'created-toast', action: { label: 'action.open', run: () => navigate(route) } });
        reload?.();
        return;
      }
      toasts.show({ message, tone: 'success', testId: 'created-toast' });
      if (callback !== undefined) callback(id);
      else navigate(route);
    },
    [current, navigate, toasts, unsaved],
  );

  // Stable, so the dialog's look-alike sources (which close it) stay the same objects across renders.
  const close = useCallback(() => setCurrent(null), []);
  const value = useMemo<CreateRecord>(() => ({ open }), [open]);
  return (
    <CreateRecordContext.Provider value={value}>
      {children}
      {current === null ? null : <NewRecordDialog request={current.request} onClose={close} onCreated={created} />}
    </CreateRecordContext.Provider>
  );
}

export function useCreateRecord(): CreateRecord {
  const value = useContext(CreateRecordContext);
  if (value === null) throw new Error('useCreateRecord() outside <CreateRecordProvider>');
  return value;
}
