// The notice on a record's detail page while sync keeps conflicts of that
// record for review: how many, and a link to the review of this record's
// alone. Asked again when a sync ends or the count of open conflicts changes.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import { useNavigation, type EntityKind } from '../../app/router';
import { Alert } from '../../ui/Alert';
import { useSync } from '../shell/sync-context';

/** A record holds at most one open conflict a field; no record has this many fields. */
const maxPerRecord = 200;

export function ConflictNotice({ entity, id }: { readonly entity: EntityKind; readonly id: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const { navigate } = useNavigation();
  const { openConflicts, lastSyncAt } = useSync().view;
  const [count, setCount] = useState(0);

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

  if (count === 0) return null;
  return (
    <Alert tone="warning" testId="record-conflicts">
      <p>
        {t('conflicts.notice', { count })}{' '}
        <button type="button" className="link-button" data-testid="record-conflicts-review" onClick={() => navigate({ name: 'conflicts', record: { entity, id } })}>
          {t('conflicts.noticeLink')}
        </button>
      </p>
    </Alert>
  );
}
