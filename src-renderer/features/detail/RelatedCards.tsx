// The related-record cards shared by contact, account and deal pages: open
// tasks (with a "done" checkbox), deals (stage and amount) and contacts.
// On a record in the trash (useRecordReadOnly) a card has no "Add" button
// and an open task no "done" checkbox.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../src-shared/domain/contact';
import type { Deal } from '../../../src-shared/domain/deal';
import type { Task } from '../../../src-shared/domain/task';
import { formatMoney, initials } from '../../ui/format';
import { StageBadge } from '../deals/stages';
import { TaskDue } from '../tasks/TaskBadges';
import { TaskDoneCheck } from '../tasks/TaskDoneCheck';
import { useCompleteTask } from '../tasks/useCompleteTask';
import { useFocusAfterDone } from '../tasks/useFocusAfterDone';
import { useRecordReadOnly } from './read-only';
import { RelatedCard } from './RelatedCard';

export function TasksCard({ tasks, onAdd, onChanged }: { readonly tasks: readonly Task[]; readonly onAdd: () => void; readonly onChanged: () => void }) {
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

export function DealsCard({ deals, onAdd }: { readonly deals: readonly Deal[]; readonly onAdd: () => void }) {
  const { t } = useTranslation();
  return (
    <RelatedCard
      title={t('detail.relatedDeals')}
      kind="deal"
      testId="related-deals"
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

export function ContactsCard({ contacts, onAdd }: { readonly contacts: readonly Contact[]; readonly onAdd: () => void }) {
  const { t } = useTranslation();
  return (
    <RelatedCard
      title={t('detail.relatedContacts')}
      kind="contact"
      testId="related-contacts"
      addLabel={t('detail.addContact')}
      onAdd={onAdd}
      items={contacts.map((contact) => ({
        id: contact.id,
        primary: contact.name,
        secondary: contact.title === '' ? contact.emails[0] : contact.title,
        leading: (
          <span className="avatar" aria-hidden="true">
            {initials(contact.name)}
          </span>
        ),
      }))}
    />
  );
}
