// The related-record cards shared by contact, account and deal pages: open
// tasks (with a "done" checkbox), deals (stage and amount) and contacts, and
// the linked records that are in the trash (a deal's contacts, an account).
// On a record in the trash (useRecordReadOnly) a card has no "Add" button,
// an open task no "done" checkbox and a deal's contact no Remove; a
// teammate's task the user may not change has one marked aria-disabled, still
// focusable, so the focus can land on it when the task above is ticked
// (TaskDoneCheck, `statusLocked`). `total` and
// `showAll` (RelatedCard): the capped list's true count and the record whose
// whole list "Show all" opens.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListCount } from '../../../src-shared/domain/common';
import type { Contact } from '../../../src-shared/domain/contact';
import type { Deal } from '../../../src-shared/domain/deal';
import type { TrashedAccount, TrashedContact } from '../../../src-shared/domain/details';
import type { Task, TaskListItem } from '../../../src-shared/domain/task';
import { formatMoney, initials } from '../../ui/format';
import type { ListLink } from '../../app/router';
import { Icon } from '../../ui/icons';
import { StageBadge } from '../deals/stages';
import { TaskDue } from '../tasks/TaskBadges';
import { TaskDoneCheck } from '../tasks/TaskDoneCheck';
import { useCompleteTask } from '../tasks/useCompleteTask';
import { useFocusAfterDone } from '../tasks/useFocusAfterDone';
import { useRecordReadOnly } from './read-only';
import { RelatedCard } from './RelatedCard';

/** What a capped card says of the whole list: how many, and whose list "Show all" opens. */
interface WholeList {
  readonly total?: ListCount;
  readonly showAll?: ListLink;
}

export function TasksCard({
  tasks,
  onAdd,
  onChanged,
  total,
  showAll,
}: { readonly tasks: readonly TaskListItem[]; readonly onAdd: () => void; readonly onChanged: () => void } & WholeList) {
  const { t } = useTranslation();
  const readOnly = useRecordReadOnly();
  const complete = useCompleteTask(onChanged);
  // As on Today: the focus of a task ticked done goes to the next task's checkbox, or to the card, as its row leaves.
  const card = useRef<HTMLElement>(null);
  const focus = useFocusAfterDone((id) => `[data-item-id="${id}"]`);

  async function done(task: Task): Promise<boolean> {
    const next = tasks.slice(tasks.findIndex((other) => other.id === task.id) + 1)[0]?.id ?? null;
    if (card.current !== null) focus.leaving(card.current, task.id, next);
    const completed = await complete(task);
    if (!completed) focus.stays();
    return completed;
  }

  return (
    <RelatedCard
      title={t('detail.relatedTasks')}
      kind="task"
      testId="related-tasks"
      cardRef={card}
      {...whole(total, showAll)}
      addLabel={t('detail.addTask')}
      onAdd={onAdd}
      items={tasks.map((task) => ({
        id: task.id,
        primary: task.title,
        secondary: <TaskDue task={task} />,
        leading: readOnly ? undefined : <TaskDoneCheck task={task} onDone={done} testId="task-done" />,
      }))}
    />
  );
}

export function DealsCard({ deals, onAdd, total, showAll }: { readonly deals: readonly Deal[]; readonly onAdd: () => void } & WholeList) {
  const { t } = useTranslation();
  return (
    <RelatedCard
      title={t('detail.relatedDeals')}
      kind="deal"
      testId="related-deals"
      {...whole(total, showAll)}
      addLabel={t('detail.addDeal')}
      onAdd={onAdd}
      items={deals.map((deal) => ({
        id: deal.id,
        primary: deal.name,
        secondary: formatMoney(deal.amount, deal.currency),
        trailing: <StageBadge stageId={deal.stageId} />,
      }))}
    />
  );
}

/**
 * A record's contacts. With `onRemove` (a deal's page) each has a Remove button that unlinks it; the focus then
 * goes to the next contact's Remove, or to the card when it was the last.
 */
