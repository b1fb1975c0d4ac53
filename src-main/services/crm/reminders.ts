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
import { z } from 'zod';
import { remindersNamedMax, type DueReminders } from '../../../src-shared/domain/task';
import { TaskId } from '../../../src-shared/domain/ids';
import type { Logger } from '../../log/logger';
import type { Connection, ReadTx, WriteTx } from '../../vault/connection';
import { currentUserId } from './current-user';

const markKey = 'reminders_through';
const active = "deleted_at IS NULL AND status IN ('open', 'in_progress')";
/** The timer never waits longer than this, so a changed wall clock is noticed. */
export const reminderRecheckMs = 15 * 60_000;

const Mark = z.object({ value: z.string().regex(/^\d+$/) });
const Count = z.object({ n: z.number().int().nonnegative() });
const Due = z.object({ id: TaskId, title: z.string(), remind_at: z.number().int() });
const Next = z.object({ next: z.number().int().nullable() });

function writeMark(tx: WriteTx, at: number): Promise<unknown> {
  return tx.run('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [markKey, String(at)]);
}

async function readMark(tx: ReadTx): Promise<number | null> {
  const row = await tx.get(`SELECT value FROM sync_state WHERE key = ?`, [markKey]);
  return row === undefined ? null : Number(Mark.parse(row).value);
}

/**
 * The reminders that fell due after the mark and up to `now`, and moves the
 * mark to `now`; null when none did. The first run on a vault only sets the
 * mark: reminders from before it are Today's backlog, not news.
 */
export async function takeDueReminders(tx: WriteTx, now: number): Promise<DueReminders | null> {
  const mark = await readMark(tx);
  if (mark === now) return null;
  await writeMark(tx, now);
  // A mark ahead of now: the wall clock went back (it had run ahead), and the mark comes back with it, or every
  // reminder up to the old time would never be pushed. What fell due meanwhile is Today's.
  if (mark === null || mark > now) return null;
  const me = await currentUserId(tx);
  const where = `assignee_id = ? AND ${active} AND remind_at IS NOT NULL AND remind_at > ? AND remind_at <= ?`;
  const params = [me, mark, now];
  const total = Count.parse(await tx.get(`SELECT count(*) AS n FROM tasks WHERE ${where}`, params)).n;
  if (total === 0) return null;
  const rows = z.array(Due).parse(await tx.all(`SELECT id, title, remind_at FROM tasks WHERE ${where} ORDER BY remind_at, id LIMIT ${remindersNamedMax}`, params));
  return { tasks: rows.map((row) => ({ id: row.id, title: row.title, remindAt: row.remind_at })), total };
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
   * up at once as if it fell due. What it took is pushed once the write has committed. One transaction, queued
   * at once: a lock asked for after the call waits for it, where a check awaited before the write let the lock
   * start first and refuse the write (the save was lost, on a page already gone).
   */
  async write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    let due: DueReminders | null = null;
    const result = await this.#options.connection().write(async (tx) => {
      due = await this.#takeWithin(tx);
      return fn(tx);
    });
    if (due !== null && this.#running) this.#options.emit(due);
    return result;
  }

  /** What fell due, taken inside a task write; nothing while stopped or while no page listens (check() keeps it). */
  async #takeWithin(tx: WriteTx): Promise<DueReminders | null> {
    if (!this.#running || !this.#listening()) return null;
    // In a savepoint: a take that fails leaves the mark where it was, and the write goes on (the next check takes them).
    await tx.exec('SAVEPOINT reminders_take');
    try {
      const due = await takeDueReminders(tx, this.#now());
      await tx.exec('RELEASE reminders_take');
      return due;
    } catch (error) {
      await tx.exec('ROLLBACK TO reminders_take');
      await tx.exec('RELEASE reminders_take');
      this.#options.log.log('warn', 'reminders.checkFailed', { error: error instanceof Error ? error.name : 'unknown' });
      return null;
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
