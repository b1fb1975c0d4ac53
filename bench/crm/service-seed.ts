// The first part of the CRM fixture, made the way the app makes it: a new
// vault through Vault.create (header, keychain entry, migrations), then the
// first accounts and contacts of the plan through the CRM services (create,
// the planned edit, the planned move to the trash), after which the outbox is
// cleared as an acknowledged sync would. Then it checks that record-rows.ts
// describes exactly what the services wrote (row values, tags, version rows,
// search entries, row counts per table), so the bulk part cannot drift from
// the real write path unnoticed.
import { AccountDraft } from '../../src-shared/domain/account';
import { ContactDraft } from '../../src-shared/domain/contact';
import { AccountId } from '../../src-shared/domain/ids';
import { createAccount, deleteAccount, updateAccount } from '../../src-main/services/crm/account.service';
import { createContact, deleteContact, updateContact } from '../../src-main/services/crm/contact.service';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { createMemoryLogger } from '../../src-main/log/logger';
import type { Connection, ReadTx } from '../../src-main/vault/connection';
import { Vault } from '../../src-main/vault/vault';
import { tableCounts } from '../vault/bulk-contacts';
import { acknowledgeAll } from '../vault/contact-fixture';
import { accountPlans, contactPlans, type AccountPlan, type AccountSummary, type ContactPlan } from './record-plans';
import { accountRows, contactRows, countRows, grownTables, recordColumns, type GrownTable, type RecordRows } from './record-rows';
import { accountTable } from '../../src-main/services/crm/account.repo';
import { contactTable } from '../../src-main/services/crm/contact.repo';

export interface SeedRequest {
  readonly dataDir: string;
  readonly keychainService: string;
  readonly password: string;
  readonly accounts: number;
  readonly contacts: number;
  readonly seed: number;
  readonly serviceAccounts: number;
  readonly serviceContacts: number;
}

export interface SeedResult {
  readonly accountIds: string[];
  readonly deviceId: string;
  /** Rows per grown table after the service part (migrations' own rows included). */
  readonly counts: Record<GrownTable, number>;
  readonly seconds: number;
}

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Compares what the services wrote for these records with what record-rows.ts says they write. */
async function compareRows(tx: ReadTx, entity: 'accounts' | 'contacts', expected: readonly RecordRows[]): Promise<void> {
  const columns = entity === 'accounts' ? recordColumns(accountTable) : recordColumns(contactTable);
  for (const rows of expected) {
    const id = rows.record[0];
    if (typeof id !== 'string') throw new Error('A planned row has no id');
    const stored = await tx.get<Record<string, unknown>>(`SELECT ${columns.join(', ')} FROM ${entity} WHERE id = ?`, [id]);
    const actual = columns.map((column) => stored?.[column] ?? null);
    if (!same(actual, rows.record)) {
      const differing = columns.filter((column, index) => JSON.stringify(actual[index]) !== JSON.stringify(rows.record[index]));
      throw new Error(`record-rows.ts no longer matches what the services write to ${entity} (columns ${differing.join(', ')})`);
    }
    const tags = await tx.all<{ tag: unknown }>('SELECT tag FROM record_tags WHERE entity = ? AND record_id = ? ORDER BY tag', [entity, id]);
    if (!same(tags.map((row) => row.tag), rows.tags.map((row) => row[1]).sort())) throw new Error(`record_tags of ${entity} drifted`);
    const versions = await tx.all<{ field: unknown }>('SELECT field FROM field_versions WHERE entity = ? AND record_id = ? ORDER BY field', [entity, id]);
    if (!same(versions.map((row) => row.field), rows.versions.map((row) => row[2]).sort())) throw new Error(`field_versions of ${entity} drifted`);
    const doc = await tx.get<{ name: unknown; body: unknown }>('SELECT name, body FROM search_docs WHERE entity = ? AND record_id = ?', [entity, id]);
    const expectedDoc = rows.searchDoc === null ? null : [rows.searchDoc[2], rows.searchDoc[3]];
    if (!same(doc === undefined ? [null] : [doc.name, doc.body], expectedDoc === null ? [null] : expectedDoc)) {
      throw new Error(`The search entries of ${entity} drifted from record-rows.ts`);
    }
  }
}

async function grownCounts(connection: Connection): Promise<Record<GrownTable, number>> {
  const all = await tableCounts(connection);
  const counts = { accounts: 0, contacts: 0, record_tags: 0, field_versions: 0, search_docs: 0 };
  for (const table of grownTables) counts[table] = all.get(table) ?? 0;
  return counts;
}

