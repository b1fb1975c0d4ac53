// The measurement job, in a fresh process: builds the real main-process core
// (src-main/app/core.ts, as both shells do) on the fixture's data folder and
// keychain service, unlocks the vault through the `vault.unlock` channel, then
// times Ctrl+K searches (`search.query`) and list pages (`contacts.list`,
// `accounts.list`) through the registry, i.e. sender check, zod input,
// permission, the handler and its service function in a read transaction, and
// the zod output check: everything but the transport. The resident set is read
// right after; only then are the New contact and New account forms' look-alike
// calls timed (`contacts.lookAlikes`, `accounts.lookAlikes`) and the rows
// counted, so neither inflates it.
import { AccountListQuery } from '../../src-shared/domain/account';
import { ContactListQuery } from '../../src-shared/domain/contact';
import { createCore } from '../../src-main/app/core';
import type { Sender } from '../../src-main/ipc/registry';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { createMemoryLogger } from '../../src-main/log/logger';
import { listAccounts } from '../../src-main/services/crm/account.service';
import { listContacts } from '../../src-main/services/crm/contact.service';
import type { Connection } from '../../src-main/vault/connection';
import { summarise } from '../harness/stats';
import { describeSettings } from '../vault/settings';
import { tableCounts } from '../vault/bulk-contacts';
import type { Job, MeasureResult, QueryGroup } from './protocol';
import { listCases, lookAlikeCases, searchCases, type ListCase, type SampledKeys, type SampledRow } from './workload';
import { grownTables } from './record-rows';

type MeasureJob = Extract<Job, { role: 'measure' }>;

const sender: Sender = { transport: 'test', origin: 'test://fieldvault' };
const searchCount = 300;
const listPerGroup = 10;
const warmups = 20;

interface Timed {
  readonly group: string;
  readonly ms: number;
  readonly rows: number;
}

function grouped(samples: readonly Timed[]): QueryGroup[] {
  const groups = new Map<string, Timed[]>();
  for (const sample of samples) groups.set(sample.group, [...(groups.get(sample.group) ?? []), sample]);
  return [...groups].map(([label, items]) => ({
    label,
    summary: summarise(items.map((item) => item.ms), 2),
    rows: items.reduce((sum, item) => sum + item.rows, 0),
  }));
}

async function sampleRows(connection: Connection, entity: 'contacts' | 'accounts', count: number): Promise<SampledRow[]> {
  return connection.read(async (tx) => {
    const top = await tx.get<{ n: unknown }>(`SELECT max(rowid) AS n FROM ${entity}`);
    const max = typeof top?.n === 'number' ? top.n : 0;
    const sql =
      entity === 'contacts'
        ? `SELECT c.id, c.name, c.created_at, c.updated_at, coalesce(a.territory, '') AS territory FROM contacts c
           LEFT JOIN accounts a ON a.id = c.account_id WHERE c.rowid = ? AND c.deleted_at IS NULL`
        : `SELECT id, name, created_at, updated_at, territory FROM accounts WHERE rowid = ? AND deleted_at IS NULL`;
    const rows: SampledRow[] = [];
    // Evenly spread rowids: deterministic, and covering old and new records alike.
    for (let index = 0; rows.length < count && index < count * 2; index += 1) {
      const row = await tx.get<Record<string, unknown>>(sql, [1 + Math.floor(((index + 0.5) / (count * 2)) * max)]);
      if (row === undefined) continue;
      const { id, name, created_at: createdAt, updated_at: updatedAt, territory } = row;
      if (typeof id !== 'string' || typeof name !== 'string' || typeof createdAt !== 'number' || typeof updatedAt !== 'number' || typeof territory !== 'string') continue;
      rows.push({ id, name, createdAt, updatedAt, territory });
    }
    if (rows.length === 0) throw new Error(`No ${entity} to sample`);
    return rows;
  });
}

/** The first addresses and numbers of the sampled contacts. */
async function sampledKeys(connection: Connection, contacts: readonly SampledRow[]): Promise<SampledKeys[]> {
  const rows = await connection.read((tx) =>
    tx.all<{ emails: unknown; phones: unknown }>('SELECT emails, phones FROM contacts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id', [JSON.stringify(contacts.map((row) => row.id))]),
  );
  const texts = (json: unknown): string[] => {
    const parsed: unknown = typeof json === 'string' ? JSON.parse(json) : [];
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  };
  return rows.map((row) => ({ emails: texts(row.emails), phones: texts(row.phones) }));
}

function rowsOf(value: unknown): number {
  const items: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, 'items') ?? Reflect.get(value, 'hits') ?? Reflect.get(value, 'records') : undefined;
  return Array.isArray(items) ? items.length : 0;
}

