// Where the focus goes when a task ticked done leaves its list (Today, a
// record's open tasks), or a contact removed leaves a deal's card: to the
// next row's control (a task's checkbox, a contact's Remove), or to the list itself
// when it was the last, in the commit that takes the row away, before it is
// painted, so that the focus is never on the page's body. Not when the user
// has put the focus somewhere else meanwhile.
import { useCallback, useLayoutEffect, useRef } from 'react';

interface Leaving {
  readonly list: HTMLElement;
  readonly taskId: string;
  readonly next: string | null;
}

/** `row(id)` is the selector of a row in its list; the row holds the control (`.task-check`, a task's checkbox) that takes the focus. */
export function useFocusAfterDone(row: (taskId: string) => string, control = '.task-check'): {
  /** Before marking the task done: its row, once gone from `list`, hands the focus on. */
  readonly leaving: (list: HTMLElement, taskId: string, next: string | null) => void;
  /** The task stays (marking it done failed). */
  readonly stays: () => void;
} {
  const pending = useRef<Leaving | null>(null);
  useLayoutEffect(() => {
    const leaving = pending.current;
    if (leaving === null || leaving.list.querySelector(row(leaving.taskId)) !== null) return;
    pending.current = null;
    const active = document.activeElement;
    if (!leaving.list.isConnected || (active !== null && active !== document.body && active.isConnected)) return;
    const next = leaving.next === null ? null : leaving.list.querySelector<HTMLElement>(`${row(leaving.next)} ${control}`);
    (next ?? leaving.list).focus({ preventScroll: next === null });
  });
  const leaving = useCallback((list: HTMLElement, taskId: string, next: string | null) => {
    pending.current = { list, taskId, next };
  }, []);
  const stays = useCallback(() => {
    pending.current = null;
  }, []);
  return { leaving, stays };
}
