// A deal's page: the stage path (click a step to move the deal), inline-
// editable details, the activity timeline, its contacts and open tasks.
// What is logged or made here links the deal, its account and, when it has
// exactly one live contact, that contact.
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { DealPatch } from '../../../src-shared/domain/deal';
import type { DealDetail } from '../../../src-shared/domain/details';
import { useApi } from '../../app/api-context';
import { useNavigation } from '../../app/router';
import { formatMoney, formatPercent } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { ConflictNotice } from '../conflicts/ConflictNotice';
import { DetailGrid } from '../detail/DetailGrid';
import { DetailFallback } from '../detail/DetailStates';
import { DetailHeader } from '../detail/DetailHeader';
import { RecordPage } from '../detail/RecordPage';
import { FieldsCard, ownerRow } from '../detail/FieldsCard';
import { ContactsCard, TasksCard, TrashedAccountCard, TrashedContactsCard } from '../detail/RelatedCards';
import { Timeline } from '../detail/Timeline';
import { useCreateRecord } from '../records/create-record';
import type { InlineLookAlikes } from '../records/look-alikes';
import { linkPreset } from '../records/NewRecordDialog';
import { useNameCache } from '../records/names';
import { dealShows } from '../records/detail-shows';
import { useDetail } from '../records/useDetail';
import { useRestore, useSoftDelete } from '../records/useSoftDelete';
import { dealFields, dealLostReasonField } from './deal-fields';
import { LinkContactDialog } from './LinkContactDialog';
import { useDealContacts } from './useDealContacts';
import { StagePath } from './StagePath';
import { stageLabel, useStages } from './stages';
import { useStageMove } from './useStageMove';

const listRoute = { name: 'list', entity: 'deal' } as const;

