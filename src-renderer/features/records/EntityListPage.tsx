// The list page of each entity: the generic ListPage with that entity's spec,
// its "New" dialog and the choices its filters offer.
import { useTranslation } from 'react-i18next';
import { activityKinds } from '../../../src-shared/domain/activity';
import { stageKinds } from '../../../src-shared/domain/pipeline';
import { taskPriorities, taskStatuses } from '../../../src-shared/domain/task';
import type { EntityKind, ListLink, TasksDue } from '../../app/router';
import { accountListSpec } from '../accounts/account-list-spec';
import { activityListSpec } from '../activities/activity-list-spec';
import { contactListSpec } from '../contacts/contact-list-spec';
import { dealListSpec } from '../deals/deal-list-spec';
import { DealsViewSwitch } from '../deals/DealsViewSwitch';
import { stageLabel, useStages } from '../deals/stages';
import { taskListSpec } from '../tasks/task-list-spec';
import { TaskRows } from '../tasks/TaskListDone';
import { useCreateRecord } from './create-record';
import type { FilterState } from './list-state';
import { ListPage } from './ListPage';

/**
 * `trash`: open on the trash (a list opened on its records and one opened on its trash are different pages).
 * `linked`: open filtered to the records linked to that one (a related card's "Show all"; another page too).
 * `stageIds`: the deals list opened on those stages' deals (a board column's "N more"), a page of its own too.
 * `tasksDue`: the tasks list opened on one person's open tasks due within those days (Today's "all in Tasks"):
 * before, it opened on everyone's open tasks.
 */
export function EntityListPage({
  entity,
  trash = false,
  linked,
  stageIds,
  tasksDue,
}: {
  readonly entity: EntityKind;
  readonly trash?: boolean;
  readonly linked?: ListLink | undefined;
  readonly stageIds?: readonly string[] | undefined;
  readonly tasksDue?: TasksDue | undefined;
}) {
  const { t } = useTranslation();
  const creator = useCreateRecord();
  const { pipeline } = useStages();
  const onNew = () => creator.open({ kind: entity });
  const key = trash
    ? `${entity}:trash`
    : linked !== undefined
      ? `${entity}:${linked.field}:${linked.id}`
      : stageIds !== undefined
        ? `${entity}:stages:${stageIds.join(',')}`
        : tasksDue !== undefined
          ? `${entity}:due:${tasksDue.assigneeId}:${tasksDue.from ?? ''}:${tasksDue.to ?? ''}`
          : entity;
  const openOnFilter: Partial<FilterState> | undefined =
    stageIds !== undefined
      ? { stageIds }
      : tasksDue === undefined
        ? undefined
        : { statuses: taskListSpec.defaultState.filter.statuses, assigneeId: tasksDue.assigneeId, dateField: 'dueAt', from: tasksDue.from ?? '', to: tasksDue.to ?? '' };
  const opened = { openOnTrash: trash, ...(linked === undefined ? {} : { linked }), ...(openOnFilter === undefined ? {} : { openOnFilter }) };

  switch (entity) {
    case 'contact':
      return <ListPage key={key} {...opened} spec={contactListSpec} onNew={onNew} />;
    case 'account':
      return <ListPage key={key} {...opened} spec={accountListSpec} onNew={onNew} />;
    case 'deal':
      return (
        <ListPage
          key={key}
          {...opened}
          spec={dealListSpec}
          onNew={onNew}
          headerExtra={<DealsViewSwitch current="list" />}
          choices={{
            stageKind: stageKinds.map((kind) => ({ value: kind, label: t(`stageKind.${kind}`) })),
            stage: (pipeline?.stages ?? []).map((stage) => ({ value: stage.id, label: stageLabel(stage) })),
          }}
        />
      );
    case 'activity':
      return (
        <ListPage
          key={key}
          {...opened}
          spec={activityListSpec}
          onNew={onNew}
          choices={{ kind: activityKinds.map((kind) => ({ value: kind, label: t(`activityKind.${kind}`) })) }}
        />
      );
    case 'task':
      return (
        <ListPage
          key={key}
          {...opened}
          spec={taskListSpec}
          onNew={onNew}
          wrapTable={(table, list) => <TaskRows list={list}>{table}</TaskRows>}
          choices={{
            status: taskStatuses.map((status) => ({ value: status, label: t(`taskStatus.${status}`) })),
            priority: taskPriorities.map((priority) => ({ value: priority, label: t(`taskPriority.${priority}`) })),
          }}
        />
      );
  }
}
