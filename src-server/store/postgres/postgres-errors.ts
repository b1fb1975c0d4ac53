// Typed errors of the PostgreSQL store. Driver errors are translated before
// they leave the store: PostgreSQL's own messages and DETAIL lines can quote
// row values ("Key (x)=(…) already exists"), so only the SQLSTATE and the
// constraint or table name survive.
import { AppError } from '../../../src-shared/ipc/errors';
import { StoreCommitUnknownError, StoreStatementError } from '../store';

export class PostgresSchemaError extends AppError {
  constructor(message: string) {
    super('INTERNAL', message);
  }
}

export class PostgresStoreClosedError extends AppError {
  constructor() {
    super('INTERNAL', 'The store is closed.');
  }
}

/** Opening the store could not connect: refused, no answer in time, unknown host, or the server said no. */
export class PostgresUnreachableError extends AppError {
  constructor(host: string, port: number, cause: unknown, timeoutMs: number) {
    const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    super('BUSY', `Could not connect to the PostgreSQL database at ${where}: ${connectFailure(cause, timeoutMs)}`);
  }
}

function connectFailure(cause: unknown, timeoutMs: number): string {
  const code = typeof cause === 'object' && cause !== null ? field(cause, 'code') : null;
  if (code === 'ECONNREFUSED') return 'connection refused (is PostgreSQL running there?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') return 'host unreachable';
  if (code !== null && /^[0-9A-Z]{5}$/.test(code)) return `the server refused the connection (SQLSTATE ${code})`;
  const message = typeof cause === 'object' && cause !== null ? (field(cause, 'message') ?? '') : '';
  if (/timeout/i.test(message)) return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  return code === null ? 'the connection failed' : `the connection failed (${code})`;
}

/**
 * Failures of a database that is momentarily busy, locked or gone, not of the
 * request: the transaction rolled back, and the same work may succeed when
 * tried again. They are BUSY, which the HTTP layer answers as 503
 * `unavailable` with a Retry-After. (A lost connection, class 08, is BUSY too.)
 */
const busyStates: ReadonlyMap<string, string> = new Map([
  ['55P03', 'The database is busy: waiting for a lock timed out.'],
  ['57014', 'The database is busy: a statement ran past its timeout.'],
  ['40001', 'The database is busy: the transaction conflicted with another.'],
  ['40P01', 'The database is busy: the transaction conflicted with another.'],
  ['53300', 'The database has no free connections.'],
  ['57P01', 'The database connection was lost.'],
  ['57P02', 'The database connection was lost.'],
  ['57P03', 'The database is starting up or shutting down.'],
  ['25P03', 'The database ended a transaction that stayed idle too long.'],
]);

function isBusyState(sqlState: string): boolean {
  return sqlState.startsWith('08') || busyStates.has(sqlState);
}

/**
 * No connection of this process's pool came free in time: pg bounds that wait
 * with the connect timeout too. The database may be fine; this process has
 * as many statements in flight as its pool holds.
 */
export class PostgresPoolBusyError extends AppError {
  constructor(timeoutMs: number) {
    super('BUSY', `No database connection of the pool came free within ${Math.round(timeoutMs / 100) / 10} s.`);
  }
}

/**
 * A COMMIT whose answer never came (the client's query timeout, a connection
 * lost after it was sent): the transaction may have committed. Not BUSY,
 * which says nothing was written and the same work may be done again.
 */
export class PostgresCommitUnknownError extends StoreCommitUnknownError {}

/** A statement that failed for want of an answer (timeout, connection lost, server shutting down), not by the server's refusal. */
export function isConnectionFailure(error: unknown): boolean {
  return error instanceof PostgresStoreError && (error.sqlState.startsWith('08') || error.sqlState.startsWith('57P0'));
}

/** pg-pool's error when the wait for a free connection of a full pool ran out (a new connection's own timeout says "Connection terminated due to connection timeout"). */
export function isPoolWaitTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'timeout exceeded when trying to connect';
}

/** A statement failed; `sqlState` is PostgreSQL's five-character error code. */
export class PostgresStoreError extends StoreStatementError {
  constructor(sqlState: string, constraint: string | null) {
    super(isBusyState(sqlState) ? 'BUSY' : 'INTERNAL', describe(sqlState, constraint), sqlState, constraint);
  }
}

function describe(sqlState: string, constraint: string | null): string {
  const where = constraint === null ? '' : ` (${constraint})`;
  if (sqlState === '23505') return `The store refused a duplicate row${where}.`;
  if (sqlState === '23503') return `The store refused a row that references a missing row${where}.`;
  if (sqlState.startsWith('23')) return `The store refused a row that breaks a constraint${where}.`;
  const busy = busyStates.get(sqlState);
  if (busy !== undefined) return busy;
  if (sqlState.startsWith('08')) return 'The database connection was lost.';
  if (sqlState === 'XX000') return 'The store failed unexpectedly.';
  return `The store failed (SQLSTATE ${sqlState}).`;
}

function field(error: object, name: string): string | null {
  const value: unknown = Reflect.get(error, name);
  return typeof value === 'string' ? value : null;
}

/** Maps anything a pg call threw to an AppError without row values. */
export function translatePostgresError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (typeof error === 'object' && error !== null) {
    const code = field(error, 'code');
    if (code !== null && /^[0-9A-Z]{5}$/.test(code)) return new PostgresStoreError(code, field(error, 'constraint') ?? field(error, 'table'));
    // Socket errors (ECONNREFUSED, ECONNRESET, …) and pg's own "Connection terminated".
    const message = field(error, 'message') ?? '';
    if ((code !== null && /^E[A-Z]+$/.test(code)) || /connection terminated|not queryable|timeout/i.test(message)) {
      return new PostgresStoreError('08000', null);
    }
  }
  return new PostgresStoreError('XX000', null);
}
