// A contact's page: inline-editable details (its addresses and numbers name
// the other contacts sharing them while edited; contact-rules.ts refuses an
// edit leaving the preferred channel unreachable or repeating an entry), the activity timeline with a
// quick "log activity" box, the account (or the one in the trash it names),
// deals and open tasks.
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ContactPatch } from '../../../src-shared/domain/contact';
import type { ContactDetail } from '../../../src-shared/domain/details';
import { useApi } from '../../app/api-context';
import { useNavigation } from '../../app/router';
import { initials } from '../../ui/format';
import { Icon } from '../../ui/icons';
import type { Words } from '../../ui/words';
import { ConflictNotice } from '../conflicts/ConflictNotice';
import { DetailGrid } from '../detail/DetailGrid';
import { DetailFallback } from '../detail/DetailStates';
import { DetailHeader } from '../detail/DetailHeader';
import { RecordPage } from '../detail/RecordPage';
import { FieldsCard, ownerRow } from '../detail/FieldsCard';
import { DealsCard, TasksCard, TrashedAccountCard } from '../detail/RelatedCards';
import { Timeline } from '../detail/Timeline';
import { useCreateRecord } from '../records/create-record';
import { linkPreset } from '../records/NewRecordDialog';
import { useNameCache } from '../records/names';
import { contactShows } from '../records/detail-shows';
import { textLines, type InlineLookAlikes } from '../records/look-alikes';
import { useDetail } from '../records/useDetail';
import { useRestore, useSoftDelete } from '../records/useSoftDelete';
import { contactFields } from './contact-fields';
import { refuseContactPatch } from './contact-rules';

const listRoute = { name: 'list', entity: 'contact' } as const;

export function ContactDetailPage({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const names = useNameCache();
  const { navigate } = useNavigation();
  const creator = useCreateRecord();
  const load = useCallback(async (): Promise<ContactDetail> => {
    const detail = await api.invoke('contacts.get', { id });
    names.learn(detail.contact.id, detail.contact.name);
    if (detail.account !== null) names.learn(detail.account.id, detail.account.name);
    const trashed = detail.trashedAccount ?? null;
    if (trashed !== null) names.learn(trashed.id, trashed.name);
    return detail;
  }, [api, id, names]);
  const detail = useDetail(load, id, contactShows(id));

  const remove = useSoftDelete({
    kind: 'contact',
    id,
    remove: () => api.invoke('contacts.delete', { id }),
    restore: () => api.invoke('contacts.restore', { id }),
    onDeleted: () => navigate(listRoute),
    onRestored: () => navigate({ name: 'detail', entity: 'contact', id }),
  });
  const restore = useRestore('contact', () => api.invoke('contacts.restore', { id }), detail.reload);
  const lookAlikes = useMemo((): Record<'emails' | 'phones', InlineLookAlikes> => {
    const open = (other: string) => navigate({ name: 'detail', entity: 'contact', id: other });
    return {
      emails: { kind: 'contact', open, find: async (text) => (await api.invoke('contacts.lookAlikes', { emails: textLines(text, 320), except: id })).records },
      phones: { kind: 'contact', open, find: async (text) => (await api.invoke('contacts.lookAlikes', { phones: textLines(text, 64), except: id })).records },
    };
  }, [api, id, navigate]);

  const save = useCallback(
    async (patch: Record<string, unknown>) => {
      const contact = await api.invoke('contacts.update', { id, patch: ContactPatch.parse(patch) });
      names.learn(contact.id, contact.name);
      // The saved value shows in the frame the field stops editing in; the reload brings what depends on it.
      detail.update((data) => ({ ...data, contact }));
      detail.reload();
    },
    [api, id, names, detail],
  );

  if (detail.state.kind !== 'loaded') return <DetailFallback state={detail.state} listRoute={listRoute} onRetry={detail.reload} />;
  const { contact, account, trashedAccount, deals, activities, olderActivities, tasks, counts } = detail.state.data;
  const ofContact = { field: 'contactId', id: contact.id } as const;
  const deleted = contact.deletedAt !== null;
  // The account the page shows (live), not the stored link: an activity or task made here linked to an account in the
  // trash or not on this device was refused, and nothing on the page could be logged.
  const links = { contactId: contact.id, accountId: account?.id ?? null };
  // A preferred channel left with no address or number, an address or number entered twice: refused at the field.
  const refuse = (patch: Record<string, unknown>): Words | undefined => {
    const parsed = ContactPatch.safeParse(patch);
    return parsed.success ? refuseContactPatch(contact, parsed.data) : undefined;
  };

  return (
    <RecordPage testId="contact-detail" readOnly={deleted} ownedByTeammate={detail.state.data.ownedByTeammate}>
      <DetailHeader
        title={contact.name}
        subtitle={
          <>
            {contact.title === '' ? null : <span dir="auto">{contact.title}</span>}
            {account === null ? null : (
              <button type="button" className="link-button" onClick={() => navigate({ name: 'detail', entity: 'account', id: account.id })}>
                <Icon name="account" size={14} />
                <bdi>{account.name}</bdi>
              </button>
            )}
          </>
        }
        leading={
          <span className="avatar avatar--large" aria-hidden="true">
            {initials(contact.name)}
          </span>
        }
        listRoute={listRoute}
        onDelete={() => void remove()}
        onRestore={restore}
        actions={
          <button
            type="button"
            className="button button--secondary"
            data-testid="detail-add-task"
            onClick={() => creator.open({ kind: 'task', preset: linkPreset(links) }, detail.reload)}
          >
            <Icon name="task" size={16} />
            {t('detail.addTask')}
          </button>
        }
      />
      <ConflictNotice entity="contact" id={contact.id} />
      <DetailGrid
        side={<FieldsCard defs={contactFields} record={contact} patchSchema={ContactPatch} save={save} refuse={refuse} people={[ownerRow(contact.ownerId)]} lookAlikes={lookAlikes} />}
        aside={
          <>
            <TrashedAccountCard account={trashedAccount} />
            <TasksCard
              tasks={tasks}
              total={counts.tasks}
              showAll={ofContact}
              onAdd={() => creator.open({ kind: 'task', preset: linkPreset(links) }, detail.reload)}
              onChanged={detail.reload}
            />
            <DealsCard
              deals={deals}
              total={counts.deals}
              showAll={ofContact}
              onAdd={() => creator.open({ kind: 'deal', preset: { accountId: account?.id ?? '' }, extra: { contactIds: [contact.id] } }, undefined, detail.reload)}
            />
          </>
        }
        main={<Timeline activities={activities} olderActivities={olderActivities} of={{ contactId: contact.id }} links={links} onChanged={detail.reload} />}
      />
    </RecordPage>
  );
}
