// The key-rotation lock on PostgreSQL: one `rotate-keys` at a time across
// every machine sharing the database (each with its own data folder, so
// rotate.lock cannot see the others). A rotation runs many short
// transactions (one per batch of re-sealed records), so a transaction-level
// advisory lock would not cover it: this is a session-level
// pg_try_advisory_lock on a connection of its own, outside the pool, held
// for the whole run. PostgreSQL drops a session lock when its session ends,
// so a run that dies (even by kill -9: the kernel closes its socket) never
// blocks the next. The holder's connection names it in application_name
// (`fieldvault-server rotate-keys PID HOST`), which a refused run reads from
// pg_stat_activity to say who holds the lock. A connection that ends while
// the lock is held (the server restarted, the session was terminated, a
// network cut that TCP keepalive noticed) took the lock with it: the lock's
// signal aborts, and the rotation stops before its next step.
import { hostname } from 'node:os';
import pg from 'pg';
import { z } from 'zod';
import { KeyRotationLockLostError, type KeyRotationLock, type KeyRotationLockAttempt, type LockHolder } from '../store';
import { PostgresUnreachableError, translatePostgresError } from './postgres-errors';

/**
 * The advisory lock key, fixed for every version of the server: the ASCII
 * bytes of "FVrotate". Only key rotation takes it (migrations take their own).
 */
export const keyRotationLockKey = '4656726f74617465';
const lockKeySql = `x'${keyRotationLockKey}'::bigint`;
/** pg_locks shows a bigint key as its high and low 32 bits (objsubid 1). */
const lockKeyHigh = Number.parseInt(keyRotationLockKey.slice(0, 8), 16);
const lockKeyLow = Number.parseInt(keyRotationLockKey.slice(8), 16);

const applicationPrefix = 'fieldvault-server rotate-keys';

/** This process as the holder's connection names it (printable ASCII, at most PostgreSQL's 63 bytes). */
function applicationName(): string {
  return `${applicationPrefix} ${process.pid} ${hostname()}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 63);
}

function holderOf(name: string | null): LockHolder {
  const match = name === null ? null : new RegExp(`^${applicationPrefix} ([0-9]+) (.+)$`).exec(name);
  return { pid: match?.[1] === undefined ? null : Number(match[1]), host: match?.[2] ?? null };
}

const Acquired = z.object({ acquired: z.boolean() });
const Holder = z.object({ name: z.string().nullable() });

export class PostgresKeyRotationLock implements KeyRotationLock {
  private released: Promise<void> | null = null;

  private constructor(
    private readonly client: pg.Client,
    private readonly held: Set<PostgresKeyRotationLock>,
    private readonly endWithinMs: number,
    readonly signal: AbortSignal,
  ) {
    held.add(this);
  }

  /**
   * Connects and tries the lock once, without waiting. `held` tracks the
   * locks this store holds (its close() releases them); ending the
   * connection takes at most `endWithinMs` before it is dropped.
   */
  static async attempt(config: pg.ClientConfig, held: Set<PostgresKeyRotationLock>, endWithinMs: number): Promise<KeyRotationLockAttempt> {
    const client = new pg.Client({ ...config, application_name: applicationName() });
    // A lost connection fails the awaited query below, or, once the lock is held, drops the lock with it:
    // the lock's signal says so, unless release() ended it (also when it went between taking the lock
    // and making the lock object).
    let lock: PostgresKeyRotationLock | undefined;
    const lost = new AbortController();
    const connectionLost = (): void => {
      if (lock === undefined || lock.released === null) lost.abort(new KeyRotationLockLostError());
    };
    client.on('error', connectionLost);
    client.on('end', connectionLost);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new PostgresUnreachableError(client.host, client.port, error, config.connectionTimeoutMillis ?? 0);
    }
    let acquired = false;
    try {
      acquired = Acquired.parse((await client.query(`SELECT pg_try_advisory_lock(${lockKeySql}) AS acquired`)).rows[0]).acquired;
      if (acquired) {
        lock = new PostgresKeyRotationLock(client, held, endWithinMs, lost.signal);
        return { acquired: true, lock };
      }
      const holder = await client.query(
        `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1`,
        [lockKeyHigh, lockKeyLow],
      );
      // Gone meanwhile (no row): someone held it a moment ago, unknown who.
      return { acquired: false, holder: holderOf(holder.rows.length === 0 ? null : Holder.parse(holder.rows[0]).name) };
    } catch (error) {
      throw translatePostgresError(error);
    } finally {
      if (!acquired) await client.end().catch(() => undefined);
    }
  }

  /** Ends the session, which drops the lock; a database that does not answer gets its connection dropped instead. */
  release(): Promise<void> {
    this.released ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), this.endWithinMs);
      });
      const ended = this.client.end().then(
        () => 'ended' as const,
        () => 'ended' as const,
      );
      if ((await Promise.race([ended, late])) === 'late') this.destroy();
      clearTimeout(timer);
      this.held.delete(this);
    })();
    return this.released;
  }

  /** Drops the connection at once (and with it the lock). */
  destroy(): void {
    this.client.connection.stream.destroy();
    this.held.delete(this);
  }
}
