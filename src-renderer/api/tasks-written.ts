// The tasks this window's own calls wrote, told to whoever listens: the
// reminder notices (features/shell/reminder-notices.tsx), which read a
// showing notice's task again and withdraw the notice once the task no longer
// reminds the user. Told here, where every call passes (bridge-client.ts),
// so no page has to remember to: before, ticking a task done on Today,
// editing it on its page or a list's bulk Mark done or trash left its
// "Reminder: …" notice up, as only a sync's changes and the snooze's own
// were heard. A reminder-only signal: the pages reload what they wrote
// themselves, and do not hear this.
import { z } from 'zod';
import type { Channel } from '../../src-shared/ipc/contract';

/** The channels that write tasks (tasks.create makes one no notice can show yet). */
const taskWrites = new Set<Channel>([
  'tasks.update',
  'tasks.delete',
  'tasks.restore',
  'tasks.deleteMany',
  'tasks.restoreMany',
  'tasks.editMany',
  'tasks.revertMany',
  'tasks.setStatusMany',
] satisfies Channel[]);

/** The task ids a write's input names: `{ id }`, `{ ids }` or `{ items: [{ id }] }`. */
const Named = z.union([
  z.object({ id: z.string() }).transform(({ id }) => [id]),
  z.object({ ids: z.array(z.string()) }).transform(({ ids }) => ids),
  z.object({ items: z.array(z.object({ id: z.string() })) }).transform(({ items }) => items.map(({ id }) => id)),
]);

/**
 * The tasks a call of `channel` with `input` may have written: their ids, null for any task (an input of a shape
 * not foreseen), undefined when it writes no task.
 */
export function tasksWrittenBy(channel: Channel, input: unknown): readonly string[] | null | undefined {
  if (!taskWrites.has(channel)) return undefined;
  const named = Named.safeParse(input);
  return named.success ? named.data : null;
}

/** Ids of the tasks written, or null: any task may have changed. */
export type TasksWrittenListener = (ids: readonly string[] | null) => void;

const listeners = new Set<TasksWrittenListener>();

/** Tells the listeners that this window wrote these tasks (null: any task). */
export function tasksWritten(ids: readonly string[] | null): void {
  for (const listener of [...listeners]) listener(ids);
}

/** Calls `listener` on each task write of this window until the returned function is called. */
export function onTasksWritten(listener: TasksWrittenListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
