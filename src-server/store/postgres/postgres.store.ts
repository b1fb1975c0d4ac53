// The Store port on PostgreSQL (pg), for several stateless server processes
// sharing one database.
//
// Commit ordering ("a pull never skips a commit that commits late"): every
// write transaction's first statement locks the single commit_head row
// (SELECT … FOR UPDATE). allocateCommit increments that row under the lock,
// and the lock is held until COMMIT, so write transactions of all processes
// run one at a time and commit in seq order. PostgreSQL makes a transaction
// visible before it releases its locks, so when seq N is visible to any
// snapshot, every seq < N already was: the committed seqs always form a gap-free
// prefix, and a reader (REPEATABLE READ snapshot) that pages up to the head it
// sees can never pass a seq that is still in flight. A plain SEQUENCE would
// not do: numbers are taken at nextval() time, so seq 7 can commit before 6
// and a reader at 7 would skip 6 for ever; it would also leave gaps on
// rollback. The cost is one writer at a time across the cluster; pushes are
// short (≤ 500 operations, set-based statements), and within one process
// writers queue in memory first so a waiting writer holds no pool connection
// (bounded: see write-queue.ts).
//
// Wake-ups: see commit-listener.ts (NOTIFY is sent inside the transaction and
// delivered only on commit).
import pg from 'pg';
import type { KeyRotationLockAttempt, Store, StoreReadTx, StoreTx } from '../store';
import { BoundedWriteQueue, type WriteOptions } from '../write-queue';
import { CommitListener, commitChannel } from './commit-listener';
import { PostgresKeyRotationLock } from './key-rotation-lock';
import { migratePostgres } from './migrate';
import { isConnectionFailure, isPoolWaitTimeout, PostgresCommitUnknownError, PostgresPoolBusyError, PostgresStoreClosedError, PostgresStoreError, PostgresUnreachableError, translatePostgresError } from './postgres-errors';
import { postgresTypes, SeqDb } from './postgres-rows';
import { SqlRunner } from './postgres-sql';
import { PostgresReadTx } from './postgres.read-tx';
import { PostgresWriteTx } from './postgres.write-tx';

/**
 * How long the store waits for the database. Without them a database that
 * stops answering (a dead network, a stopped server) hangs a start, every
 * request and shutdown. The server-side ones (PostgreSQL settings, sent at
 * connect) and query_timeout may also be set in the URL
 * (`?statement_timeout=120000`), which wins; so may libpq's `connect_timeout`
 * (in seconds; 0 waits for ever).
 */
export interface PostgresTimeouts {
  /** Connecting, up to the server's first answer. */
  readonly connectMs: number;
  /** statement_timeout: one statement; above lockMs, so a lock wait fails as a lock timeout. */
  readonly statementMs: number;
  /** lock_timeout: waiting for a lock, such as the commit lock; well under a device's request timeout, so a push stuck behind the lock gets the retryable 503, not a timeout. */
  readonly lockMs: number;
  /** idle_in_transaction_session_timeout: a process that hangs inside a transaction must not hold the commit lock for ever. */
  readonly idleInTransactionMs: number;
  /** query_timeout (client side): a query the database does not answer, as when the network is gone; above statementMs. */
  readonly queryMs: number;
}

export const defaultPostgresTimeouts: PostgresTimeouts = {
  connectMs: 10_000,
  statementMs: 45_000,
  lockMs: 10_000,
  idleInTransactionMs: 60_000,
  queryMs: 50_000,
};

export interface PostgresStoreOptions {
  /** `postgres://user@host:port/database` (libpq URL; PG* variables fill gaps). */
  readonly connectionString: string;
  /** Pool size per process (default 10). */
  readonly poolSize?: number;
  /** Apply pending migrations on open (default true). */
  readonly migrate?: boolean;
  /** Defaults: defaultPostgresTimeouts. */
  readonly timeouts?: Partial<PostgresTimeouts>;
  /** Connection-level failures that no caller awaits (idle pool clients, the LISTEN connection). */
  readonly onBackgroundError?: (error: Error) => void;
  /**
   * How long close() lets work in flight finish and says goodbye to the
   * database before it drops every connection (default 5 s). Without it a
   * database that stopped answering keeps close() waiting for ever.
   */
  readonly closeTimeoutMs?: number;
  /** How long a write transaction may wait for this process's earlier ones before it fails as BUSY (default defaultWriteQueueMs); the commit lock's wait (lockMs) follows. */
  readonly writeQueueMs?: number;
}

export const defaultCloseTimeoutMs = 5_000;

/** After dropping the connections, how long close() waits for the pool to notice before it returns anyway. */
const afterDropMs = 1_000;