async function deviceIdOf(connection: Connection): Promise<string> {
  const row = await connection.read((tx) => tx.get<{ value: unknown }>("SELECT value FROM sync_state WHERE key = 'device_id'"));
  if (typeof row?.value !== 'string') throw new Error('The services made no device id');
  return row.value;
}

/** An empty vault made by Vault.create, locked again; the device secret stays in the keychain. */
export async function createFixtureVault(location: { dataDir: string; keychainService: string; password: string }): Promise<{ seconds: number }> {
  const started = performance.now();
  const vault = new Vault({ dataDir: location.dataDir, keyStore: new KeytarKeyStore(location.keychainService), log: createMemoryLogger() });
  await vault.create(location.password);
  await vault.lock();
  return { seconds: (performance.now() - started) / 1000 };
}

export async function seedThroughServices(request: SeedRequest): Promise<SeedResult> {
  const started = performance.now();
  const vault = new Vault({ dataDir: request.dataDir, keyStore: new KeytarKeyStore(request.keychainService), log: createMemoryLogger() });
  await vault.create(request.password);
  try {
    const connection = vault.connection();
    const before = await grownCounts(connection);
    const accountIds: string[] = [];
    const summaries: AccountSummary[] = [];
    const accountPlanList: AccountPlan[] = [];
    for (const plan of accountPlans(request.accounts, request.seed)) {
      summaries.push({
        domain: plan.domain,
        placeIndex: plan.placeIndex,
        ownerId: plan.fields.ownerId,
        trashed: plan.trashedAt !== null,
        indexedName: plan.trashedAt === null ? plan.fields.name : null,
      });
      if (plan.index < request.serviceAccounts) accountPlanList.push(plan);
    }
    // One transaction per entity: a commit per record would cost an fsync each.
    await connection.write(async (tx) => {
      for (const plan of accountPlanList) {
        const { id } = await createAccount(tx, AccountDraft.parse(plan.fields), plan.createdAt);
        const { update, trashedAt } = plan;
        if (update !== null) await updateAccount(tx, id, { industry: update.value }, update.at);
        if (trashedAt !== null) await deleteAccount(tx, id, trashedAt);
        accountIds.push(id);
      }
    });
    const contactPlanList: ContactPlan[] = [];
    for (const plan of contactPlans(request.contacts, request.seed + 1, summaries, { accounts: request.serviceAccounts, contacts: request.serviceContacts })) {
      if (plan.index >= request.serviceContacts) break;
      contactPlanList.push(plan);
    }
    const contactIds: string[] = [];
    await connection.write(async (tx) => {
      for (const plan of contactPlanList) {
        const accountId = plan.accountIndex === null ? null : AccountId.parse(accountIds[plan.accountIndex]);
        const { id } = await createContact(tx, ContactDraft.parse({ ...plan.fields, accountId }), plan.createdAt);
        const { update, trashedAt } = plan;
        if (update !== null) await updateContact(tx, id, { notes: update.value }, update.at);
        if (trashedAt !== null) await deleteContact(tx, id, trashedAt);
        contactIds.push(id);
      }
    });
    await acknowledgeAll(connection);

    const deviceId = await deviceIdOf(connection);
    const expectedAccounts = accountPlanList.map((plan, index) => accountRows(plan, accountIds[index] ?? '', deviceId));
    const expectedContacts = contactPlanList.map((plan, index) =>
      contactRows(
        plan,
        contactIds[index] ?? '',
        plan.accountIndex === null ? null : (accountIds[plan.accountIndex] ?? null),
        deviceId,
        plan.accountIndex === null ? null : (summaries[plan.accountIndex]?.indexedName ?? null),
      ),
    );
    await connection.read(async (tx) => {
      await compareRows(tx, 'accounts', expectedAccounts);
      await compareRows(tx, 'contacts', expectedContacts);
    });
    const counts = await grownCounts(connection);
    const planned = [countRows('accounts', expectedAccounts), countRows('contacts', expectedContacts)];
    for (const table of grownTables) {
      const expected = before[table] + (planned[0]?.[table] ?? 0) + (planned[1]?.[table] ?? 0);
      if (counts[table] !== expected) throw new Error(`The services wrote ${counts[table] - before[table]} ${table} rows; record-rows.ts expects ${expected - before[table]}`);
    }
    return { accountIds, deviceId, counts, seconds: (performance.now() - started) / 1000 };
  } finally {
    await vault.lock();
  }
}
