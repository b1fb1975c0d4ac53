// IPC handlers for activities: one transaction per call.
import type { Handlers } from '../../ipc/registry';
import type { Vault } from '../../vault/vault';
import {
  countActivities,
  createActivity,
  deleteActivities,
  deleteActivity,
  getActivityDetail,
  listActivities,
  restoreActivities,
  restoreActivity,
  updateActivity,
} from './activity.service';
import { cappedCount } from './list-query';
import { activityTable } from './activity.repo';
import { editRecords, revertRecords } from './bulk-edits';
import { tagsInUse } from './tags-in-use';

type Channel =
  | 'activities.create'
  | 'activities.get'
  | 'activities.list'
  | 'activities.count'
  | 'activities.update'
  | 'activities.delete'
  | 'activities.restore' | 'activities.deleteMany' | 'activities.restoreMany' | 'activities.editMany' | 'activities.revertMany' | 'activities.tagsInUse';

export function activityHandlers(vault: Vault, now: () => number = Date.now): Pick<Handlers, Channel> {
  return {
    'activities.create': (draft) => vault.connection().write((tx) => createActivity(tx, draft, now())),
    'activities.get': ({ id }) => vault.connection().read((tx) => getActivityDetail(tx, id)),
    'activities.list': (query) => vault.connection().read((tx) => listActivities(tx, query)),
    // Paging plays no part in a count: the limit only completes the list query's shape.
    'activities.count': (query) => vault.connection().readApart((tx) => cappedCount((upTo) => countActivities(tx, { ...query, limit: 1 }, upTo))),
    'activities.update': ({ id, patch }) => vault.connection().write((tx) => updateActivity(tx, id, patch, now())),
    'activities.delete': ({ id }) => vault.connection().write((tx) => deleteActivity(tx, id, now())),
    'activities.restore': ({ id }) => vault.connection().write((tx) => restoreActivity(tx, id, now())),
    'activities.deleteMany': ({ ids, skipGone }) => vault.connection().write((tx) => deleteActivities(tx, ids, now(), { skipGone })),
    'activities.restoreMany': ({ ids, skipGone }) => vault.connection().write((tx) => restoreActivities(tx, ids, now(), { skipGone })),
    'activities.editMany': ({ ids, change }) => vault.connection().write((tx) => editRecords(tx, activityTable, ids, change, now())),
    'activities.revertMany': ({ items }) => vault.connection().write((tx) => revertRecords(tx, activityTable, items, now())),
    'activities.tagsInUse': () => vault.connection().read((tx) => tagsInUse(tx, 'activities')),
  };
}
