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
// and keeps it, so the user can refresh and choose again. An Undo also announces the records it wrote
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

/** One way of a trash move: the call, what its toast says, and the toast's test id. */
interface Move {
  readonly call: (ids: readonly string[]) => Promise<{ readonly ids: string[] }>;
  readonly words: (count: number) => Words;
  readonly testId: string;
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

  const trash = useCallback((chosen: readonly string[]) => api.invoke(`${entity}.deleteMany`, { ids: [...chosen] }), [api, entity]);
  const untrash = useCallback((chosen: readonly string[]) => api.invoke(`${entity}.restoreMany`, { ids: [...chosen] }), [api, entity]);

  /** Moves the selection one way (to the trash or out of it); the toast's Undo moves the same records back. */
  const move = useCallback(
    (there: Move, back: Move) =>
      run(async () => {
        const moved = await there.call(ids);
        const count = moved.ids.length;
        // Nothing moved (a sync had restored them all already): nothing to undo, and an empty Undo would be refused.
        if (count === 0) {
          toasts.show({ message: there.words(count), testId: there.testId });
          return;
        }
        showUndo({
          message: there.words(count),
          testId: there.testId,
          undo: () => back.call(moved.ids),
          undone: { message: back.words(count), testId: back.testId },
          onUndone: () => reload(ids),
          changed: changedBy(entity, moved.ids),
        });
      }),
    [run, ids, showUndo, toasts, reload, entity],
  );
  const toTrash = useMemo<Move>(() => ({ call: trash, words: (count) => ({ key: 'bulk.deleted', params: { count } }), testId: 'bulk-deleted-toast' }), [trash]);
  const fromTrash = useMemo<Move>(() => ({ call: untrash, words: (count) => ({ key: 'bulk.restored', params: { count } }), testId: 'bulk-restored-toast' }), [untrash]);
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
            return back.items.length === count ? 'done' : 'overtaken';
          },
          undone: { message: { key: 'bulk.statusesBack' }, testId: 'bulk-undone-toast' },
          overtaken: { message: { key: 'bulk.statusesOvertaken' }, testId: 'bulk-undo-overtaken' },
          onUndone: () => reload(ids),
          changed: changedBy('tasks', before.items.map((item) => item.id)),
        });
      }),
    [run, api, ids, showUndo, toasts, reload],
  );

  /** The edit's call (tasks.editMany for a new assignee, which only tasks have): how many it changed, and its Undo. */
  const editCall = useCallback(
    async (change: TaskBulkChange): Promise<{ readonly count: number; readonly undo: () => Promise<unknown> }> => {
      if (change.kind === 'assignee') {
        const before = await api.invoke('tasks.editMany', { ids: [...ids], change });
        return { count: before.items.length, undo: () => api.invoke('tasks.revertMany', { items: before.items }) };
      }
      const before = await api.invoke(`${entity}.editMany`, { ids: [...ids], change });
      return { count: before.items.length, undo: () => api.invoke(`${entity}.revertMany`, { items: before.items }) };
    },
    [api, entity, ids],
  );

  const edit = useCallback(
    async (change: TaskBulkChange) => {
      if (tooMany || ids.length === 0) return;
      setBusy(true);
      try {
        const { count, undo } = await editCall(change);
        // Assign… answers with the tasks it changed: none (all of that person already) has nothing to undo, and an
        // empty Undo would be refused.
        if (count === 0 && change.kind === 'assignee') {
          toasts.show({ message: { key: 'bulk.assigneeNone' }, testId: 'bulk-edited-toast' });
          done();
          return;
        }
        showUndo({
          message: editedWords(change, count),
          testId: 'bulk-edited-toast',
          undo,
          undone: { message: { key: change.kind === 'assignee' ? 'bulk.assigneesBack' : 'bulk.editsBack' }, testId: 'bulk-undone-toast' },
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
          undo: () => api.invoke('deals.undoMoveMany', { items: made.items }),
          undone: { message: { key: 'bulk.movesBack' }, testId: 'bulk-undone-toast' },
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