export function DealDetailPage({ id }: { readonly id: string }) {
  const api = useApi();
  const names = useNameCache();
  const { navigate } = useNavigation();
  const creator = useCreateRecord();
  const { pipeline, reload: reloadStages } = useStages();
  const [linking, setLinking] = useState(false);
  const load = useCallback(async (): Promise<DealDetail> => {
    const detail = await api.invoke('deals.get', { id });
    names.learn(detail.deal.id, detail.deal.name);
    if (detail.account !== null) names.learn(detail.account.id, detail.account.name);
    const trashed = detail.trashedAccount ?? null;
    if (trashed !== null) names.learn(trashed.id, trashed.name);
    return detail;
  }, [api, id, names]);
  const detail = useDetail(load, id, dealShows(id));
  const { reload } = detail;
  const dealContacts = useDealContacts(detail);
  const moved = useCallback(() => {
    reload();
    void reloadStages();
  }, [reload, reloadStages]);
  // After Undo of a move, the focus goes to the step the deal went back from, once the page shows it back
  // (the Undo pressed in the toast is gone).
  const stepAfterUndo = useRef<string | null>(null);
  const stageMove = useStageMove(
    moved,
    () => {
      stepAfterUndo.current = null;
    },
    (_before, movedDeal) => {
      stepAfterUndo.current = movedDeal.stageId;
    },
  );
  useLayoutEffect(() => {
    const step = stepAfterUndo.current;
    if (step === null || detail.state.kind !== 'loaded' || detail.state.data.deal.stageId === step) return;
    stepAfterUndo.current = null;
    document.querySelector<HTMLElement>(`.stage-path [data-stage-id="${CSS.escape(step)}"]`)?.focus();
  }, [detail.state]);

  const remove = useSoftDelete({
    kind: 'deal',
    id,
    remove: () => api.invoke('deals.delete', { id }),
    restore: () => api.invoke('deals.restore', { id }),
    onDeleted: () => navigate(listRoute),
    onRestored: () => navigate({ name: 'detail', entity: 'deal', id }),
  });
  const restore = useRestore('deal', () => api.invoke('deals.restore', { id }), detail.reload);
  // Renamed in place, a deal names the other deals of that name with its account (or of none, as it has none).
  const accountId = detail.state.kind === 'loaded' ? detail.state.data.deal.accountId : null;
  const lookAlikes = useMemo(
    (): Record<'name', InlineLookAlikes> => ({
      name: {
        kind: 'deal',
        open: (other) => navigate({ name: 'detail', entity: 'deal', id: other }),
        find: async (name) => (await api.invoke('deals.lookAlikes', { name: name.slice(0, 500), accountId, except: id })).records,
      },
    }),
    [api, id, accountId, navigate],
  );

  const save = useCallback(
    async (patch: Record<string, unknown>) => {
      const deal = await api.invoke('deals.update', { id, patch: DealPatch.parse(patch) });
      names.learn(deal.id, deal.name);
      // The saved value shows in the frame the field stops editing in; the reload brings what depends on it.
      detail.update((data) => ({ ...data, deal }));
      moved();
    },
    [api, id, names, detail, moved],
  );

  if (detail.state.kind !== 'loaded') return <DetailFallback state={detail.state} listRoute={listRoute} onRetry={detail.reload} />;
  const { deal, stage, account, trashedAccount, contacts, trashedContacts = [], activities, olderActivities, tasks, counts } = detail.state.data;
  const deleted = deal.deletedAt !== null;
  // A teammate's deal: its stage and contacts are its own, refused (not_owner) as its fields are, so not offered.
  const teammates = detail.state.data.ownedByTeammate === true;
  // The live account only (as on the contact page): a link to one in the trash would refuse what is made here.
  // The deal's one live contact too, so a call logged here reaches that contact's timeline; with several, none
  // is picked for the user (the activity's page links one).
  const onlyContact = contacts.length === 1 ? (contacts[0]?.id ?? null) : null;
  const links = { dealId: deal.id, accountId: account?.id ?? null, contactId: onlyContact };
  const stages = pipeline?.stages ?? [];
  const options = stages.map((candidate) => ({ value: candidate.id, label: { text: stageLabel(candidate) } }));
  const defs = [...dealFields(options).filter((def) => def.key !== 'stageId'), ...(stage?.kind === 'lost' ? [dealLostReasonField] : [])];

  return (
    <RecordPage testId="deal-detail" readOnly={deleted} ownedByTeammate={teammates}>
      <DetailHeader
        title={deal.name}
        subtitle={
          <span className="tabular">
            {formatMoney(deal.amount, deal.currency)}
            {' · '}
            {formatPercent(deal.probability / 100)}
          </span>
        }
        leading={
          <span className="avatar avatar--large avatar--deal" aria-hidden="true">
            <Icon name="deal" size={22} />
          </span>
        }
        listRoute={listRoute}
        onDelete={() => void remove()}
        onRestore={restore}
      />
      <ConflictNotice entity="deal" id={deal.id} />
      {stages.length === 0 ? null : (
        <StagePath
          stages={stages}
          current={deal.stageId}
          disabled={deleted || teammates}
          onMove={(target) =>
            // Won closes the deal: asked first, as on the board (Lost asks for its reason in request()).
            target.kind === 'won' && target.id !== deal.stageId
              ? stageMove.choose(
                  deal,
                  stages.filter((stage) => stage.kind !== 'open' && stage.id !== deal.stageId),
                  target,
                )
              : stageMove.request(deal, target)
          }
        />
      )}
      <DetailGrid
        side={<FieldsCard defs={defs} record={deal} patchSchema={DealPatch} save={save} people={[ownerRow(deal.ownerId)]} lookAlikes={lookAlikes} />}
        aside={
          <>
            {teammates ? (
              <ContactsCard contacts={contacts} />
            ) : (
              <ContactsCard contacts={contacts} onAdd={() => setLinking(true)} onRemove={(contact) => dealContacts.remove(deal, contact)} />
            )}
            <TrashedAccountCard account={trashedAccount} />
            <TrashedContactsCard contacts={trashedContacts} />
            <TasksCard
              tasks={tasks}
              total={counts.tasks}
              showAll={{ field: 'dealId', id: deal.id }}
              onAdd={() => creator.open({ kind: 'task', preset: linkPreset(links) }, detail.reload)}
              onChanged={detail.reload}
            />
          </>
        }
        main={<Timeline activities={activities} olderActivities={olderActivities} of={{ dealId: deal.id }} links={links} onChanged={detail.reload} />}
      />
      {stageMove.dialog}
      {linking ? <LinkContactDialog onLink={(contactId) => dealContacts.link(deal, contactId)} onClose={() => setLinking(false)} contactCount={deal.contactIds.length} /> : null}
    </RecordPage>
  );
}
