// Writes the bulk part of the CRM fixture straight into the vault's SQLCipher
// file: the rows record-rows.ts computes, in multi-row INSERTs of up to 500
// rows inside transactions of 20,000 records, then each transaction's search
// entries into FTS5 in one INSERT … SELECT (the import path, indexNewRecords,
// does the same). It runs in a process that never turns on SQLCipher's
// memory security (protocol.ts says why) and keeps one statement in flight
// on the driver, so building the next rows in JavaScript overlaps SQLite's
// work on the last statement.
import { encodeHlc, decodeHlc } from '../../src-shared/sync/hlc';
import { accountTable } from '../../src-main/services/crm/account.repo';
import { contactTable } from '../../src-main/services/crm/contact.repo';
import type { SqlValue } from '../../src-main/vault/connection';
import type { DriverDatabase } from '../../src-main/vault/sqlcipher-driver';
import { accountPlans, contactPlans, idStream, type AccountSummary, type Lifecycle } from './record-plans';
import { accountRows, addCounts, contactRows, countRows, noRows, recordColumns, type GrownTable, type RecordRows } from './record-rows';

const recordsPerTransaction = 20_000;
const maxRowsPerStatement = 500;
/** SQLite's bound-parameter limit in this build is 32,766. */
const maxParameters = 32_000;
/**
 * One statement in flight at a time: the caller builds the next statement
 * while SQLite runs the last. Never more, because the driver prepares cached
 * statements asynchronously and two queued at once could run out of order.
 */
class StatementQueue {
  #last: Promise<unknown> = Promise.resolve();
  constructor(private readonly db: DriverDatabase) {}

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.#last;
    this.#last = this.#track(this.db.run(sql, params));
  }

  async exec(sql: string): Promise<void> {
    await this.#last;
    this.#last = this.#track(this.db.exec(sql));
  }

  async drain(): Promise<void> {
    await this.#last;
  }

  /** Keeps a failure for the next await instead of letting it surface as an unhandled rejection meanwhile. */
  #track(promise: Promise<unknown>): Promise<unknown> {
    promise.catch(() => undefined);
    return promise;
  }
}

function statementFor(head: string, width: number, count: number, tail = ''): string {
  const placeholder = `(${new Array<string>(width).fill('?').join(', ')})`;
  return `${head} VALUES ${new Array<string>(count).fill(placeholder).join(', ')} ${tail}`;
}

function rowsPerStatement(width: number): number {
  return Math.min(maxRowsPerStatement, Math.floor(maxParameters / width));
}

async function insertMany(queue: StatementQueue, head: string, width: number, rows: readonly SqlValue[][]): Promise<void> {
  const perStatement = rowsPerStatement(width);
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    await queue.run(statementFor(head, width, batch.length), batch.flat());
  }
}

/**
 * One entity's records, a transaction at a time. Record rows go to SQLite as
 * soon as a statement's worth is ready, so the planning of the next ones
 * overlaps their insertion; tags, versions and search entries follow at the
 * commit, and the FTS insert with the commit runs while the next
 * transaction is being planned.
 */
class EntityWriter {
  readonly #columns: string[];
  readonly #perStatement: number;
  #records: SqlValue[][] = [];
  #rest: RecordRows[] = [];
  #inTransaction = false;
  written = noRows;

  constructor(
    private readonly queue: StatementQueue,
    private readonly entity: 'accounts' | 'contacts',
    private topDocId: number,
  ) {
    this.#columns = entity === 'accounts' ? recordColumns(accountTable) : recordColumns(contactTable);
    this.#perStatement = rowsPerStatement(this.#columns.length);
  }

  get docTop(): number {
    return this.topDocId;
  }

