// Task reminders from the main process's push to the rep's answer, held by
// the vault gate, which outlives a workspace. A pushed reminder waits
// (`pending`) until the workspace shows it; a shown one (`showing`) stays
// until its toast is pressed away. When the workspace ends (a lock, by hand
// or idle) its toasts go with it: what was showing or still pending is
// carried over (`carried`) as task ids and counts only, no title (a lock
// drops the session's customer data), and the next workspace shows it again,
// each task read anew. Before, a reminder showing when the idle lock fired
// was gone after unlock: only Today's list still had it. A vault destroyed
// or wiped forgets everything.
import type { DueReminders } from '../../src-shared/domain/task';

/** A reminder notice without its words: one task's (by id), or "N reminders fell due". */
export interface HeldReminder {
  readonly taskId: string | null;
  /**
   * The tasks the push named (at most `remindersNamedMax`, soonest first): "N reminders fell due"'s Open takes
   * the user to the first of them Today lists, as its Reminders section need not hold them (a task due today).
   */
  readonly taskIds: readonly string[];
  readonly total: number;
}

export interface ReminderHold {
  readonly pending: readonly DueReminders[];
  readonly showing: readonly HeldReminder[];
  readonly carried: readonly HeldReminder[];
}

export type ReminderEvent =
  | { readonly kind: 'pushed'; readonly due: DueReminders }
  /** The first `shown.length` pending ones are on screen, as these. */
  | { readonly kind: 'shown'; readonly shown: readonly HeldReminder[] }
  /** The workspace took the first `count` carried ones to show again: showing from now (should it end before
   *  it read their tasks, the next one carries them on). */
  | { readonly kind: 'carriedTaken'; readonly count: number }
  /** Its toast was pressed away (Open, Remind me later, Dismiss), or it had nothing left to remind of. */
  | { readonly kind: 'answered'; readonly held: HeldReminder }
  /** Answered, it is on screen again (a snooze was refused). */
  | { readonly kind: 'shownAgain'; readonly held: HeldReminder }
  /** The workspace and its toasts are gone. */
  | { readonly kind: 'ended' }
  /** The vault locked: nothing with a title stays. */
  | { readonly kind: 'locked' }
  /** The vault was destroyed or wiped. */
  | { readonly kind: 'forgotten' };

export const noReminders: ReminderHold = { pending: [], showing: [], carried: [] };

/** A notice as held: the task of a single reminder, the count of several. */
export function heldOf(due: DueReminders): HeldReminder {
  const [only] = due.tasks;
  const taskIds = due.tasks.map((task) => task.id);
  return due.total === 1 && only !== undefined ? { taskId: only.id, taskIds, total: 1 } : { taskId: null, taskIds, total: due.total };
}

export function reminderHold(state: ReminderHold, event: ReminderEvent): ReminderHold {
  switch (event.kind) {
    case 'pushed':
      return { ...state, pending: [...state.pending, event.due] };
    case 'shown':
      return { ...state, pending: state.pending.slice(event.shown.length), showing: [...state.showing, ...event.shown] };
    case 'carriedTaken':
      return { ...state, carried: state.carried.slice(event.count), showing: [...state.showing, ...state.carried.slice(0, event.count)] };
    case 'answered':
      return { ...state, showing: state.showing.filter((held) => held !== event.held) };
    case 'shownAgain':
      return { ...state, showing: [...state.showing.filter((held) => held !== event.held), event.held] };
    case 'ended':
      return state.showing.length === 0 ? state : { ...state, showing: [], carried: [...state.carried, ...state.showing] };
    case 'locked':
      return state.pending.length === 0 && state.showing.length === 0
        ? state
        : { pending: [], showing: [], carried: [...state.carried, ...state.showing, ...state.pending.map(heldOf)] };
    case 'forgotten':
      return noReminders;
  }
}
