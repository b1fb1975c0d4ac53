// Task reminders: while the vault is unlocked, a timer set to the next
// reminder time pushes the reminders that fell due (tasks.didRemind) to the
// renderer, which shows them. Which reminders were already pushed is one
// local mark, sync_state 'reminders_through': every reminder time up to it has
// been pushed (or came before this device first ran the scheduler). It is
// device-local state like the rest of sync_state and never synced, so each
// device reminds its user once. A reminder set in the past (before the mark)
// is not pushed: Today lists it. Tasks are the current user's, open or in
// progress and not deleted (the Today index tasks_active_remind). A push
// reaches only a page listening at that moment, so while none is (a page
// reloading, every window closed) the scheduler takes nothing and the mark
// stays: the page that attaches next gets what fell due meanwhile, once.
// A task write pushes none of the reminders it took whose task it closed
// (done, trashed, given away) or whose reminder it moved. One exception to
// "set in the past is Today's": a reminder the write itself sets (a new task,
// or a changed time) within the minute before the write is pushed by it,
// once. The form takes minutes, so "remind me at 10:00" saved at 10:00:03
// was a time already past, and no notice ever came.
import { z } from 'zod';
import { remindersNamedMax, type DueReminders } from '../../../src-shared/domain/task';
import { TaskId } from '../../../src-shared/domain/ids';
import type { Logger } from '../../log/logger';
import type { Connection, ReadTx, WriteTx } from '../../vault/connection';
import { currentUserId } from './current-user';

const markKey = 'reminders_through';
const active = "deleted_at IS NULL AND status IN ('open', 'in_progress')";
/**
 * A reminder a write sets this little before the write's time is pushed by it: the reminder field takes minutes,
 * so one set for "now" is up to a minute past when it is saved. An older one is Today's.
 */
export const setJustNowMs = 60_000;
/** The timer never waits longer than this, so a changed wall clock is noticed. */
export const reminderRecheckMs = 15 * 60_000;

const Mark = z.object({ value: z.string().regex(/^\d+$/) });
const Due = z.object({ id: TaskId, title: z.string(), remind_at: z.number().int() });
const Next = z.object({ next: z.number().int().nullable() });
const Timed = z.object({ id: TaskId, remind_at: z.number().int() });

const keyOf = (row: { readonly id: string; readonly remind_at: number }): string => `${row.id}@${row.remind_at}`;

