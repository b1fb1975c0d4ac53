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
 * Channels of other domains that may write tasks, each with the ids its input names (null: any task). A resolved
 * conflict writes its record, which may be a task: the review names it as `recordId` (not a task's id when the
 * conflict is of another record, and no notice shows that id); its `id` is the conflict's. An enrolment gives
 * the tasks of the local user to the server's user (sync/enrolment.ts) and says so in no event. Before, neither
 * was told here: a resolved task conflict reached the notices only if the handler's change event did. An
 * import's undo is not here: it trashes the contacts and accounts the import made (imports make no tasks), and
 * the notices hear its end (import.didUndoProgress) besides.
 */
const otherTaskWrites = new Map<Channel, (input: unknown) => readonly string[] | null>([
  ['sync.conflicts.resolve', (input) => {
    const named = z.object({ recordId: z.string() }).safeParse(input);
    return named.success ? [named.data.recordId] : null;
  }],
  ['sync.enrol', () => null],
] satisfies [Channel, (input: unknown) => readonly string[] | null][]);

/**
 * The tasks a call of `channel` with `input` may have written: their ids, null for any task (an input of a shape
 * not foreseen), undefined when it writes no task.
 */
export function tasksWrittenBy(channel: Channel, input: unknown): readonly string[] | null | undefined {
  const other = otherTaskWrites.get(channel);
  if (other !== undefined) return other(input);
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
