// The notice on a record's detail page while sync keeps conflicts of that
// record for review: how many, and a link to the review of this record's
// alone. Asked again when a sync ends or the count of open conflicts changes.
// A screen reader hears the notice from a live region that stays in the page
// while the record's page is open (one inserted with its text in it is often
// not read); the visible notice is no live region of its own. A record kept
// on this device only (the server refused it as a new record) says so too,
// and that its next change sends it again (sync.unsent.list of the record).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import { useNavigation, type EntityKind } from '../../app/router';
import { Alert } from '../../ui/Alert';
import { LiveRegion } from '../../ui/LiveRegion';
import { useSync } from '../shell/sync-context';

/** A record holds at most one open conflict a field; no record has this many fields. */
const maxPerRecord = 200;

export function ConflictNotice({ entity, id }: { readonly entity: EntityKind; readonly id: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const { navigate } = useNavigation();
  const { openConflicts, unsentRecords, lastSyncAt } = useSync().view;
  const [count, setCount] = useState(0);
  const [unsent, setUnsent] = useState(false);

  useEffect(() => {
    let live = true;
    api.invoke('sync.conflicts.list', { recordId: id, limit: maxPerRecord }).then(
      ({ items }) => {
        if (live) setCount(items.length);
      },
      // No notice rather than a broken one: the sync dialog still counts them.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, id, openConflicts, lastSyncAt]);

  useEffect(() => {
    if (unsentRecords === 0) return undefined;
    let live = true;
    api.invoke('sync.unsent.list', { recordId: id }).then(
      ({ total }) => {
        if (live) setUnsent(total > 0);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, id, unsentRecords, lastSyncAt]);

  const text = count === 0 ? '' : t('conflicts.notice', { count });
  return (
    <>
      <LiveRegion text={text} testId="record-conflicts-announcement" />
      {unsent && unsentRecords > 0 ? (
        <Alert tone="info" live={false} testId="record-unsent">
          <p>{t('conflicts.unsentNote')}</p>
        </Alert>
      ) : null}
      {count === 0 ? null : (
        <Alert tone="warning" live={false} testId="record-conflicts">
          <p>
            {text}{' '}
            <button type="button" className="link-button" data-testid="record-conflicts-review" onClick={() => navigate({ name: 'conflicts', record: { entity, id } })}>
              {t('conflicts.noticeLink')}
            </button>
          </p>
        </Alert>
      )}
    </>
  );
}
