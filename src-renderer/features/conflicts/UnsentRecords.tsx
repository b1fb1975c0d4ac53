// The records kept on this device only (sync.unsent.list): new records the
// server refused whole, which the user kept (Keep in the review) or has yet
// to choose for. On the review of every conflict, above them; the sync
// dialog's "Show them" leads here (route `focus: 'unsent'`), and its heading
// takes the focus once the list is read. Each record is named and opens its
// page, where the next change sends it again. Read again when their count
// changes or a sync ends; nothing is shown while there are none.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnsentRecords as UnsentList } from '../../../src-shared/sync/client-api';
import { useApi } from '../../app/api-context';
import { useNavigation, type Route } from '../../app/router';
import { RecordName } from '../records/names';
import { useSync } from '../shell/sync-context';
import { kindOfEntity } from './conflict-fields';

export function UnsentRecords() {
  const { t } = useTranslation();
  const api = useApi();
  const { route, navigate } = useNavigation();
  const { unsentRecords, lastSyncAt } = useSync().view;
  const [listed, setListed] = useState<UnsentList | null>(null);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const focusedFor = useRef<Route | null>(null);

  useEffect(() => {
    if (unsentRecords === 0) return undefined;
    let live = true;
    api.invoke('sync.unsent.list', {}).then(
      (page) => {
        if (live) setListed(page);
      },
      // No list rather than a broken one: the sync dialog still counts them.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, unsentRecords, lastSyncAt]);

  const shown = unsentRecords > 0 && listed !== null && listed.items.length > 0;
  // Arriving from the sync dialog's "Show them": the focus goes to the list, once, as soon as it is there. An
  // effect, not a layout effect: the workspace focuses the page it navigated to in one, which runs after a child's.
  useEffect(() => {
    if (!shown || route.name !== 'conflicts' || route.focus !== 'unsent' || focusedFor.current === route) return;
    focusedFor.current = route;
    heading.current?.focus();
  }, [shown, route]);

  if (!shown) return null;
  return (
    <section className="card conflict" aria-labelledby={headingId} data-testid="unsent-records">
      <h2 className="conflict__title" id={headingId} ref={heading} tabIndex={-1}>
        {t('conflicts.unsentTitle')}
      </h2>
      <p className="muted">{t('conflicts.unsentIntro')}</p>
      <ul className="unsent-records">
        {listed.items.map((item) => {
          const kind = kindOfEntity[item.entity];
          return (
            <li key={`${item.entity}/${item.recordId}`} data-testid="unsent-record">
              <span className="muted small">{t(`entity.${kind}.one`)}</span>
              {' · '}
              <button type="button" className="link-button" data-testid="unsent-record-open" onClick={() => navigate({ name: 'detail', entity: kind, id: item.recordId })}>
                <RecordName kind={kind} id={item.recordId} fallback={t('conflicts.unnamed')} />
              </button>
            </li>
          );
        })}
      </ul>
      {listed.total > listed.items.length ? <p className="muted small">{t('conflicts.unsentMore', { count: listed.total - listed.items.length })}</p> : null}
    </section>
  );
}
