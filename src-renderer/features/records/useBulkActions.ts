// What the selection bar does with a list's selection, each in one call (one
// vault transaction, all or nothing): Delete (<entity>.deleteMany) and, in
// the trash, Restore (<entity>.restoreMany), each offering the other as its
// Undo; for tasks Mark done (tasks.setStatusMany, counting the tasks it
// changed, whose Undo writes back each one's status before, and says when
// one was trashed or changed since and stays); and a new owner (tasks: or assignee) or tags added or taken away
// (<entity>.editMany, whose Undo, <entity>.revertMany, writes back each
// record's owner and tags before); and for deals a move to one stage
// (deals.moveStageMany, whose Undo, deals.undoMoveMany, puts each back). Done, `done` runs (the list reloads, which
// clears the selection, and keeps the focus in the list); a failure (a selected record gone meanwhile) shows as a toast
// and keeps it, so the user can refresh and choose again. Every Undo skips a record it cannot put back (gone, trashed
// or changed since; Delete's and Restore's with `skipGone`), puts back the others, and compares how many its answer
// names with how many it asked for: fewer, and its toast says some were left as they are (before, Delete's Undo was
// refused whole for one such record, and the other Undos said all were back). An edit that changed no record (each
// had that owner or tags already) says so and offers no Undo. An Undo also announces the records it wrote
// (app/local-changes.ts): pressed with Ctrl+Z after the user moved on (to Today, say), the page then on screen
// reloads; the list that acted is gone by then, and Today went on leaving the tasks out.
import { useCallback, useMemo, useState } from 'react';
import { bulkMax } from '../../../src-shared/domain/common';
import type { TaskBulkChange } from '../../../src-shared/domain/task';
import type { ListEntity } from '../../../src-shared/domain/saved-view';
import { useApi } from '../../app/api-context';
import type { LocalChange } from '../../app/local-changes';
import { useToasts } from '../../ui/toasts';
import { useUndoToast } from '../../ui/useUndoToast';
import type { Words } from '../../ui/words';

export interface BulkActions {
  /** A call is on its way: the bar's buttons wait. */
  readonly busy: boolean;
  /** More are selected than one call takes (bulkMax): the bar says so and acts on none. */
  readonly tooMany: boolean;
  readonly remove: () => void;
  readonly restore: () => void;
  readonly markDone: () => void;
  /**
   * Gives the selection a new owner (tasks: or assignee) or adds or takes away tags; settles once
   * done (the Undo toast shown), and rejects with the refusal for the dialog
   * that asked to show, changing nothing.
   */
  readonly edit: (change: TaskBulkChange) => Promise<void>;
  /** Deals: moves the selection to one stage, as `edit` settles and rejects. */
  readonly moveStage: (move: StageChoice) => Promise<void>;
}

/**
 * The stage a selection of deals moves to: its id, its name as shown, the lost reason for a lost stage, and for a
 * closing stage (won, lost) the close date the deals take (the user's local day; without it the vault's today).
 */
export interface StageChoice {
  readonly stageId: string;
  readonly label: string;
  readonly lostReason?: string | undefined;
  readonly closeDate?: string | undefined;
}

/** What the toast after an edit says. */
function editedWords(change: TaskBulkChange, count: number): Words {
  const keys = { owner: 'bulk.ownerChanged', assignee: 'bulk.assigneeChanged', addTags: 'bulk.tagsAdded', removeTags: 'bulk.tagsRemoved' } as const;
  return { key: keys[change.kind], params: { count } };
}

/** What the toast says after an edit that changed no record. */
function unchangedWords(change: TaskBulkChange): Words {
  const keys = { owner: 'bulk.ownerNone', assignee: 'bulk.assigneeNone', addTags: 'bulk.tagsAddedNone', removeTags: 'bulk.tagsRemovedNone' } as const;
  return { key: keys[change.kind] };
}

/** An Undo's outcome: `done` when its answer names every record it asked to put back, else `overtaken`. */
function undoneAll(answered: number, asked: number): 'done' | 'overtaken' {
  return answered === asked ? 'done' : 'overtaken';
}

/** One way of a trash move: the call (`skipGone` as the other's Undo), what its toast says, and the toast's test id. */
interface Move {
  readonly call: (ids: readonly string[], skipGone: boolean) => Promise<{ readonly ids: string[] }>;
  readonly words: (count: number) => Words;
  readonly testId: string;
  /** Said when, as the other's Undo, it left some of the records where they were. */
  readonly overtaken: Words;
}

