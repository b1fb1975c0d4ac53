// One place that opens "New …" dialogs for the whole workspace (list pages,
// detail pages, the "n" shortcut). By default a new contact, account or deal
// opens on its own page; a caller may handle the new id itself instead (a
// task added from a contact's page just reloads that page).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigation, type EntityKind } from '../../app/router';
import { useToasts } from '../../ui/toasts';
import { NewRecordDialog, type NewRecordRequest } from './NewRecordDialog';

export interface CreateRecord {
  readonly open: (request: NewRecordRequest, onCreated?: (id: string) => void) => void;
}

const CreateRecordContext = createContext<CreateRecord | null>(null);

interface Open {
  readonly request: NewRecordRequest;
  readonly onCreated: ((id: string) => void) | undefined;
}

export function CreateRecordProvider({ children }: { readonly children: ReactNode }) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const toasts = useToasts();
  const [current, setCurrent] = useState<Open | null>(null);

  const open = useCallback((request: NewRecordRequest, onCreated?: (id: string) => void) => {
    setCurrent({ request, onCreated });
  }, []);

  const created = useCallback(
    (kind: EntityKind, id: string) => {
      const callback = current?.onCreated;
      setCurrent(null);
      toasts.show({ message: t('form.created', { what: t(`entity.${kind}.one`) }), tone: 'success', testId: 'created-toast' });
      if (callback !== undefined) callback(id);
      else navigate({ name: 'detail', entity: kind, id });
    },
    [current, navigate, t, toasts],
  );

  const value = useMemo<CreateRecord>(() => ({ open }), [open]);
  return (
    <CreateRecordContext.Provider value={value}>
      {children}
      {current === null ? null : <NewRecordDialog request={current.request} onClose={() => setCurrent(null)} onCreated={created} />}
    </CreateRecordContext.Provider>
  );
}

export function useCreateRecord(): CreateRecord {
  const value = useContext(CreateRecordContext);
  if (value === null) throw new Error('useCreateRecord() outside <CreateRecordProvider>');
  return value;
}
