// An account's page: inline-editable details, the activity timeline, its
// contacts, deals and open tasks.
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountPatch } from '../../../src-shared/domain/account';
import type { AccountDetail } from '../../../src-shared/domain/details';
import { useApi } from '../../app/api-context';
import { useNavigation } from '../../app/router';
import { initials } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { JoinedValues } from '../../ui/JoinedValues';
import { ConflictNotice } from '../conflicts/ConflictNotice';
import { DetailGrid } from '../detail/DetailGrid';
import { DetailFallback } from '../detail/DetailStates';
import { DetailHeader } from '../detail/DetailHeader';
import { RecordPage } from '../detail/RecordPage';
import { FieldsCard, ownerRow } from '../detail/FieldsCard';
import { ContactsCard, DealsCard, TasksCard } from '../detail/RelatedCards';
import { Timeline } from '../detail/Timeline';
import { useCreateRecord } from '../records/create-record';
import { linkPreset } from '../records/NewRecordDialog';
import { useNameCache } from '../records/names';
import { accountShows } from '../records/detail-shows';
import type { InlineLookAlikes } from '../records/look-alikes';
import { useDetail } from '../records/useDetail';
import { useRestore, useSoftDelete } from '../records/useSoftDelete';
import { accountFields } from './account-fields';

const listRoute = { name: 'list', entity: 'account' } as const;

export function AccountDetailPage({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const names = useNameCache();
  const { navigate } = useNavigation();
  const creator = useCreateRecord();
  const load = useCallback(async (): Promise<AccountDetail> => {
    const detail = await api.invoke('accounts.get', { id });
    names.learn(detail.account.id, detail.account.name);
    for (const contact of detail.contacts) names.learn(contact.id, contact.name);
    return detail;
  }, [api, id, names]);
  const detail = useDetail(load, id, accountShows(id));

  const remove = useSoftDelete({
    kind: 'account',
    id,
    remove: () => api.invoke('accounts.delete', { id }),
    restore: () => api.invoke('accounts.restore', { id }),
    onDeleted: () => navigate(listRoute),
    onRestored: () => navigate({ name: 'detail', entity: 'account', id }),
  });
  const restore = useRestore('account', () => api.invoke('accounts.restore', { id }), detail.reload);
  // Renamed in place, an account names the other accounts of that name.
  const lookAlikes = useMemo(
    (): Record<'name', InlineLookAlikes> => ({
      name: {
        kind: 'account',
        open: (other) => navigate({ name: 'detail', entity: 'account', id: other }),
        find: async (name) => (await api.invoke('accounts.lookAlikes', { name: name.slice(0, 500), except: id })).records,
      },
    }),
    [api, id, navigate],
  );

  const save = useCallback(
    async (patch: Record<string, unknown>) => {
      const account = await api.invoke('accounts.update', { id, patch: AccountPatch.parse(patch) });
      names.learn(account.id, account.name);
      // The saved value shows in the frame the field stops editing in; the reload brings what depends on it.
      detail.update((data) => ({ ...data, account }));
      detail.reload();
    },
    [api, id, names, detail],
  );

  if (detail.state.kind !== 'loaded') return <DetailFallback state={detail.state} listRoute={listRoute} onRetry={detail.reload} />;
  const { account, contacts, deals, activities, olderActivities, tasks, counts } = detail.state.data;
  const deleted = account.deletedAt !== null;
  const links = { accountId: account.id };
  const ofAccount = { field: 'accountId', id: account.id } as const;
  // Each part in its own direction (JoinedValues): a Hebrew industry took the dot after it to its side.
  const subtitle = [account.industry, account.address.city, account.territory].filter((part) => part !== '');

  return (
    <RecordPage testId="account-detail" readOnly={deleted} ownedByTeammate={detail.state.data.ownedByTeammate}>
      <DetailHeader
        title={account.name}
        subtitle={
          subtitle.length === 0 ? undefined : (
            <span data-testid="account-subtitle">
              <JoinedValues parts={subtitle} />
            </span>
          )
        }
        leading={
          <span className="avatar avatar--large avatar--square" aria-hidden="true">
            {initials(account.name)}
          </span>
        }
        listRoute={listRoute}
        onDelete={() => void remove()}
        onRestore={restore}
        actions={
          <button
            type="button"
            className="button button--secondary"
            data-testid="detail-add-contact"
            onClick={() => creator.open({ kind: 'contact', preset: linkPreset(links) }, detail.reload)}
          >
            <Icon name="contact" size={16} />
            {t('detail.addContact')}
          </button>
        }
      />
      <ConflictNotice entity="account" id={account.id} />
      <DetailGrid
        side={<FieldsCard defs={accountFields} record={account} patchSchema={AccountPatch} save={save} people={[ownerRow(account.ownerId)]} lookAlikes={lookAlikes} />}
        aside={
          <>
            <ContactsCard contacts={contacts} total={counts.contacts} showAll={ofAccount} onAdd={() => creator.open({ kind: 'contact', preset: linkPreset(links) }, detail.reload)} />
            <DealsCard deals={deals} total={counts.deals} showAll={ofAccount} onAdd={() => creator.open({ kind: 'deal', preset: linkPreset(links) }, undefined, detail.reload)} />
            <TasksCard
              tasks={tasks}
              total={counts.tasks}
              showAll={ofAccount}
              onAdd={() => creator.open({ kind: 'task', preset: linkPreset(links) }, detail.reload)}
              onChanged={detail.reload}
            />
          </>
        }
        main={<Timeline activities={activities} olderActivities={olderActivities} of={{ accountId: account.id }} links={links} onChanged={detail.reload} />}
      />
    </RecordPage>
  );
}
