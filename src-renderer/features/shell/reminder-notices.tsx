// Task reminders pushed by the main process (tasks.didRemind) as sticky
// toasts: one reminder names its task, with Open (its page), "Remind me in
// 1 hour" (the task's reminder moved an hour on from now, with Undo, which
// puts the reminder back and its notice with it only while the task still
// holds the snoozed time, else says it was moved already; at the
// due time when that comes sooner; refused for a task already past its due
// time, said in words about its due time, with the reminder shown again
// without that button) and Dismiss. The task
// is read first: one done, trashed or given to someone else since the toast
// showed is not snoozed (the snooze wrote a reminder onto a colleague's task);
// several that fell due together (while the vault was locked or the app
// closed) make one notice, "3 reminders fell due", whose Open goes to Today
// with the focus on the first of the tasks it named that Today lists (a task
// due today is under Due today, not Reminders), else on its Reminders list
// (before, the page opened at its top).
// The toasts' live region announces them. The pushes arrive at the vault
// gate, which keeps them until this workspace takes them (an unlock's push
// may come before the workspace is drawn), and
// keeps a notice not yet pressed away over a lock (app/reminder-hold.ts): this
// workspace shows those again, a single task's read anew and left out when it
// is no longer open, trashed, assigned to someone else (a sync may have
// reassigned it), or its reminder moved on meanwhile. A single task's notice
// still showing goes the same way when a change is heard (a sync's, this
// window's announced: app/local-changes.ts, or any task write this window
// made: api/tasks-written.ts) after which its task no longer
// reminds the user or its reminder moved; before, it stayed, and its "Remind
// me in 1 hour" wrote over the newer reminder time (that snooze now says the
// reminder was moved already, and writes nothing). A pushed single task's
// notice shows only once its task is read and still reminds the user, read
// again should a change of it be heard meanwhile: one ticked done as its
// reminder fell due showed for the finished task.
import { useCallback, useEffect, useRef } from 'react';
import type { DueReminders, Task as TaskRecord } from '../../../src-shared/domain/task';
import type { FieldVaultApi } from '../../api/bridge-client';
import { BridgeError } from '../../api/errors';
import { useApi } from '../../app/api-context';
import { heldOf, type HeldReminder, type ReminderEvent, type ReminderHold } from '../../app/reminder-hold';
import { announceLocalChange, onRecordChanges, type LocalChange } from '../../app/local-changes';
import { onTasksWritten } from '../../api/tasks-written';
import { useNavigation } from '../../app/router';
import { formatDateTime, formatTimeFrom } from '../../ui/format';
import { useToasts } from '../../ui/toasts';
import { useUndoToast } from '../../ui/useUndoToast';

/** How far "Remind me in 1 hour" moves a reminder, from the moment it is pressed. */
export const snoozeMs = 60 * 60_000;

export interface ReminderNoticesProps {
  readonly hold: ReminderHold;
  /** Tells the vault gate what was shown, taken and answered. */
  readonly onEvent: (event: ReminderEvent) => void;
}

type Task = DueReminders['tasks'][number];

/**
 * Whether the task still reminds this user: open or in progress, not in the trash, and theirs (a sync may have
 * done or reassigned it since its notice showed). `userId` null: unknown (a failed read), no task is left out for it.
 */
function remindsUser(task: TaskRecord, userId: string | null): boolean {
  const open = task.deletedAt === null && (task.status === 'open' || task.status === 'in_progress');
  return open && (userId === null || task.assigneeId === userId);
}

/** The toast key of a single task's notice, to withdraw it (and a newer notice of the task takes its place). */
const noticeKey = (taskId: string) => `reminder:${taskId}`;

/** Who the user is; unknown (a failed read): null, and a task is not left out for its assignee. */
function currentUser(api: Pick<FieldVaultApi, 'invoke'>): Promise<string | null> {
  return api.invoke('session.user', {}).then(
    ({ userId }) => userId,
    () => null,
  );
}

/** The tasks among `shown` a change concerns (all of them when it names no ids of tasks). */
function concerned(change: LocalChange, shown: Iterable<string>): string[] {
  if (!change.entities.includes('tasks')) return [];
  const named = change.ids.tasks;
  return [...shown].filter((id) => named === undefined || named === null || named.includes(id));
}

