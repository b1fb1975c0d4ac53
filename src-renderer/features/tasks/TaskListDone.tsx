// The Tasks list's "done" checkbox (its first column): ticks a task done with
// Undo, as Today does, or unticks a done one to reopen it; the row then shows
// the task as written (PageWindow.replace), without fetching the list again
// or losing its scroll position. A click on it does not open the task.
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import type { Task } from '../../../src-shared/domain/task';
import type { PagedList } from '../records/usePagedList';
import { TaskDoneCheck } from './TaskDoneCheck';
import { useCompleteTask, useReopenTask } from './useCompleteTask';

const ShowTask = createContext<(task: Task) => void>(() => undefined);

/** Gives the done checkboxes of the table within the list's way to show a written task. */
export function TaskRows({ list, children }: { readonly list: PagedList<Task>; readonly children: ReactNode }) {
  const { replace } = list;
  const show = useCallback((task: Task) => replace((row) => row.id === task.id, task), [replace]);
  return <ShowTask.Provider value={show}>{children}</ShowTask.Provider>;
}

export function TaskListDone({ task, tabbable }: { readonly task: Task; readonly tabbable: boolean }) {
  const show = useContext(ShowTask);
  const complete = useCompleteTask(show);
  const reopen = useReopenTask(show);
  return (
    <span className="task-list-done" onClick={(event) => event.stopPropagation()}>
      <TaskDoneCheck task={task} onDone={complete} onReopen={reopen} tabbable={tabbable} testId="task-list-done" />
    </span>
  );
}