export async function measure(job: MeasureJob, progress: (message: string) => void): Promise<MeasureResult> {
  const core = createCore({
    dataDir: job.dataDir,
    keyStore: new KeytarKeyStore(job.keychainService),
    log: createMemoryLogger(),
    isTrustedSender: (candidate) => candidate.transport === 'test',
    idleLockMs: 0,
  });
  try {
    const call = async (channel: string, input: unknown): Promise<{ ms: number; rows: number }> => {
      const start = performance.now();
      const result = await core.registry.dispatch(sender, channel, input);
      const ms = performance.now() - start;
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
      return { ms, rows: rowsOf(result.value) };
    };
    const unlockStart = performance.now();
    await call('vault.unlock', { password: job.password });
    const unlockMs = performance.now() - unlockStart;
    const rssAfterUnlockBytes = process.memoryUsage().rss;
    const connection = core.vault.connection();
    // An experiment only (BENCH_CRM_CACHE_KIB): what another SQLite page cache than the app's would give.
    if (job.cacheKiB !== null) await connection.read((tx) => tx.get(`PRAGMA cache_size = -${job.cacheKiB}`));

    const contacts = await sampleRows(connection, 'contacts', 60);
    const accounts = await sampleRows(connection, 'accounts', 40);
    const searches = searchCases(searchCount, job.seed + 10);
    const lists = listCases(listPerGroup, job.seed + 11, contacts, accounts);
    // Warm-ups drawn with other seeds, across the groups: warming with the first timed cases would time them again hot.
    for (const warm of searchCases(warmups, job.seed + 99)) await call('search.query', { text: warm.text, limit: 30 });
    for (const warm of listCases(1, job.seed + 98, contacts, accounts).slice(0, warmups)) await call(warm.channel, warm.input);

    progress(`timing ${searches.length} searches and ${lists.length} list pages`);
    const searchTimes: Timed[] = [];
    for (const search of searches) searchTimes.push({ group: search.group, ...(await call('search.query', { text: search.text, limit: 30 })) });
    const listTimes: Timed[] = [];
    for (const list of lists) listTimes.push({ group: list.group, ...(await call(list.channel, list.input)) });
    const rssBytes = process.memoryUsage().rss;
    // The peak so far (KiB on every platform Node supports): the unlock's Argon2id and the busiest call count here, not in rssBytes.
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    const heapUsedBytes = process.memoryUsage().heapUsed;

    const lookAlikes = lookAlikeCases(await sampledKeys(connection, contacts), accounts);
    // Warm-ups on other rows (7 and 5 spread evenly fall between the 60 and 40 above) and other new addresses.
    const warmContacts = await sampleRows(connection, 'contacts', 7);
    const warmLookAlikes = lookAlikeCases(await sampledKeys(connection, warmContacts), await sampleRows(connection, 'accounts', 5), 'warm-up.new');
    for (const warm of warmLookAlikes.slice(0, warmups)) await call(warm.channel, warm.input);
    const lookAlikeTimes: Timed[] = [];
    // A known key that names no record, or a new one that names some, is a wrong answer.
    const wrongLookAlikes: string[] = [];
    for (const lookAlike of lookAlikes) {
      const timed = await call(lookAlike.channel, lookAlike.input);
      lookAlikeTimes.push({ group: lookAlike.group, ...timed });
      if (lookAlike.known === (timed.rows === 0)) wrongLookAlikes.push(lookAlike.group);
    }

    // The same pages through the service functions alone (no registry, no zod at the edge): what the query costs.
    const serviceTimes = await serviceOnly(connection, lists);
    const all = await tableCounts(connection);
    const counts = { accounts: 0, contacts: 0, record_tags: 0, field_versions: 0, search_docs: 0 };
    for (const table of grownTables) counts[table] = all.get(table) ?? 0;
    const settings = await describeSettings(connection);
    return {
      unlockMs,
      search: { all: summarise(searchTimes.map((time) => time.ms), 2), groups: grouped(searchTimes), hits: searchTimes.reduce((sum, time) => sum + time.rows, 0) },
      list: { all: summarise(listTimes.map((time) => time.ms), 2), groups: grouped(listTimes), serviceOnly: summarise(serviceTimes, 2) },
      lookAlikes: { all: summarise(lookAlikeTimes.map((time) => time.ms), 2), groups: grouped(lookAlikeTimes), wrong: wrongLookAlikes },
      rssBytes,
      peakRssBytes,
      rssAfterUnlockBytes,
      heapUsedBytes,
      counts,
      sqlite: settings.sqlite,
      cipher: settings.cipher,
    };
  } finally {
    await core.close();
  }
}

async function serviceOnly(connection: Connection, lists: readonly ListCase[]): Promise<number[]> {
  const times: number[] = [];
  for (const list of lists) {
    const start = performance.now();
    if (list.channel === 'contacts.list') {
      const query = ContactListQuery.parse(list.input);
      await connection.read((tx) => listContacts(tx, query));
    } else {
      const query = AccountListQuery.parse(list.input);
      await connection.read((tx) => listAccounts(tx, query));
    }
    times.push(performance.now() - start);
  }
  return times;
}