function writeMark(tx: WriteTx, at: number): Promise<unknown> {
  return tx.run('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [markKey, String(at)]);
}

async function readMark(tx: ReadTx): Promise<number | null> {
  const row = await tx.get(`SELECT value FROM sync_state WHERE key = ?`, [markKey]);
  return row === undefined ? null : Number(Mark.parse(row).value);
}

/** What a take moved the mark over: the window (after `from`, up to `to`) and every reminder in it, soonest first. */
interface Taken {
  readonly from: number;
  readonly to: number;
  readonly rows: readonly z.infer<typeof Due>[];
}

/** Moves the mark to `now` and reads every reminder after the old mark up to `now`; null when it did not move forward. */
async function takeDue(tx: WriteTx, now: number): Promise<Taken | null> {
  const mark = await readMark(tx);
  if (mark === now) return null;
  await writeMark(tx, now);
  // A mark ahead of now: the wall clock went back (it had run ahead), and the mark comes back with it, or every
  // reminder up to the old time would never be pushed. What fell due meanwhile is Today's.
  if (mark === null || mark > now) return null;
  return { from: mark, to: now, rows: await dueBetween(tx, mark, now) };
}

async function dueBetween(tx: ReadTx, from: number, to: number): Promise<z.infer<typeof Due>[]> {
  const me = await currentUserId(tx);
  const where = `assignee_id = ? AND ${active} AND remind_at IS NOT NULL AND remind_at > ? AND remind_at <= ?`;
  return z.array(Due).parse(await tx.all(`SELECT id, title, remind_at FROM tasks WHERE ${where} ORDER BY remind_at, id`, [me, from, to]));
}

/** The push for these reminders: the first few named, all counted; null for none. */
function pushOf(rows: readonly z.infer<typeof Due>[]): DueReminders | null {
  if (rows.length === 0) return null;
  const tasks = rows.slice(0, remindersNamedMax).map((row) => ({ id: row.id, title: row.title, remindAt: row.remind_at }));
  return { tasks, total: rows.length };
}

/**
 * The reminders that fell due after the mark and up to `now`, and moves the
 * mark to `now`; null when none did. The first run on a vault only sets the
 * mark: reminders from before it are Today's backlog, not news.
 */
export async function takeDueReminders(tx: WriteTx, now: number): Promise<DueReminders | null> {
  const taken = await takeDue(tx, now);
  return taken === null ? null : pushOf(taken.rows);
}

/**
 * Of the reminders a write took before it ran, those still due once it has run: their task still open or in
 * progress, not deleted, the user's, with the same reminder time (a reminder it set in the window is not among
 * them: dueAfterWrite says whether that one is pushed). A task ticked done in the instant its reminder fell due was pushed by the very
 * write that closed it, and its notice showed for a finished task.
 */
async function stillDue(tx: ReadTx, taken: Taken): Promise<z.infer<typeof Due>[]> {
  const before = new Set(taken.rows.map(keyOf));
  const now = await dueBetween(tx, taken.from, taken.to);
  return now.filter((row) => before.has(keyOf(row)));
}

/** What a task write sees before it runs: its time, what it took, and every task's reminder time in the minute before. */
interface WriteStart {
  readonly at: number;
  readonly taken: Taken | null;
  /**
   * `id@remind_at` of the user's tasks (any status, trashed too) whose reminder time is within setJustNowMs before
   * `at`: a task ticked done or trashed after its reminder was shown, and put back by an Undo, is not set anew. No
   * index covers tasks of every status by reminder time (tasks_active_remind holds active ones only), so this
   * reads every task at each task write: a vault migration adding one is the next step.
   */
  readonly justNow: ReadonlySet<string>;
}

async function remindedJustNow(tx: ReadTx, at: number): Promise<Set<string>> {
  const me = await currentUserId(tx);
  const rows = z.array(Timed).parse(await tx.all('SELECT id, remind_at FROM tasks WHERE assignee_id = ? AND remind_at > ? AND remind_at <= ?', [me, at - setJustNowMs, at]));
  return new Set(rows.map(keyOf));
}

/**
 * What a task write pushes once it has run: the reminders it took that are still due (stillDue), and those it set
 * itself within the minute before its time (a new task, a time it changed, or a task it gave the user; not one it
 * only reopened or restored), of the user's open tasks. Those fell before the mark the write moved to its time, so nothing else
 * ever pushes them, and a later save that leaves the time alone pushes nothing again.
 */
async function dueAfterWrite(tx: ReadTx, start: WriteStart): Promise<DueReminders | null> {
  const kept = start.taken === null ? [] : await stillDue(tx, start.taken);
  const set = (await dueBetween(tx, start.at - setJustNowMs, start.at)).filter((row) => !start.justNow.has(keyOf(row)));
  return pushOf([...kept, ...set].sort((a, b) => a.remind_at - b.remind_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

/** The soonest reminder time after `after` of the current user's active tasks, or null. */
export async function nextReminderAt(tx: ReadTx, after: number): Promise<number | null> {
  const me = await currentUserId(tx);
  const row = await tx.get(`SELECT min(remind_at) AS next FROM tasks WHERE assignee_id = ? AND ${active} AND remind_at IS NOT NULL AND remind_at > ?`, [me, after]);
  return Next.parse(row).next;
}

export interface ReminderSchedulerOptions {
  /** The unlocked vault's connection (throws while locked). */
  readonly connection: () => Connection;
  readonly emit: (reminders: DueReminders) => void;
  /** Whether a page hears `emit` now (default: always); while none does, nothing is taken. check() again once one does. */
  readonly listening?: () => boolean;
  readonly log: Logger;
  readonly now?: () => number;
}

/**
 * Runs takeDueReminders when a reminder time comes. start() after unlock,
 * check() after anything that may have changed a task (a write, a sync
 * apply, an import) and when a page attaches, stop() on lock; a task write
 * runs through write(). Checks run one at a time.
 */
export class ReminderScheduler {
  readonly #options: ReminderSchedulerOptions;
  readonly #now: () => number;
  readonly #listening: () => boolean;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: ReminderSchedulerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#listening = options.listening ?? (() => true);
  }

  start(): Promise<void> {
    this.#running = true;
    return this.check();
  }

  stop(): void {
    this.#running = false;
    this.#clear();
  }

  /** Pushes what fell due and sets the timer to the next reminder; resolves when done (never rejects). */
  check(): Promise<void> {
    if (!this.#running) return this.#queue;
    this.#queue = this.#queue.then(() => this.#check());
    return this.#queue;
  }

  /**
   * Runs a task write's transaction, having taken in it first what fell due up to then, so the mark is the
   * write's time: a reminder it sets in the past (a call logged after the fact) is Today's, not a notice popping
   * up at once as if it fell due, unless it is within the minute before the write (setJustNowMs: one typed for
   * "now"), which the write pushes itself. What it took is pushed once the write has committed. One transaction, queued
   * at once: a lock asked for after the call waits for it, where a check awaited before the write let the lock
   * start first and refuse the write (the save was lost, on a page already gone).
   */
  async write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    let due: DueReminders | null = null;
    const result = await this.#options.connection().write(async (tx) => {
      const start = await this.#startWithin(tx);
      const written = await fn(tx);
      // The write may have closed a task whose reminder it took (ticked done in the same instant): not pushed.
      const fallback = start === null || start.taken === null ? null : pushOf(start.taken.rows);
      if (start !== null) due = await this.#inSavepoint(tx, () => dueAfterWrite(tx, start), fallback);
      return written;
    });
    if (due !== null && this.#running) this.#options.emit(due);
    return result;
  }

  /**
   * What fell due, taken inside a task write, and the reminder times of the minute before it; null while stopped,
   * while no page listens (check() keeps it) or when the take failed (the mark stayed: the next check takes it).
   */
  async #startWithin(tx: WriteTx): Promise<WriteStart | null> {
    if (!this.#running || !this.#listening()) return null;
    return this.#inSavepoint(
      tx,
      async () => {
        const at = this.#now();
        return { at, taken: await takeDue(tx, at), justNow: await remindedJustNow(tx, at) };
      },
      null,
    );
  }

  /**
   * Runs `step` in a savepoint inside a task write: one that fails is undone (a take leaves the mark where it was)
   * and gives `fallback`, and the write goes on (the next check takes what a failed take left).
   */
  async #inSavepoint<R>(tx: WriteTx, step: () => Promise<R>, fallback: R): Promise<R> {
    await tx.exec('SAVEPOINT reminders_take');
    try {
      const value = await step();
      await tx.exec('RELEASE reminders_take');
      return value;
    } catch (error) {
      await tx.exec('ROLLBACK TO reminders_take');
      await tx.exec('RELEASE reminders_take');
      this.#options.log.log('warn', 'reminders.checkFailed', { error: error instanceof Error ? error.name : 'unknown' });
      return fallback;
    }
  }

  async #check(): Promise<void> {
    if (!this.#running) return;
    this.#clear();
    // No page to push to: the mark stays where it is, and the next page to attach checks again.
    if (!this.#listening()) return;
    try {
      const connection = this.#options.connection();
      // One transaction: once the mark has moved, nothing may stand between it and the push (a read that a
      // lock starting meanwhile refused dropped the reminders it had just taken, for good). The time is read in
      // it, as a task write's is (write()), so the mark only moves forward in the order the writes commit.
      const { due, next, now } = await connection.write(async (tx) => {
        const at = this.#now();
        return { due: await takeDueReminders(tx, at), next: await nextReminderAt(tx, at), now: at };
      });
      if (!this.#running) return;
      if (due !== null) this.#options.emit(due);
      if (next !== null) this.#arm(Math.min(Math.max(next - now, 0), reminderRecheckMs));
    } catch (error) {
      // Locked meanwhile (stop() follows), or the vault failed: the next unlock or write checks again.
      if (this.#running) this.#options.log.log('warn', 'reminders.checkFailed', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.check();
    }, delayMs);
    this.#timer.unref();
  }

  #clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