/** The records a bulk action's Undo writes back, for the page on screen then. */
function changedBy(entity: ListEntity, acted: readonly string[]): LocalChange {
  return { entities: [entity], ids: { [entity]: [...acted] } };
}

/**
 * `reload` after an Undo, with the ids the action was on (the page reads the list anew and keeps the focus on the
 * first of them, where it was: not back at the top); `done` after an action.
 */
export function useBulkActions(entity: ListEntity, ids: readonly string[], reload: (acted: readonly string[]) => void, done: () => void): BulkActions {
  const api = useApi();
  const toasts = useToasts();
  const showUndo = useUndoToast();
  const [busy, setBusy] = useState(false);
  const tooMany = ids.length > bulkMax;

  const run = useCallback(
    (action: () => Promise<void>) => {
      if (busy || tooMany || ids.length === 0) return;
      setBusy(true);
      action()
        .then(done, (error: unknown) => toasts.show({ message: { error }, tone: 'error', testId: 'bulk-failed' }))
        .finally(() => setBusy(false));
    },
    [busy, tooMany, ids, done, toasts],
  );

  const trash = useCallback((chosen: readonly string[], skipGone: boolean) => api.invoke(`${entity}.deleteMany`, { ids: [...chosen], skipGone }), [api, entity]);
  const untrash = useCallback((chosen: readonly string[], skipGone: boolean) => api.invoke(`${entity}.restoreMany`, { ids: [...chosen], skipGone }), [api, entity]);

  /** Moves the selection one way (to the trash or out of it); the toast's Undo moves the same records back. */
  const move = useCallback(
    (there: Move, back: Move) =>
      run(async () => {
        const moved = await there.call(ids, false);
        const count = moved.ids.length;
        // Nothing moved (a sync had restored them all already): nothing to undo, and an empty Undo would be refused.
        if (count === 0) {
          toasts.show({ message: there.words(count), testId: there.testId });
          return;
        }
        showUndo({
          message: there.words(count),
          testId: there.testId,
          // One gone, trashed again or linked to a record in the trash since stays; the others move back.
          undo: async () => undoneAll((await back.call(moved.ids, true)).ids.length, count),
          undone: { message: back.words(count), testId: back.testId },
          overtaken: { message: back.overtaken, testId: 'bulk-undo-overtaken' },
          onUndone: () => reload(ids),
          changed: changedBy(entity, moved.ids),
        });
      }),
    [run, ids, showUndo, toasts, reload, entity],
  );
  const toTrash = useMemo<Move>(
    () => ({ call: trash, words: (count) => ({ key: 'bulk.deleted', params: { count } }), testId: 'bulk-deleted-toast', overtaken: { key: 'bulk.deletesOvertaken' } }),
    [trash],
  );
  const fromTrash = useMemo<Move>(
    () => ({ call: untrash, words: (count) => ({ key: 'bulk.restored', params: { count } }), testId: 'bulk-restored-toast', overtaken: { key: 'bulk.restoresOvertaken' } }),
    [untrash],
  );
  const remove = useCallback(() => move(toTrash, fromTrash), [move, toTrash, fromTrash]);
  const restore = useCallback(() => move(fromTrash, toTrash), [move, toTrash, fromTrash]);

  const markDone = useCallback(
    () =>
      run(async () => {
        // The answer names the tasks it marked done: not those done already, nor a cancelled one (it stays so).
        const before = await api.invoke('tasks.setStatusMany', { items: ids.map((id) => ({ id, status: 'done' as const })) });
        const count = before.items.length;
        // None changed: nothing to undo (an empty Undo is refused as invalid input), and the toast says why.
        if (count === 0) {
          toasts.show({ message: { key: 'bulk.completedNone' }, testId: 'bulk-done-toast' });
          return;
        }
        // Some were done or cancelled already: the toast says so ("0 marked done" or "2 marked done" of 3 said nothing of them).
        const message: Words = count === ids.length ? { key: 'bulk.completed', params: { count } } : { key: 'bulk.completedSome', params: { count, total: ids.length } };
        showUndo({
          message,
          testId: 'bulk-done-toast',
          // Its answer names each task it gave its status back; one trashed or of another status since stays, and
          // the toast says so (before, it said every task was back).
          undo: async () => {
            const back = await api.invoke('tasks.setStatusMany', { items: before.items });
            return undoneAll(back.items.length, count);
          },
          undone: { message: { key: 'bulk.statusesBack' }, testId: 'bulk-undone-toast' },
          overtaken: { message: { key: 'bulk.statusesOvertaken' }, testId: 'bulk-undo-overtaken' },
          onUndone: () => reload(ids),
          changed: changedBy('tasks', before.items.map((item) => item.id)),
        });
      }),
    [run, api, ids, showUndo, toasts, reload],
  );

  /**
   * The edit's call (tasks.editMany for a new assignee, which only tasks have): how many it changed, and its Undo,
   * which skips a record trashed or gone since and says so (its answer names fewer than it asked for).
   */
  const editCall = useCallback(
    async (change: TaskBulkChange): Promise<{ readonly count: number; readonly undo: () => Promise<'done' | 'overtaken'> }> => {
      if (change.kind === 'assignee') {
        const before = await api.invoke('tasks.editMany', { ids: [...ids], change });
        const count = before.items.length;
        return { count, undo: async () => undoneAll((await api.invoke('tasks.revertMany', { items: before.items })).items.length, count) };
      }
      const before = await api.invoke(`${entity}.editMany`, { ids: [...ids], change });
      const count = before.items.length;
      return { count, undo: async () => undoneAll((await api.invoke(`${entity}.revertMany`, { items: before.items })).items.length, count) };
    },
    [api, entity, ids],
  );

  const edit = useCallback(
    async (change: TaskBulkChange) => {
      if (tooMany || ids.length === 0) return;
      setBusy(true);
      try {
        const { count, undo } = await editCall(change);
        // An edit answers with the records it changed: none (each had that owner, assignee or tags already) has
        // nothing to undo, and an empty Undo would be refused.
        if (count === 0) {
          toasts.show({ message: unchangedWords(change), testId: 'bulk-edited-toast' });
          done();
          return;
        }
        const assignee = change.kind === 'assignee';
        showUndo({
          message: editedWords(change, count),
          testId: 'bulk-edited-toast',
          undo,
          undone: { message: { key: assignee ? 'bulk.assigneesBack' : 'bulk.editsBack' }, testId: 'bulk-undone-toast' },
          overtaken: { message: { key: assignee ? 'bulk.assigneesOvertaken' : 'bulk.editsOvertaken' }, testId: 'bulk-undo-overtaken' },
          onUndone: () => reload(ids),
          changed: changedBy(entity, ids),
        });
        done();
      } finally {
        setBusy(false);
      }
    },
    [tooMany, ids, editCall, showUndo, toasts, reload, done, entity],
  );

  const moveStage = useCallback(
    async ({ stageId, label, lostReason, closeDate }: StageChoice) => {
      if (tooMany || ids.length === 0) return;
      setBusy(true);
      try {
        const made = await api.invoke('deals.moveStageMany', {
          ids: [...ids],
          stageId,
          ...(lostReason === undefined ? {} : { lostReason }),
          ...(closeDate === undefined ? {} : { closeDate }),
        });
        // Every deal was in that stage already: no Undo (an empty one is refused as invalid input).
        if (made.items.length === 0) {
          toasts.show({ message: { key: 'bulk.movedTo', params: { count: 0, stage: label } }, testId: 'bulk-moved-toast' });
          done();
          return;
        }
        showUndo({
          message: { key: 'bulk.movedTo', params: { count: made.items.length, stage: label } },
          testId: 'bulk-moved-toast',
          undo: async () => undoneAll((await api.invoke('deals.undoMoveMany', { items: made.items })).items.length, made.items.length),
          undone: { message: { key: 'bulk.movesBack' }, testId: 'bulk-undone-toast' },
          overtaken: { message: { key: 'bulk.movesOvertaken' }, testId: 'bulk-undo-overtaken' },
          onUndone: () => reload(ids),
          changed: changedBy('deals', made.items.map((item) => item.id)),
        });
        done();
      } finally {
        setBusy(false);
      }
    },
    [tooMany, ids, api, showUndo, toasts, reload, done],
  );

  return { busy, tooMany, remove, restore, markDone, edit, moveStage };
}