export function ReminderNotices({ hold, onEvent }: ReminderNoticesProps) {
  const toasts = useToasts();
  const api = useApi();
  const showUndo = useUndoToast();
  const { navigate } = useNavigation();
  const { pending, carried } = hold;

  /**
   * `again`: shows the reminder again (a refused snooze must not take it away); `pastDue`: shows it again without
   * the snooze, for a task past its due time (a reminder after it is refused: before, the schema's message said so).
   */
  const snooze = useCallback(
    (task: Task, again: () => void, pastDue: () => void) => {
      const read = Promise.all([api.invoke('tasks.get', { id: task.id }), api.invoke('session.user', {})]);
      read.then(
        ([{ task: current }, { userId }]) => {
          if (!remindsUser(current, userId)) {
            toasts.show({ message: { key: 'reminders.snoozeGone' }, testId: 'reminder-snooze-gone' });
            return;
          }
          // Moved since the toast showed (a sync, the task's page): that reminder comes at its new time, and an
          // hour from now must not write over it (as a notice carried over a lock is not shown again).
          if (current.remindAt !== task.remindAt) {
            toasts.show({ message: { key: 'reminders.snoozeMoved' }, testId: 'reminder-snooze-moved' });
            return;
          }
          const now = Date.now();
          if (current.dueAt !== null && current.dueAt <= now) {
            toasts.show({ message: { key: 'reminders.snoozePastDue', params: { time: formatDateTime(current.dueAt) } }, testId: 'reminder-snooze-past-due' });
            pastDue();
            return;
          }
          // Due within the hour: at the due time (a reminder after it is refused).
          const remindAt = current.dueAt !== null && current.dueAt > now ? Math.min(now + snoozeMs, current.dueAt) : now + snoozeMs;
          // Today (or the task's page) shows the reminder's time: it reads the task again.
          const changed = () => announceLocalChange({ entities: ['tasks'], ids: { tasks: [task.id] } });
          api.invoke('tasks.update', { id: task.id, patch: { remindAt } }).then(
            () => {
              changed();
              // Whether the Undo put the reminder back, and the notice with it if the task still reminds the user.
              let restored: { readonly remind: boolean } | null = null;
              showUndo({
                message: { key: 'reminders.snoozed', params: { time: formatTimeFrom(remindAt, now) } },
                testId: 'reminder-snoozed',
                undo: async () => {
                  // A reminder set since (the task's page, a sync) stands: before, Undo wrote the old time over it.
                  const [{ task: now }, userId] = await Promise.all([api.invoke('tasks.get', { id: task.id }), currentUser(api)]);
                  if (now.remindAt !== remindAt) return 'overtaken';
                  await api.invoke('tasks.update', { id: task.id, patch: { remindAt: current.remindAt } });
                  restored = { remind: remindsUser(now, userId) };
                  return 'undone';
                },
                overtaken: { message: { key: 'reminders.snoozeMoved' }, testId: 'reminder-snooze-undo-overtaken' },
                undone: { message: { key: 'reminders.snoozeUndone' }, testId: 'reminder-snooze-undone' },
                onUndone: () => {
                  // The reminder put back is already due (it had fallen due): the main process will not push it again, so
                  // its notice shows again here; before, the reminder was back but its notice never returned.
                  if (restored?.remind === true) again();
                  changed();
                },
              });
            },
            (error: unknown) => {
              toasts.show({ message: { error }, tone: 'error', testId: 'reminder-snooze-failed' });
              again();
            },
          );
        },
        // Gone (erased, evicted) since it was shown: nothing to snooze. Any other failure (the vault busy) is said as
        // it is and the reminder shows again: before, it read "that task is done" and the reminder was lost.
        (error: unknown) => {
          if (error instanceof BridgeError && error.code === 'NOT_FOUND') {
            toasts.show({ message: { key: 'reminders.snoozeGone' }, testId: 'reminder-snooze-gone' });
            return;
          }
          toasts.show({ message: { error }, tone: 'error', testId: 'reminder-snooze-failed' });
          again();
        },
      );
    },
    [api, showUndo, toasts],
  );

  /** The single-task notices showing, by task id: each one's hold and the reminder time it showed. */
  const showing = useRef(new Map<string, { readonly held: HeldReminder; readonly remindAt: number }>());

  /** Shows one notice; its toast tells the gate when it is pressed away. */
  const show = useCallback(
    (held: HeldReminder, task: Task | null, snoozable = true) => {
      const onClosed = () => {
        if (task !== null && showing.current.get(task.id)?.held === held) showing.current.delete(task.id);
        onEvent({ kind: 'answered', held });
      };
      // The notice back (a snooze refused, or Open kept from leaving a page with unsaved typing): before, Open's
      // toast went and the reminder with it, though the task was never opened.
      const again = (keepSnooze = snoozable) => {
        onEvent({ kind: 'shownAgain', held });
        show(held, task, keepSnooze);
      };
      if (task !== null) {
        const before = showing.current.get(task.id);
        // The same reminder of the task already showing (an Undo of "Remind me in 1 hour" shows it again here, and
        // the main process pushes it too when its time is within the minute just past): one notice, this one answered.
        if (before !== undefined && before.held !== held && before.remindAt === task.remindAt) {
          onEvent({ kind: 'answered', held });
          return;
        }
        // A notice of the task showing gives way to this one (its toast goes without a press): it is answered.
        if (before !== undefined && before.held !== held) onEvent({ kind: 'answered', held: before.held });
        showing.current.set(task.id, { held, remindAt: task.remindAt });
        toasts.show({
          message: { key: 'reminders.one', params: { title: task.title } },
          testId: 'reminder-toast',
          key: noticeKey(task.id),
          sticky: true,
          dismissLabel: 'action.dismiss',
          action: { label: 'action.open', run: () => navigate({ name: 'detail', entity: 'task', id: task.id }, { onKept: () => again() }) },
          ...(snoozable ? { secondaryAction: { label: 'reminders.snooze', run: () => snooze(task, () => again(), () => again(false)) } } : {}),
          onClosed,
        });
      } else {
        toasts.show({
          message: { key: 'reminders.many', params: { count: held.total } },
          testId: 'reminder-toast',
          sticky: true,
          dismissLabel: 'action.dismiss',
          action: { label: 'action.open', run: () => navigate({ name: 'today', focus: 'reminders', taskIds: held.taskIds }, { onKept: () => again() }) },
          onClosed,
        });
      }
    },
    [onEvent, toasts, navigate, snooze],
  );

  /** Reads that stand before a pushed notice shows, by task id: how many of its task's changes were heard meanwhile. */
  const reading = useRef(new Map<string, number>());
  /** False once this workspace has ended: a read answering after it shows nothing (the gate carried its notice on). */
  const live = useRef(true);

  /**
   * A single task's pushed notice shows once its task is read and still reminds the user at that time. The push
   * may come as the task is ticked done (Today's checkbox, Mark done, a bulk action): before, its notice showed
   * for the finished task, as the write's own signal came before the notice was there to withdraw. A change of
   * the task heard while the read is out makes it read again (its answer may predate the write).
   */
  const showWhenStillDue = useCallback(
    (held: HeldReminder, task: Task) => {
      const read = () => {
        const heard = reading.current.get(task.id) ?? 0;
        reading.current.set(task.id, heard);
        const again = () => reading.current.get(task.id) !== heard;
        const settle = (then: () => void) => {
          if (again()) return read();
          reading.current.delete(task.id);
          if (live.current) then();
        };
        Promise.all([api.invoke('tasks.get', { id: task.id }), currentUser(api)]).then(
          ([{ task: now }, userId]) =>
            settle(() => {
              if (remindsUser(now, userId) && now.remindAt === task.remindAt) show(held, { ...task, title: now.title });
              else onEvent({ kind: 'answered', held });
            }),
          // Erased meanwhile: nothing to remind of. Not read for another reason (the vault busy): shown as pushed.
          (error: unknown) =>
            settle(() => {
              if (error instanceof BridgeError && error.code === 'NOT_FOUND') onEvent({ kind: 'answered', held });
              else show(held, task);
            }),
        );
      };
      read();
    },
    [api, show, onEvent],
  );

  useEffect(() => {
    if (pending.length === 0) return;
    const shown = pending.map((due) => {
      const held = heldOf(due);
      const [only] = due.tasks;
      if (held.taskId !== null && only !== undefined) showWhenStillDue(held, only);
      else show(held, null);
      return held;
    });
    onEvent({ kind: 'shown', shown });
  }, [pending, show, showWhenStillDue, onEvent]);

  // A change heard (a sync's, one this window announced, or a task write of this window's: api/tasks-written.ts): a
  // notice whose task no longer reminds the user (done, trashed, given to someone else) or whose reminder moved goes,
  // answered (a moved reminder comes again at its new time); before, it stayed until pressed away.
  useEffect(() => {
    const withdraw = (id: string, remindAt: number) => {
      const shown = showing.current.get(id);
      // Gone meanwhile, or shown anew since (another reminder time): that notice stays.
      if (shown?.remindAt !== remindAt) return;
      showing.current.delete(id);
      toasts.withdraw(noticeKey(id));
      onEvent({ kind: 'answered', held: shown.held });
    };
    const recheck = (ids: readonly string[]) => {
      // A notice still reading its task reads it again once that read answers.
      for (const id of ids) {
        const heard = reading.current.get(id);
        if (heard !== undefined) reading.current.set(id, heard + 1);
      }
      if (ids.length === 0) return;
      const me = currentUser(api);
      for (const id of ids) {
        const remindAt = showing.current.get(id)?.remindAt;
        if (remindAt === undefined) continue;
        Promise.all([api.invoke('tasks.get', { id }), me]).then(
          ([{ task }, userId]) => {
            if (!remindsUser(task, userId) || task.remindAt !== remindAt) withdraw(id, remindAt);
          },
          // Erased or evicted: nothing to remind of. Not read for another reason: the notice stays.
          (error: unknown) => {
            if (error instanceof BridgeError && error.code === 'NOT_FOUND') withdraw(id, remindAt);
          },
        );
      }
    };
    const known = () => [...showing.current.keys(), ...reading.current.keys()];
    const offChanges = onRecordChanges(api, (change) => recheck(concerned(change, known())));
    // This window's own task writes (ticked done on Today, edited on the task's page, a list's bulk action), from
    // wherever they were made: before, only a sync's and an announced change were heard.
    const offWrites = onTasksWritten((ids) => recheck(known().filter((id) => ids === null || ids.includes(id))));
    // An import's undo trashes the tasks it made.
    const offUndo = api.on('import.didUndoProgress', ({ ended }) => {
      if (ended) recheck(known());
    });
    return () => {
      offChanges();
      offWrites();
      offUndo();
    };
  }, [api, toasts, onEvent]);

  // Carried over a lock: a single task's notice shows again if the task is still open, still the user's, with its
  // reminder due (the main process reminds the assignee only). Reads that answer after this workspace ended show
  // nothing: the gate carried those notices on.
  useEffect(() => {
    if (carried.length === 0) return;
    onEvent({ kind: 'carriedTaken', count: carried.length });
    // Who the user is; unknown (a failed read), a task is not left out for its assignee.
    const me = carried.some((held) => held.taskId !== null) ? currentUser(api) : Promise.resolve(null);
    for (const held of carried) {
      if (held.taskId === null) {
        show(held, null);
        continue;
      }
      const answered = () => onEvent({ kind: 'answered', held });
      Promise.all([api.invoke('tasks.get', { id: held.taskId }), me]).then(
        ([{ task }, userId]) => {
          if (!live.current) return;
          if (remindsUser(task, userId) && task.remindAt !== null && task.remindAt <= Date.now()) show(held, { id: task.id, title: task.title, remindAt: task.remindAt });
          else answered();
        },
        // Gone meanwhile (erased, evicted): nothing to remind of. Not read for another reason: the notice shows
        // without the task's title (it was not carried) rather than not at all.
        (error: unknown) => {
          if (!live.current) return;
          if (error instanceof BridgeError && error.code === 'NOT_FOUND') answered();
          else show(held, null);
        },
      );
    }
  }, [carried, api, show, onEvent]);

  // The toasts go with this workspace: what they still showed is carried to the next one.
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
      onEvent({ kind: 'ended' });
    };
  }, [onEvent]);

  return null;
}
