// Test fixture: records written to the entity tables of a real vault and
// indexed as the CRM services index them (record-texts.ts), for the search
// service's tests. Only the columns search reads are set; the rest keep
// their defaults.
import { accountSearchTexts, activitySearchTexts, contactSearchTexts, dealSearchTexts, taskSearchTexts } from '../../../../src-shared/search/record-texts';
import type { WriteTx } from '../../../vault/connection';
import { uuid7 } from '../../../vault/uuid7';
import { indexRecord } from '../search-index';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";

export interface ContactSeed {
  name: string;
  title?: string;
  emails?: string[];
  phones?: string[];
  tags?: string[];
  accountId?: string;
}

export async function addContact(tx: WriteTx, seed: ContactSeed, index = true): Promise<string> {
  const id = uuid7();
  const contact = { title: '', emails: [], phones: [], tags: [], address: { city: '', country: '' }, ...seed };
  await tx.run(
    `INSERT INTO contacts (id, name, title, account_id, emails, phones, tags, owner_id, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ${meta})`,
    [id, contact.name, contact.title, seed.accountId ?? null, JSON.stringify(contact.emails), JSON.stringify(contact.phones), JSON.stringify(contact.tags)],
  );
  if (index) await indexRecord(tx, 'contacts', id, contactSearchTexts(contact));
  return id;
}

export async function addAccount(tx: WriteTx, name: string, industry = ''): Promise<string> {
  const id = uuid7();
  await tx.run(`INSERT INTO accounts (id, name, industry, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ${meta})`, [
    id,
    name,
    industry,
  ]);
  await indexRecord(tx, 'accounts', id, accountSearchTexts({ name, industry, website: '', territory: '', address: { city: '', country: '' }, tags: [] }));
  return id;
}

export async function addDeal(tx: WriteTx, name: string, accountId: string | null = null): Promise<string> {
  const id = uuid7();
  await tx.run(
    `INSERT INTO deals (id, name, account_id, amount, currency, stage_id, probability, expected_close_date, owner_id, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, 100, 'EUR', 'lead', 10, '2026-05-01', ${meta})`,
    [id, name, accountId],
  );
  await indexRecord(tx, 'deals', id, dealSearchTexts({ name, tags: [] }));
  return id;
}

export async function addTask(tx: WriteTx, title: string, contactId: string | null = null): Promise<string> {
  const id = uuid7();
  await tx.run(
    `INSERT INTO tasks (id, title, assignee_id, contact_id, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, ?, 'local-owner', ?, ${meta})`,
    [id, title, contactId],
  );
  await indexRecord(tx, 'tasks', id, taskSearchTexts({ title, tags: [] }));
  return id;
}

export async function addActivity(tx: WriteTx, subject: string, contactId: string | null = null): Promise<string> {
  const id = uuid7();
  await tx.run(
    `INSERT INTO activities (id, kind, subject, contact_id, occurred_at, owner_id, created_at, created_by, updated_at, updated_by) VALUES (?, 'note', ?, ?, 1, ${meta})`,
    [id, subject, contactId],
  );
  await indexRecord(tx, 'activities', id, activitySearchTexts({ subject, outcome: '', tags: [] }));
  return id;
}
