// Saved views: a named list query (sort + filter) for one entity. They are
// the user's own presets, stored in the vault and not synced. One view of a
// list may be the user's default: the list opens on it instead of its first
// built-in tab (views.setDefault).
import { z } from 'zod';
import { AccountListQuery } from './account';
import { ActivityListQuery } from './activity';
import { foldText } from '../search/search-text';
import { requiredText, Timestamp } from './common';
import { ContactListQuery } from './contact';
import { DealListQuery } from './deal';
import { SavedViewId, UserId } from './ids';
import { TaskListQuery } from './task';

export const listEntities = ['accounts', 'contacts', 'deals', 'activities', 'tasks'] as const;
export const ListEntity = z.enum(listEntities);
export type ListEntity = z.infer<typeof ListEntity>;

export const maxViewNameChars = 100;
const ViewName = requiredText(maxViewNameChars, 'The view name');

/**
 * What two view names of one list may not share: case, accents and the runs
 * of white space between words do not tell views apart on a tab
 * ("Stalled deals", "stalled  déals"), so they do not count.
 */
export function viewNameKey(name: string): string {
  return foldText(name.trim().replace(/\s+/gu, ' '));
}

/** A view keeps sort, filter, trash toggle and page size; never a cursor. */
const saveOf = <Entity extends ListEntity, Query extends z.ZodObject>(entity: Entity, query: Query) =>
  z
    .object({
      /** Given: replaces that view; absent: saves a new one. */
      id: SavedViewId.optional(),
      name: ViewName,
      entity: z.literal(entity),
      query: query.omit({ after: true }),
    })
    .strict();

export const SavedViewSave = z.discriminatedUnion('entity', [
  saveOf('accounts', AccountListQuery),
  saveOf('contacts', ContactListQuery),
  saveOf('deals', DealListQuery),
  saveOf('activities', ActivityListQuery),
  saveOf('tasks', TaskListQuery),
]);
export type SavedViewSave = z.infer<typeof SavedViewSave>;

const viewOf = <Entity extends ListEntity, Query extends z.ZodObject>(entity: Entity, query: Query) =>
  z.object({
    id: SavedViewId,
    name: z.string(),
    entity: z.literal(entity),
    query: query.omit({ after: true }),
    ownerId: UserId,
    /** The view the list opens on; at most one per list and user. */
    isDefault: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  });

export const SavedView = z.discriminatedUnion('entity', [
  viewOf('accounts', AccountListQuery),
  viewOf('contacts', ContactListQuery),
  viewOf('deals', DealListQuery),
  viewOf('activities', ActivityListQuery),
  viewOf('tasks', TaskListQuery),
]);
export type SavedView = z.infer<typeof SavedView>;

export const SavedViewQuery = z.object({ entity: ListEntity.optional() }).strict();
export const SavedViewList = z.object({ items: z.array(SavedView) });
export type SavedViewList = z.infer<typeof SavedViewList>;
export const SavedViewRef = z.object({ id: SavedViewId }).strict();
/** Makes the view `id` the list's default (the one it had stops being), or clears the list's default (null). */
export const SavedViewDefault = z.object({ entity: ListEntity, id: SavedViewId.nullable() }).strict();
export type SavedViewDefault = z.infer<typeof SavedViewDefault>;
