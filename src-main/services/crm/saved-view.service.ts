// Saved views: named list queries per entity, the user's own presets. They
// are local (not synced) and soft-deleted like records. A stored query that
// no longer parses (an app update changed a filter) is left out of the list
// rather than breaking it. Two views of one list may not have the same name
// (viewNameKey: case and accents aside), or their tabs could not be told apart.
import { z } from 'zod';
import type { Deleted } from '../../../src-shared/domain/common';
import type { SavedViewId } from '../../../src-shared/domain/ids';
import { SavedView, viewNameKey, type ListEntity, type SavedViewList, type SavedViewSave } from '../../../src-shared/domain/saved-view';
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
  created_at: z.number(),
  updated_at: z.number(),
});

function toView(row: unknown): SavedView | null {
  const parsedRow = ViewRow.safeParse(row);
  if (!parsedRow.success) return null;
  let query: unknown;
  try {
    query = JSON.parse(parsedRow.data.query);
  } catch {
    return null;
  }
  const { id, entity, name, owner_id: ownerId, created_at: createdAt, updated_at: updatedAt } = parsedRow.data;
  const view = SavedView.safeParse({ id, entity, name, query, ownerId, createdAt, updatedAt });
  return view.success ? view.data : null;
}

const columns = 'id, entity, name, query, owner_id, created_at, updated_at';

export async function listViews(tx: ReadTx, entity: ListEntity | undefined): Promise<SavedViewList> {
  const me = await currentUserId(tx);
  const rows =
    entity === undefined
      ? await tx.all(`SELECT ${columns} FROM saved_views WHERE owner_id = ? AND deleted_at IS NULL ORDER BY owner_id, entity, name, id`, [me])
      : await tx.all(`SELECT ${columns} FROM saved_views WHERE owner_id = ? AND entity = ? AND deleted_at IS NULL ORDER BY name, id`, [me, entity]);
  return { items: rows.map(toView).filter((view): view is SavedView => view !== null) };
}

async function findOwnView(tx: ReadTx, id: SavedViewId): Promise<SavedView | null> {
  const me = await currentUserId(tx);
  return toView(await tx.get(`SELECT ${columns} FROM saved_views WHERE id = ? AND owner_id = ? AND deleted_at IS NULL`, [id, me]));
}

const NameRow = z.object({ id: z.string(), name: z.string() });

/** Refuses a name another of the caller's views of `entity` has (the view `id` itself aside). */
async function checkNameFree(tx: ReadTx, me: string, entity: ListEntity, name: string, id: SavedViewId | undefined): Promise<void> {
  const key = viewNameKey(name);
  const rows = await tx.all('SELECT id, name FROM saved_views WHERE owner_id = ? AND entity = ? AND deleted_at IS NULL', [me, entity]);
  const taken = rows.some((row) => {
    const other = NameRow.parse(row);
    return other.id !== id && viewNameKey(other.name) === key;
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
    await tx.run('UPDATE saved_views SET entity = ?, name = ?, query = ?, updated_at = ?, updated_by = ? WHERE id = ?', [
      input.entity, input.name, query, now, me, input.id,
    ]);
    return SavedView.parse({ ...existing, entity: input.entity, name: input.name, query: input.query, updatedAt: now });
  }
  await checkNameFree(tx, me, input.entity, input.name, undefined);
  const id = uuid7(now);
  await tx.run(
    `INSERT INTO saved_views (id, entity, name, query, owner_id, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, input.entity, input.name, query, me, now, me, now, me],
  );
  return SavedView.parse({ id, entity: input.entity, name: input.name, query: input.query, ownerId: me, createdAt: now, updatedAt: now });
}

export async function deleteView(tx: WriteTx, id: SavedViewId, now: number): Promise<Deleted> {
  if ((await findOwnView(tx, id)) === null) throw new NotFoundError(label);
  const me = await currentUserId(tx);
  await tx.run('UPDATE saved_views SET deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ?', [now, now, me, id]);
  return { id, deletedAt: now };
}
