// Saved views: named list queries per entity, the user's own presets. They
// are local (not synced) and soft-deleted like records. A stored query that
// no longer parses (an app update changed a filter) is left out of the list
// rather than breaking it. Two views of one list may not have the same name
// (viewNameKey: case and accents aside), or their tabs could not be told apart.
// One view of a list may be the user's default (made_default_at, migration
// 0020): making another one default, or clearing it, takes it from the first
// in the same write. Should two ever be marked (enrolment merging two owners'
// views), the one made default last is the default.
import { z } from 'zod';
import type { Deleted } from '../../../src-shared/domain/common';
import type { SavedViewId } from '../../../src-shared/domain/ids';
import { SavedView, viewNameKey, type ListEntity, type SavedViewDefault, type SavedViewList, type SavedViewSave } from '../../../src-shared/domain/saved-view';
import { NotFoundError } from '../../../src-shared/ipc/errors';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { uuid7 } from '../../vault/uuid7';
import { currentUserId } from './current-user';
import { fieldError } from './list-query';

const label = 'The saved view';

const ViewRow = z.object({
  id: z.string(),
  entity: z.string(),
  name: z.string(),
  query: z.string(),
  owner_id: z.string(),
  made_default_at: z.number().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
});
type ViewRow = z.infer<typeof ViewRow>;

/** The view a row holds, or null when its query no longer parses; `isDefault` as the caller found it. */
function toView(row: unknown, isDefault: (row: ViewRow) => boolean): SavedView | null {
  const parsedRow = ViewRow.safeParse(row);
  if (!parsedRow.success) return null;
  let query: unknown;
  try {
    query = JSON.parse(parsedRow.data.query);
  } catch {
    return null;
  }
  const { id, entity, name, owner_id: ownerId, created_at: createdAt, updated_at: updatedAt } = parsedRow.data;
  const view = SavedView.safeParse({ id, entity, name, query, ownerId, isDefault: isDefault(parsedRow.data), createdAt, updatedAt });
  return view.success ? view.data : null;
}

const columns = 'id, entity, name, query, owner_id, made_default_at, created_at, updated_at';

const DefaultRow = z.object({ id: z.string(), entity: z.string() });

/** The ids of the caller's default views, one per list: the one of each made default last. */
async function defaultViewIds(tx: ReadTx, me: string): Promise<ReadonlySet<string>> {
  const rows = await tx.all(
    `SELECT id, entity FROM saved_views WHERE owner_id = ? AND deleted_at IS NULL AND made_default_at IS NOT NULL
     ORDER BY entity, made_default_at DESC, id DESC`,
    [me],
  );
  const byEntity = new Map<string, string>();
  for (const row of rows) {
    const { id, entity } = DefaultRow.parse(row);
    if (!byEntity.has(entity)) byEntity.set(entity, id);
  }
  return new Set(byEntity.values());
}

export async function listViews(tx: ReadTx, entity: ListEntity | undefined): Promise<SavedViewList> {
  const me = await currentUserId(tx);
  const defaults = await defaultViewIds(tx, me);
  const rows =
    entity === undefined
      ? await tx.all(`SELECT ${columns} FROM saved_views WHERE owner_id = ? AND deleted_at IS NULL ORDER BY owner_id, entity, name, id`, [me])
      : await tx.all(`SELECT ${columns} FROM saved_views WHERE owner_id = ? AND entity = ? AND deleted_at IS NULL ORDER BY name, id`, [me, entity]);
  return { items: rows.map((row) => toView(row, (view) => defaults.has(view.id))).filter((view): view is SavedView => view !== null) };
}

async function findOwnView(tx: ReadTx, id: SavedViewId): Promise<SavedView | null> {
  const me = await currentUserId(tx);
  const defaults = await defaultViewIds(tx, me);
  return toView(await tx.get(`SELECT ${columns} FROM saved_views WHERE id = ? AND owner_id = ? AND deleted_at IS NULL`, [id, me]), (view) => defaults.has(view.id));
}

/**
 * Refuses a name another of the caller's views of `entity` has (the view `id` itself aside). A view whose query
 * no longer parses is in no list, and cannot be saved over or deleted, so its name is free.
 */
async function checkNameFree(tx: ReadTx, me: string, entity: ListEntity, name: string, id: SavedViewId | undefined): Promise<void> {
  const key = viewNameKey(name);
  const rows = await tx.all(`SELECT ${columns} FROM saved_views WHERE owner_id = ? AND entity = ? AND deleted_at IS NULL`, [me, entity]);
  const taken = rows.some((row) => {
    const other = toView(row, () => false);
    return other !== null && other.id !== id && viewNameKey(other.name) === key;
  });
  if (taken) throw fieldError('name', 'Another view of this list has this name', { code: 'view_name_taken' });
}

/** Saves a new view, or replaces the name and query of the caller's view with this id. */
export async function saveView(tx: WriteTx, input: SavedViewSave, now: number): Promise<SavedView> {
  const me = await currentUserId(tx);
  const query = JSON.stringify(input.query);
  if (input.id !== undefined) {
    const existing = await findOwnView(tx, input.id);
    if (existing === null) throw new NotFoundError(label);
    await checkNameFree(tx, me, input.entity, input.name, input.id);
    // A view moved to another list leaves its old list's default behind.
    const isDefault = existing.isDefault && existing.entity === input.entity;
    await tx.run('UPDATE saved_views SET entity = ?, name = ?, query = ?, made_default_at = CASE WHEN ? THEN made_default_at END, updated_at = ?, updated_by = ? WHERE id = ?', [
      input.entity, input.name, query, isDefault ? 1 : 0, now, me, input.id,
    ]);
    return SavedView.parse({ ...existing, entity: input.entity, name: input.name, query: input.query, isDefault, updatedAt: now });
  }
  await checkNameFree(tx, me, input.entity, input.name, undefined);
  const id = uuid7(now);
  await tx.run(
    `INSERT INTO saved_views (id, entity, name, query, owner_id, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, input.entity, input.name, query, me, now, me, now, me],
  );
  return SavedView.parse({ id, entity: input.entity, name: input.name, query: input.query, ownerId: me, isDefault: false, createdAt: now, updatedAt: now });
}

export async function deleteView(tx: WriteTx, id: SavedViewId, now: number): Promise<Deleted> {
  if ((await findOwnView(tx, id)) === null) throw new NotFoundError(label);
  const me = await currentUserId(tx);
  // A deleted view stops being its list's default: the list opens on its first built-in tab again.
  await tx.run('UPDATE saved_views SET deleted_at = ?, made_default_at = NULL, updated_at = ?, updated_by = ? WHERE id = ?', [now, now, me, id]);
  return { id, deletedAt: now };
}

/** Makes one of the caller's views of a list its default, or clears the list's default; answers the list's views. */
export async function setDefaultView(tx: WriteTx, input: SavedViewDefault, now: number): Promise<SavedViewList> {
  const me = await currentUserId(tx);
  if (input.id !== null) {
    const view = await findOwnView(tx, input.id);
    if (view === null || view.entity !== input.entity) throw new NotFoundError(label);
  }
  await tx.run('UPDATE saved_views SET made_default_at = NULL WHERE owner_id = ? AND entity = ? AND made_default_at IS NOT NULL', [me, input.entity]);
  if (input.id !== null) await tx.run('UPDATE saved_views SET made_default_at = ? WHERE id = ?', [now, input.id]);
  return listViews(tx, input.entity);
}
