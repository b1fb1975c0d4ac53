// A record read with the CRM's own `<entity>.get`, as what names it (a
// contact's name, an activity's subject, a task's title) and its values: for
// the conflict review, which reads a value as the detail page does (a deal's
// amount needs its currency). The names of related records alone come from
// `records.names` (names.tsx), not from these whole reads.
import type { FieldVaultApi } from '../../api/bridge-client';
import type { EntityKind } from '../../app/router';

export interface LoadedRecord {
  readonly name: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** A teammate's task assigned to this user (TaskDetail `assignedToYou`): its status and reminder are still theirs to set. */
  readonly assignedToYou?: true;
}

export async function loadRecord(api: FieldVaultApi, kind: EntityKind, id: string): Promise<LoadedRecord> {
  switch (kind) {
    case 'contact': {
      const { contact } = await api.invoke('contacts.get', { id });
      return { name: contact.name, values: contact };
    }
    case 'account': {
      const { account } = await api.invoke('accounts.get', { id });
      return { name: account.name, values: account };
    }
    case 'deal': {
      const { deal } = await api.invoke('deals.get', { id });
      return { name: deal.name, values: deal };
    }
    case 'activity': {
      const { activity } = await api.invoke('activities.get', { id });
      return { name: activity.subject, values: activity };
    }
    case 'task': {
      const { task, assignedToYou } = await api.invoke('tasks.get', { id });
      return { name: task.title, values: task, ...(assignedToYou === true ? { assignedToYou } : {}) };
    }
  }
}