  async add(rows: RecordRows): Promise<void> {
    if (!this.#inTransaction) {
      await this.queue.exec('BEGIN');
      this.#inTransaction = true;
    }
    this.#records.push(rows.record);
    this.#rest.push(rows);
    if (this.#records.length >= this.#perStatement) await this.#flushRecords();
    if (this.#rest.length >= recordsPerTransaction) await this.commit();
  }

  async #flushRecords(): Promise<void> {
    if (this.#records.length === 0) return;
    const batch = this.#records;
    this.#records = [];
    await this.queue.run(statementFor(`INSERT INTO ${this.entity} (${this.#columns.join(', ')})`, this.#columns.length, batch.length), batch.flat());
  }

  async commit(): Promise<void> {
    if (!this.#inTransaction) return;
    await this.#flushRecords();
    const rows = this.#rest;
    this.#rest = [];
    await insertMany(this.queue, 'INSERT OR IGNORE INTO record_tags (entity, tag, record_id)', 3, rows.flatMap((row) => row.tags));
    await insertMany(this.queue, 'INSERT INTO field_versions (entity, record_id, field, hlc)', 4, rows.flatMap((row) => row.versions));
    const docs = rows.flatMap((row) => (row.searchDoc === null ? [] : [row.searchDoc]));
    await insertMany(this.queue, 'INSERT INTO search_docs (entity, record_id, name, body)', 4, docs);
    // doc_id is an INTEGER PRIMARY KEY and only this process writes: the new rows are the ones above the old top.
    const top = this.topDocId;
    this.topDocId += docs.length;
    // One statement with the commit, so it runs while the caller plans the next transaction; top is a number.
    await this.queue.exec(`INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs WHERE doc_id > ${top}; COMMIT`);
    this.#inTransaction = false;
    this.written = addCounts(this.written, countRows(this.entity, rows));
  }
}

export interface BulkRequest {
  readonly accounts: number;
  readonly contacts: number;
  readonly seed: number;
  /** The first records, already made through the services: their ids, by plan index. */
  readonly serviceAccountIds: readonly string[];
  readonly serviceContacts: number;
  readonly deviceId: string;
  readonly progress: (message: string) => void;
}

export interface BulkResult {
  readonly written: Record<GrownTable, number>;
  readonly latestStamp: number;
}

async function raiseClock(db: DriverDatabase, deviceId: string, latest: number): Promise<void> {
  const row = await db.get<{ value: unknown }>("SELECT value FROM sync_state WHERE key = 'hlc'");
  const current = typeof row?.value === 'string' ? decodeHlc(row.value).millis : 0;
  if (current >= latest) return;
  await db.run("INSERT INTO sync_state (key, value) VALUES ('hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [
    encodeHlc({ millis: latest, counter: 0, deviceId }),
  ]);
}

/** Writes every planned record past the service-made ones; returns the rows written per table. */
export async function writeBulk(db: DriverDatabase, request: BulkRequest): Promise<BulkResult> {
  const queue = new StatementQueue(db);
  const nextId = idStream(request.seed + 2);
  const accountIds: string[] = [];
  const summaries: AccountSummary[] = [];
  let latest = 0;
  const lastTouch = (life: Lifecycle) => Math.max(life.createdAt, life.update?.at ?? 0, life.trashedAt ?? 0);
  const top = await db.get<{ top: unknown }>('SELECT coalesce(max(doc_id), 0) AS top FROM search_docs');
  if (typeof top?.top !== 'number') throw new Error('The search index has no readable top row');

  const accounts = new EntityWriter(queue, 'accounts', top.top);
  for (const plan of accountPlans(request.accounts, request.seed)) {
    const serviceId = request.serviceAccountIds[plan.index];
    const id = serviceId ?? nextId(plan.createdAt);
    accountIds.push(id);
    summaries.push({
      domain: plan.domain,
      placeIndex: plan.placeIndex,
      ownerId: plan.fields.ownerId,
      trashed: plan.trashedAt !== null,
      indexedName: plan.trashedAt === null ? plan.fields.name : null,
    });
    if (serviceId !== undefined) continue;
    await accounts.add(accountRows(plan, id, request.deviceId));
    latest = Math.max(latest, lastTouch(plan));
  }
  await accounts.commit();
  request.progress(`accounts written (${accounts.written.accounts.toLocaleString('en')} in bulk)`);

  const contacts = new EntityWriter(queue, 'contacts', accounts.docTop);
  const serviceMade = { accounts: request.serviceAccountIds.length, contacts: request.serviceContacts };
  for (const plan of contactPlans(request.contacts, request.seed + 1, summaries, serviceMade)) {
    const id = nextId(plan.createdAt);
    if (plan.index < request.serviceContacts) continue;
    const accountId = plan.accountIndex === null ? null : (accountIds[plan.accountIndex] ?? null);
    const accountName = plan.accountIndex === null ? null : (summaries[plan.accountIndex]?.indexedName ?? null);
    await contacts.add(contactRows(plan, id, accountId, request.deviceId, accountName));
    latest = Math.max(latest, lastTouch(plan));
    if (plan.index % 200_000 === 0) request.progress(`${plan.index.toLocaleString('en')} contacts planned`);
  }
  await contacts.commit();
  await queue.drain();
  await raiseClock(db, request.deviceId, latest);
  return { written: addCounts(accounts.written, contacts.written), latestStamp: latest };
}
