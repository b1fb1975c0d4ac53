// The Tasks list's "done" checkbox (its first column): ticks a task done with
// Undo, as Today does, or unticks a done one to reopen it; the row then shows
// the task as written (PageWindow.replace), without fetching the list again
// or losing its scroll position. A click on it does not open the task.
import { createContext, useCallback, useContext, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { Task, TaskListItem } from '../../../src-shared/domain/task';
import type { PagedList } from '../records/usePagedList';
import { TaskDoneCheck } from './TaskDoneCheck';
import { useCompleteTask, useReopenTask } from './useCompleteTask';

const ShowTask = createContext<(task: Task) => void>(() => undefined);

/**
 * Gives the done checkboxes of the table within the list's way to show a written task: the list as it is when the
 * task is written (an Undo pressed after a sort change or a refresh reads the rows held then, not those of the
 * tick; before, it changed nothing on screen), read again when it no longer holds the task (an "Open tasks" list
 * reloaded after the tick has left the done task out, and the Undo brings it back).
 */
export function TaskRows({ list, children }: { readonly list: PagedList<TaskListItem>; readonly children: ReactNode }) {
  const current = useRef(list);
  useLayoutEffect(() => {
    current.current = list;
  });
  const show = useCallback((task: Task) => {
    if (!current.current.replace((row) => row.id === task.id, task)) current.current.reload();
  }, []);
  return <ShowTask.Provider value={show}>{children}</ShowTask.Provider>;
}

export function TaskListDone({ task, tabbable }: { readonly task: TaskListItem; readonly tabbable: boolean }) {
  const show = useContext(ShowTask);
  const complete = useCompleteTask(show);
  const reopen = useReopenTask(show);
  return (
    <span className="task-list-done" onClick={(event) => event.stopPropagation()}>
      <TaskDoneCheck task={task} onDone={complete} onReopen={reopen} tabbable={tabbable} testId="task-list-done" />
    </span>
  );
}
