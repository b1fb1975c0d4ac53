// Wakes this process when any process on the same database commits. Every
// write transaction that allocates a commit seq runs
// `pg_notify('fieldvault_commit', seq)`; PostgreSQL delivers a NOTIFY only
// when (and if) its transaction commits, so a listener is never woken for a
// commit that a read cannot see yet. One dedicated connection LISTENs (a
// pooled connection would be handed to other work). When it drops, it
// reconnects with backoff and then compares the head with the last one it
// reported, so a commit made while it was away still wakes the devices; a
// lower head there (the database restored to an earlier point) lowers the
// mark, so the commits after it are not ignored.
import pg from 'pg';
import { z } from 'zod';
import { AppError } from '../../../src-shared/ipc/errors';
import { postgresTypes, SeqDb } from './postgres-rows';

export const commitChannel = 'fieldvault_commit';

/** Said (to onBackgroundError) when the commit head read after a reconnect is below the one last reported. */
export class CommitHeadWentBackError extends AppError {
  constructor(reported: number, head: number) {
    super('INTERNAL', `The database's commit head went back from ${reported} to ${head} (restored from a backup?); commits are reported from ${head} on.`);
  }
}
const Payload = z.coerce.number().int().nonnegative();

export class CommitListener {
  private readonly listeners = new Set<(head: number) => void>();
  private client: pg.Client | null = null;
  /** The connection close() is saying goodbye on. */
  private ending: pg.Client | null = null;
  private started = false;
  private closed = false;
  private retryMs = 100;
  private retryTimer: NodeJS.Timeout | null = null;

  /**
   * @param reported the highest head told to listeners so far; only higher
   *   heads are reported, so a commit seen both locally and by NOTIFY wakes once.
   */
  constructor(
    private readonly config: pg.ClientConfig,
    private reported: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  subscribe(listener: (head: number) => void): () => void {
    this.listeners.add(listener);
    if (!this.started && !this.closed) {
      this.started = true;
      void this.connect();
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Reports a head (a local commit, a notification, a catch-up read) if it is new. */
  report(head: number): void {
    if (head <= this.reported || this.closed) return;
    this.reported = head;
    for (const listener of [...this.listeners]) {
      try {
        listener(head);
      } catch (error) {
        // A listener's failure is its own; the others still hear the commit.
        this.onError(error);
      }
    }
  }

  /**
   * The database came back with a lower head (restored to an earlier point while this process ran): the mark
   * comes down to it, or every commit until the head passed the old mark would wake no one. The listeners hear
   * the lower head too, so a device waiting past it is told now (its pull says to sync from scratch).
   */
  private wentBack(head: number): void {
    this.onError(new CommitHeadWentBackError(this.reported, head));
    this.reported = head - 1;
    this.report(head);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ ...this.config, types: postgresTypes });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel !== commitChannel) return;
      const seq = Payload.safeParse(message.payload);
      if (seq.success) this.report(seq.data);
    });
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${commitChannel}`);
      // Anything committed before LISTEN took effect is caught up here.
      const result = await client.query('SELECT seq FROM commit_head WHERE singleton = 1');
      this.retryMs = 100;
      const head = SeqDb.parse(result.rows[0]).seq;
      if (head < this.reported) this.wentBack(head);
      else this.report(head);
    } catch (error) {
      this.dropped(client, error);
    }
  }

  private dropped(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.closed) return;
    if (error !== null) this.onError(error);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
  }

  async close(): Promise<void> {
    this.stop();
    const client = this.client;
    this.client = null;
    this.ending = client;
    if (client !== null) await client.end().catch(() => undefined);
  }

  /**
   * Drops the connection without a goodbye. close() waits for the database to
   * answer it, which one that stopped answering never does.
   */
  destroy(): void {
    this.stop();
    for (const client of [this.client, this.ending]) client?.connection.stream.destroy();
    this.client = null;
  }

  private stop(): void {
    this.closed = true;
    this.listeners.clear();
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