const delay = (ms: number): Promise<'late'> =>
  new Promise((resolve) => {
    setTimeout(() => resolve('late'), ms).unref();
  });

/** libpq's `connect_timeout` (whole seconds) in the URL, in milliseconds. */
function urlConnectTimeoutMs(connectionString: string): number | undefined {
  let seconds: string | null;
  try {
    seconds = new URL(connectionString).searchParams.get('connect_timeout');
  } catch {
    return undefined;
  }
  return seconds !== null && /^[0-9]{1,6}$/.test(seconds) ? Number(seconds) * 1000 : undefined;
}

/** Idle time before a connection's first TCP keepalive probe. */
export const keepAliveIdleMs = 30_000;

/**
 * The connection settings of every connection the store makes, without the
 * client-side query timeout (opening may wait for another process's
 * migration), and that timeout. Settings in the URL override these.
 */
export function postgresConnectionConfig(options: Pick<PostgresStoreOptions, 'connectionString' | 'timeouts'>): { session: pg.ClientConfig; queryTimeoutMs: number } {
  const timeouts = { ...defaultPostgresTimeouts, ...options.timeouts };
  return {
    session: {
      connectionString: options.connectionString,
      application_name: 'fieldvault-server',
      connectionTimeoutMillis: urlConnectTimeoutMs(options.connectionString) ?? timeouts.connectMs,
      // A peer that vanished without closing is noticed on an idle connection
      // too: probes start after 30 s of silence (pg's default, 0, leaves the
      // OS's, two hours on Linux). It matters most for the key-rotation lock's
      // connection, whose loss lets another machine's run start.
      keepAlive: true,
      keepAliveInitialDelayMillis: keepAliveIdleMs,
      statement_timeout: timeouts.statementMs,
      lock_timeout: timeouts.lockMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    },
    queryTimeoutMs: timeouts.queryMs,
  };
}

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  private readonly pending = new Set<Promise<unknown>>();
  /** Every pooled connection, idle or in use, so close() can drop them. */
  private readonly clients = new Set<pg.PoolClient>();
  /** Key-rotation locks held, each on a connection of its own (key-rotation-lock.ts). */
  private readonly rotationLocks = new Set<PostgresKeyRotationLock>();
  private closing: Promise<void> | null = null;
  private dropping = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly commits: CommitListener,
    private readonly closeTimeoutMs: number,
    private readonly writes: BoundedWriteQueue,
    private readonly config: pg.ClientConfig,
  ) {
    pool.on('connect', (client) => {
      // One that finished connecting after close() dropped the others goes too.
      if (this.dropping) client.connection.stream.destroy();
      else this.clients.add(client);
    });
    pool.on('remove', (client) => this.clients.delete(client));
  }

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const writes = new BoundedWriteQueue(options.writeQueueMs);
    const onError = (error: unknown) => options.onBackgroundError?.(translatePostgresError(error));
    const { session, queryTimeoutMs } = postgresConnectionConfig(options);
    const head = await PostgresStore.prepare(session, options.migrate ?? true);
    const config: pg.ClientConfig = { ...session, query_timeout: queryTimeoutMs };
    const pool = new pg.Pool({ ...config, types: postgresTypes, max: options.poolSize ?? 10 });
    pool.on('error', onError);
    return new PostgresStore(pool, new CommitListener(config, head, onError), options.closeTimeoutMs ?? defaultCloseTimeoutMs, writes, config);
  }

  /**
   * Connects (a refused or silent database fails here, naming where), applies
   * pending migrations and reads the commit head, on a connection of its own
   * without a client-side query timeout: another process may be migrating.
   */
  private static async prepare(session: pg.ClientConfig, migrate: boolean): Promise<number> {
    const client = new pg.Client({ ...session, types: postgresTypes });
    // Failures reach the awaited calls below; without a listener they would also be thrown.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new PostgresUnreachableError(client.host, client.port, error, session.connectionTimeoutMillis ?? 0);
    }
    try {
      if (migrate) await migratePostgres(client);
      const head = await client.query('SELECT seq FROM commit_head WHERE singleton = 1');
      return SeqDb.parse(head.rows[0]).seq;
    } catch (error) {
      throw translatePostgresError(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: WriteOptions): Promise<T> {
    if (this.closing !== null) return Promise.reject(new PostgresStoreClosedError());
    return this.track(
      this.writes.run(async () => {
        const { value, head } = await this.inTransaction('BEGIN ISOLATION LEVEL READ COMMITTED', async (sql) => {
          // First statement: the cluster-wide writer lock (see the header).
          await sql.rows('SELECT seq FROM commit_head WHERE singleton = 1 FOR UPDATE');
          const tx = new PostgresWriteTx(sql);
          const result = await fn(tx);
          // Delivered to every LISTENing process when, and only if, COMMIT succeeds.
          if (tx.allocatedSeq !== null) await sql.rows('SELECT pg_notify($1, $2)', [commitChannel, String(tx.allocatedSeq)]);
          return { value: result, head: tx.allocatedSeq };
        });
        if (head !== null) this.commits.report(head);
        return value;
      }, options),
    );
  }

  read<T>(fn: (tx: StoreReadTx) => Promise<T>): Promise<T> {
    if (this.closing !== null) return Promise.reject(new PostgresStoreClosedError());
    return this.track(this.inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (sql) => fn(new PostgresReadTx(sql))));
  }

  tryKeyRotationLock(): Promise<KeyRotationLockAttempt> {
    if (this.closing !== null) return Promise.reject(new PostgresStoreClosedError());
    return this.track(PostgresKeyRotationLock.attempt(this.config, this.rotationLocks, this.closeTimeoutMs));
  }

  onCommit(listener: (head: number) => void): () => void {
    return this.commits.subscribe(listener);
  }

  /**
   * Lets work in flight finish, then ends every connection, within
   * closeTimeoutMs; past it, drops the connections (work still in flight
   * fails as BUSY) and returns within a second more.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const graceful = (async () => {
        await Promise.allSettled([...this.pending]);
        await Promise.all([...this.rotationLocks].map((lock) => lock.release()));
        await this.commits.close();
        await this.pool.end();
      })();
      if ((await Promise.race([graceful, delay(this.closeTimeoutMs)])) !== 'late') return;
      this.dropping = true;
      this.commits.destroy();
      for (const lock of this.rotationLocks) lock.destroy();
      for (const client of this.clients) client.connection.stream.destroy();
      await Promise.race([graceful, delay(afterDropMs)]);
    })();
    return this.closing;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
    return work;
  }

  /**
   * Runs body between `begin` and COMMIT on one pooled connection. On any
   * failure it rolls back and rethrows the original error (fn's own errors
   * unchanged); a connection whose rollback failed, or that failed to answer
   * (then no ROLLBACK is sent), is destroyed, not reused.
   */
  private async inTransaction<T>(begin: string, body: (sql: SqlRunner) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw isPoolWaitTimeout(error) ? new PostgresPoolBusyError(this.pool.options.connectionTimeoutMillis ?? 0) : translatePostgresError(error);
    }
    const sql = new SqlRunner(client);
    let broken: Error | undefined;
    // A connection lost mid-transaction (or dropped by close()) fails the running query; pg also emits
    // it as an 'error' event, which the pool listens for only on idle connections: unheard, it is thrown.
    const onLost = (error: Error) => {
      broken ??= error;
    };
    client.on('error', onLost);
    let committing = false;
    try {
      await sql.rows(begin);
      const value = await body(sql);
      // Lost between statements (its 'error' event came while idle in the transaction): COMMIT would never
      // be sent, so nothing was written and the work may be done again (BUSY), not an unknown outcome.
      if (broken !== undefined) throw lostBeforeCommit(broken);
      committing = true;
      await sql.rows('COMMIT');
      return value;
    } catch (error) {
      // A COMMIT the server refused (a deferred constraint, a serialization failure) rolled back; one whose answer
      // never came (timed out, connection lost) may have committed: said so, not BUSY, and its connection, maybe
      // still committing, is not used again (nor made to wait for a ROLLBACK).
      if (committing && isConnectionFailure(error)) {
        broken = new Error('The commit outcome is unknown');
        throw new PostgresCommitUnknownError();
      }
      // Any other statement that got no answer: a ROLLBACK would queue behind it and wait out a second query
      // timeout, holding the write queue (every push BUSY) for as long again. Dropping the connection rolls back.
      if (isConnectionFailure(error)) {
        broken = error instanceof Error ? error : new Error('connection failed');
        throw error;
      }
      try {
        await sql.rollback();
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error('rollback failed');
      }
      throw error;
    } finally {
      client.removeListener('error', onLost);
      sql.close();
      client.release(broken);
    }
  }
}

/** The BUSY error for a connection lost before COMMIT: the driver's own (class 08 or 57P0x) when it says so. */
function lostBeforeCommit(lost: Error): PostgresStoreError {
  const translated = translatePostgresError(lost);
  return translated instanceof PostgresStoreError && isConnectionFailure(translated) ? translated : new PostgresStoreError('08000', null);
}

/** Opens (and by default migrates) the PostgreSQL store. */
export function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  return PostgresStore.open(options);
}
