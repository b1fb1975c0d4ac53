// The contacts section: the list (keyset-paged through contacts.list) beside
// the "Add contact" form. The rows live in this component's state only, so
// they disappear with it when the vault locks.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Contact, ContactPage } from '../../../src-shared/domain/contact';
import { useApi } from '../../app/api-context';
import { t } from '../../app/i18n';
import { Alert } from '../../ui/Alert';
import { errorText } from '../../ui/error-text';
import { AddContactForm } from './AddContactForm';
import { ContactList } from './ContactList';

const pageSize = 50;

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'loaded'; readonly items: readonly Contact[]; readonly next: ContactPage['next'] };

export function ContactsPanel() {
  const api = useApi();
  const [list, setList] = useState<ListState>({ kind: 'loading' });
  const [loadingMore, setLoadingMore] = useState(false);
  const request = useRef(0);

  const reload = useCallback(() => {
    request.current += 1;
    const mine = request.current;
    api.invoke('contacts.list', { limit: pageSize }).then(
      (page) => {
        if (request.current === mine) setList({ kind: 'loaded', items: page.items, next: page.next });
      },
      (error: unknown) => {
        if (request.current === mine) setList({ kind: 'failed', message: errorText(error) });
      },
    );
  }, [api]);

  useEffect(() => {
    reload();
    return () => {
      request.current += 1;
    };
  }, [reload]);

  async function loadMore() {
    if (list.kind !== 'loaded' || list.next === null || loadingMore) return;
    const mine = request.current;
    setLoadingMore(true);
    try {
      const page = await api.invoke('contacts.list', { limit: pageSize, after: list.next });
      if (request.current === mine) setList({ kind: 'loaded', items: [...list.items, ...page.items], next: page.next });
    } catch (error) {
      if (request.current === mine) setList({ kind: 'failed', message: errorText(error) });
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <div className="contacts" data-testid="contacts-panel">
      <section className="card contacts__list" aria-labelledby="contacts-title" aria-busy={list.kind === 'loading'}>
        <div className="card__header">
          <h2 id="contacts-title">{t('contacts.title')}</h2>
          {list.kind === 'loaded' && list.items.length > 0 ? (
            <span className="muted small" data-testid="contacts-count">
              {t('contacts.count', { count: list.items.length })}
              {list.next === null ? '' : '+'}
            </span>
          ) : null}
        </div>
        {list.kind === 'loading' ? <p className="muted">{t('status.loading')}</p> : null}
        {list.kind === 'failed' ? (
          <Alert tone="error" title={t('contacts.loadFailed')} testId="contacts-load-error">
            <p>{list.message}</p>
          </Alert>
        ) : null}
        {list.kind === 'loaded' && list.items.length === 0 ? (
          <div className="empty" data-testid="contacts-empty">
            <span className="empty__icon" aria-hidden="true" />
            <p className="empty__title">{t('contacts.empty.title')}</p>
            <p className="muted">{t('contacts.empty.body')}</p>
          </div>
        ) : null}
        {list.kind === 'loaded' && list.items.length > 0 ? <ContactList contacts={list.items} /> : null}
        {list.kind === 'loaded' && list.next !== null ? (
          <button
            type="button"
            className="button button--secondary"
            data-testid="contacts-load-more"
            disabled={loadingMore}
            aria-busy={loadingMore}
            onClick={() => void loadMore()}
          >
            {t('contacts.loadMore')}
          </button>
        ) : null}
      </section>
      <AddContactForm onCreated={reload} />
    </div>
  );
}
