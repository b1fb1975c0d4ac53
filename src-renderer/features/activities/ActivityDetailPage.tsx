// An activity's page: its inline-editable fields and the records it is about
// (those in the trash too, marked so: its fields name them).
// An edit that would leave neither a subject nor notes is refused under the
// field, as the activity composer refuses to log such an activity.
// Deleted, it goes back to the page the user came from (a contact's timeline),
// the Activities list only when it was the first page shown.
import { useCallback } from 'react';
import { ActivityPatch } from '../../../src-shared/domain/activity';
import type { ActivityDetail } from '../../../src-shared/domain/details';
import { useApi } from '../../app/api-context';
import { useNavigation } from '../../app/router';
import { formatDateTime } from '../../ui/format';
import type { Words } from '../../ui/words';
import { ConflictNotice } from '../conflicts/ConflictNotice';
import { DetailFallback } from '../detail/DetailStates';
import { DetailHeader } from '../detail/DetailHeader';
import { RecordPage } from '../detail/RecordPage';
import { FieldsCard, ownerRow } from '../detail/FieldsCard';
import { LinksCard } from '../detail/LinksCard';
import { useNameCache } from '../records/names';
import { activityShows } from '../records/detail-shows';
import { useDetail } from '../records/useDetail';
import { useRestore, useSoftDelete } from '../records/useSoftDelete';
import { activityFields } from './activity-fields';
import { activityTitle } from './activity-list-spec';
import { ActivityKindIcon } from './ActivityKindIcon';

const listRoute = { name: 'list', entity: 'activity' } as const;

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

export function ActivityDetailPage({ id }: { readonly id: string }) {
  const api = useApi();
  const names = useNameCache();
  const { navigate, back } = useNavigation();
  const load = useCallback(() => api.invoke('activities.get', { id }), [api, id]);
  const detail = useDetail<ActivityDetail>(load, id, activityShows(id));

  const remove = useSoftDelete({
    kind: 'activity',
    id,
    remove: () => api.invoke('activities.delete', { id }),
    restore: () => api.invoke('activities.restore', { id }),
    // Back where the user came from (the contact whose timeline opened it), or the list when it was opened first.
    onDeleted: () => back(listRoute),
    onRestored: () => navigate({ name: 'detail', entity: 'activity', id }),
  });
  const restore = useRestore('activity', () => api.invoke('activities.restore', { id }), detail.reload);

  const save = useCallback(
    async (patch: Record<string, unknown>) => {
      const activity = await api.invoke('activities.update', { id, patch: ActivityPatch.parse(patch) });
      names.learn(activity.id, activityTitle(activity));
      // The saved value shows in the frame the field stops editing in; the reload brings what depends on it.
      detail.update((data) => ({ ...data, activity }));
      detail.reload();
    },
    [api, id, names, detail],
  );

  if (detail.state.kind !== 'loaded') return <DetailFallback state={detail.state} listRoute={listRoute} onRetry={detail.reload} />;
  const { activity } = detail.state.data;
  const deleted = activity.deletedAt !== null;
  // Only an edit of the subject or the notes can leave an activity with neither: one logged with only an outcome
  // (or synced so) keeps every other field editable.
  const refuse = (patch: Record<string, unknown>): Words | undefined => {
    if (!('subject' in patch) && !('body' in patch)) return undefined;
    const next = { subject: activity.subject, body: activity.body, ...patch };
    return blank(next.subject) && blank(next.body) ? { key: 'detail.activityEmpty' } : undefined;
  };
  return (
    <RecordPage testId="activity-detail" readOnly={deleted} ownedByTeammate={detail.state.data.ownedByTeammate}>
      <DetailHeader
        title={activityTitle(activity)}
        subtitle={<span>{formatDateTime(activity.occurredAt)}</span>}
        leading={<ActivityKindIcon kind={activity.kind} />}
        listRoute={listRoute}
        onDelete={() => void remove()}
        onRestore={restore}
      />
      <ConflictNotice entity="activity" id={activity.id} />
      <div className="detail-grid detail-grid--two">
        <div className="detail-grid__side detail-grid__side--wide">
          <FieldsCard defs={activityFields} record={activity} patchSchema={ActivityPatch} save={save} people={[ownerRow(activity.ownerId)]} refuse={refuse} />
        </div>
        <div className="detail-grid__aside">
          <LinksCard links={detail.state.data} />
        </div>
      </div>
    </RecordPage>
  );
}
