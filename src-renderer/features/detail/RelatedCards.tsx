// The related-record cards shared by contact, account and deal pages: open
// tasks (with a "done" checkbox), deals (stage and amount) and contacts.
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../src-shared/domain/contact';
import type { Deal } from '../../../src-shared/domain/deal';
import type { Task } from '../../../src-shared/domain/task';
import { formatMoney, initials } from '../../ui/format';
import { StageBadge } from '../deals/stages';
import { TaskDue } from '../tasks/TaskBadges';
import { useCompleteTask } from '../tasks/useCompleteTask';
import { RelatedCard } from './RelatedCard';

export function TasksCard({ tasks, onAdd, onChanged }: { readonly tasks: readonly Task[]; readonly onAdd: () => void; readonly onChanged: () => void }) {
  const { t } = useTranslation();
  const complete = useCompleteTask(onChanged);

  return (
    <RelatedCard
      title={t('detail.relatedTasks')}
      kind="task"
      testId="related-tasks"
      addLabel={t('detail.addTask')}
      onAdd={onAdd}
      items={tasks.map((task) => ({
        id: task.id,
        primary: task.title,
        secondary: <TaskDue task={task} />,
        leading: (
          <input
            type="checkbox"
            className="task-check"
            aria-label={t('detail.markDoneOf', { title: task.title })}
            data-testid="task-done"
            onChange={() => void complete(task)}
          />
        ),
      }))}
    />
  );
}

export function DealsCard({ deals, onAdd }: { readonly deals: readonly Deal[]; readonly onAdd?: () => void }) {
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

export function ContactsCard({ contacts, onAdd }: { readonly contacts: readonly Contact[]; readonly onAdd?: () => void }) {
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