export function ContactsCard({
  contacts,
  onAdd,
  onRemove,
  total,
  showAll,
}: {
  readonly contacts: readonly Contact[];
  /** Left out where the contacts cannot be changed here (a teammate's deal): no Add. */
  readonly onAdd?: () => void;
  readonly onRemove?: (contact: Contact) => Promise<boolean>;
} & WholeList) {
  const { t } = useTranslation();
  const readOnly = useRecordReadOnly();
  const card = useRef<HTMLElement>(null);
  const focus = useFocusAfterDone((id) => `[data-item-id="${id}"]`, '.related-list__remove');

  async function remove(contact: Contact, unlink: (contact: Contact) => Promise<boolean>): Promise<void> {
    const next = contacts.slice(contacts.findIndex((other) => other.id === contact.id) + 1)[0]?.id ?? null;
    if (card.current !== null) focus.leaving(card.current, contact.id, next);
    if (!(await unlink(contact))) focus.stays();
  }

  return (
    <RelatedCard
      title={t('detail.relatedContacts')}
      kind="contact"
      testId="related-contacts"
      cardRef={card}
      {...whole(total, showAll)}
      addLabel={t('detail.addContact')}
      {...(onAdd === undefined ? {} : { onAdd })}
      items={contacts.map((contact) => ({
        id: contact.id,
        primary: contact.name,
        secondary: secondLine(contact),
        leading: (
          <span className="avatar" aria-hidden="true">
            {initials(contact.name)}
          </span>
        ),
        trailing:
          onRemove === undefined || readOnly ? undefined : (
            <button
              type="button"
              className="button button--ghost button--icon related-list__remove"
              aria-label={t('detail.unlinkContact', { name: contact.name })}
              title={t('detail.unlinkContact', { name: contact.name })}
              data-testid="related-contacts-remove"
              onClick={() => void remove(contact, onRemove)}
            >
              <Icon name="close" size={14} />
            </button>
          ),
      }))}
    />
  );
}

/** The card's props for the whole list, leaving out those not given (exactOptionalPropertyTypes). */
function whole(total: ListCount | undefined, showAll: ListLink | undefined): WholeList {
  return { ...(total === undefined ? {} : { total }), ...(showAll === undefined ? {} : { showAll }) };
}

/** A contact's title, else its first e-mail address, isolated: a Hebrew title keeps its full stop in place. */
function secondLine(contact: Contact) {
  const line = contact.title === '' ? contact.emails[0] : contact.title;
  return line === undefined ? undefined : <bdi>{line}</bdi>;
}

/** A record in the trash as a card's row: its name, with its initials beside it, linking to its page. */
function trashedItem(record: { readonly id: string; readonly name: string }) {
  return {
    id: record.id,
    primary: record.name,
    leading: (
      <span className="avatar" aria-hidden="true">
        {initials(record.name)}
      </span>
    ),
  };
}

/**
 * The contacts a deal names that are in the trash (`trashedContacts` of deals.get): named and linked, so the
 * user can open and restore them, which restoring the deal waits on. Before, they were shown nowhere, and the
 * deal's Restore said "The linked contact is in the trash" without saying which.
 */
export function TrashedContactsCard({ contacts }: { readonly contacts: readonly TrashedContact[] }) {
  const { t } = useTranslation();
  if (contacts.length === 0) return null;
  return (
    <RelatedCard
      title={t('detail.trashedContacts')}
      kind="contact"
      testId="related-trashed-contacts"
      items={contacts.map(trashedItem)}
    />
  );
}

/**
 * The account a contact or deal names when it is in the trash (`trashedAccount` of contacts.get and deals.get):
 * named and linked, so the user can open and restore it, which restoring the record waits on. Before, the page
 * showed no account at all, as if it had none.
 */
export function TrashedAccountCard({ account }: { readonly account: TrashedAccount | null | undefined }) {
  const { t } = useTranslation();
  if (account === null || account === undefined) return null;
  return (
    <RelatedCard
      title={t('detail.trashedAccount')}
      kind="account"
      testId="related-trashed-account"
      items={[trashedItem(account)]}
    />
  );
}
