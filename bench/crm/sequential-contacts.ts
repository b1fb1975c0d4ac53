// A vault of `count` contacts named "Contact 0000000", "Contact 0000001", …,
// generated inside SQLite (a recursive CTE per chunk), for the million-row
// list test (tests/e2e/million-rows.e2e.test.ts): the names make every row's
// place in the list known, and writing in SQL alone keeps a million rows
// within the test's time. Each contact gets what the write path gives a
// contact (row, tags, a '*' field version, its search entry in FTS5); the
// search texts of the places and titles are made by the app's own tokeniser,
// and a sample of the result is checked against contactTable and
// indexColumns, so the rows cannot drift from what the app writes.
import { randomBytes } from 'node:crypto';
import { contactSearchTexts } from '../../src-shared/search/record-texts';
import { indexColumns, indexText } from '../../src-shared/search/search-text';
import { encodeHlc } from '../../src-shared/sync/hlc';
import { contactTable } from '../../src-main/services/crm/contact.repo';
import { decodeRow, selectColumns, sortKeyOf } from '../../src-main/services/crm/entity-table';
import type { DriverDatabase } from '../../src-main/vault/sqlcipher-driver';
import { localOwner } from './vocabulary';

const chunk = 100_000;
const startMs = Date.UTC(2023, 0, 1);
const spacingMs = 60_000;
const places = [
  ['Berlin', 'Germany'],
  ['Zürich', 'Switzerland'],
  ['São Paulo', 'Brazil'],
  ['上海', '中国'],
  ['', ''],
] as const;
const titles = ['Buyer', '', 'Head of Procurement'] as const;

async function deviceIdOf(db: DriverDatabase): Promise<string> {
  const row = await db.get<{ value: unknown }>("SELECT value FROM sync_state WHERE key = 'device_id'");
  if (typeof row?.value === 'string') return row.value;
  // As change-recorder's ensureDeviceId makes it.
  const deviceId = randomBytes(16).toString('base64url');
  await db.run("INSERT INTO sync_state (key, value) VALUES ('device_id', ?)", [deviceId]);
  return deviceId;
}

/** Lookup tables of this build's values with their search tokens, made by the app's tokeniser. */
async function lookups(db: DriverDatabase): Promise<void> {
  await db.exec('CREATE TEMP TABLE fixture_places (k INTEGER PRIMARY KEY, city TEXT, country TEXT, tokens TEXT); CREATE TEMP TABLE fixture_titles (k INTEGER PRIMARY KEY, title TEXT, tokens TEXT)');
  for (const [k, [city, country]] of places.entries()) {
    const tokens = [city, country].filter((text) => text.length > 0).map(indexText).join(' ');
    await db.run('INSERT INTO fixture_places VALUES (?, ?, ?, ?)', [k, city, country, tokens]);
  }
  for (const [k, title] of titles.entries()) await db.run('INSERT INTO fixture_titles VALUES (?, ?, ?)', [k, title, title === '' ? '' : indexText(title)]);
  // Every phone this build writes (phoneOf) with its search tokens, national and local numbers included.
  await db.exec('CREATE TEMP TABLE fixture_phones (k INTEGER PRIMARY KEY, tokens TEXT)');
  for (let start = 0; start < phoneCount; start += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, phoneCount - start) }, (_, offset) => [start + offset, indexText(phoneOf(start + offset))]);
    await db.run('INSERT INTO fixture_phones SELECT j.value ->> 0, j.value ->> 1 FROM json_each(?) j', [JSON.stringify(batch)]);
  }
}

/** The build's phones: +1 202 555 0000 … 9999, the contact's number modulo phoneCount. */
const phoneCount = 10_000;
function phoneOf(k: number): string {
  return `+1 202 555 ${String(k).padStart(4, '0')}`;
}

/** SQL for contacts first..last (inclusive); hlcTail is "-0000-<device id>", the tail of encodeHlc at counter 0. */
function chunkSql(first: number, last: number): string {
  // Every value below is a number computed here or a literal: nothing from input.
  return `
WITH RECURSIVE n(i) AS (SELECT ${first} UNION ALL SELECT i + 1 FROM n WHERE i < ${last}),
rows AS (SELECT i, ${startMs} + i * ${spacingMs} AS ms, printf('%012x', ${startMs} + i * ${spacingMs}) AS t FROM n)
INSERT INTO contacts (id, name, name_key, title, account_id, emails, phones, address, preferred_channel, tags, notes, owner_id, created_at, created_by, updated_at, updated_by, deleted_at)
SELECT substr(t, 1, 8) || '-' || substr(t, 9, 4) || '-7' || printf('%03x', i % 4096) || '-' || printf('%x%03x', 8 + i % 4, (i / 4096) % 4096) || '-' || printf('%012x', i),
       printf('Contact %07d', i), printf('contact %07d', i), ti.title, NULL,
       json_array(printf('c%d@example.org', i)),
       CASE WHEN i % 4 = 0 THEN '[]' ELSE json_array(printf('+1 202 555 %04d', i % ${phoneCount})) END,
       json_object('street', '', 'city', p.city, 'region', '', 'postalCode', '', 'country', p.country),
       'any', CASE WHEN i % 5 = 0 THEN '["vip"]' ELSE '[]' END,
       CASE WHEN i % 2 = 0 THEN 'Met at the regional trade fair. Prefers calls after 3pm.' ELSE '' END,
       '${localOwner}', ms, '${localOwner}', ms, '${localOwner}', NULL
FROM rows JOIN fixture_places p ON p.k = i % ${places.length} JOIN fixture_titles ti ON ti.k = i % ${titles.length}`;
}

async function writeChunk(db: DriverDatabase, first: number, last: number, hlcTail: string): Promise<void> {
  await db.exec('BEGIN');
  const before = await db.get<{ top: unknown }>('SELECT coalesce(max(rowid), 0) AS top FROM contacts');
  // A checked number: the rows this chunk adds are the ones above it.
  const range = `rowid > ${Number(before?.top ?? 0)}`;
  await db.exec(chunkSql(first, last));
  await db.exec(`INSERT INTO record_tags (entity, tag, record_id) SELECT 'contacts', j.value, c.id FROM contacts c, json_each(c.tags) j WHERE c.${range}`);
  await db.run(`INSERT INTO field_versions (entity, record_id, field, hlc) SELECT 'contacts', id, '*', printf('%013d', created_at) || ? FROM contacts WHERE ${range}`, [hlcTail]);
  const top = await db.get<{ top: unknown }>('SELECT coalesce(max(doc_id), 0) AS top FROM search_docs');
  // The body is contactSearchTexts' order: title, e-mail, phone (its tokens as the app makes them), city and country, tags.
  await db.exec(`INSERT INTO search_docs (entity, record_id, name, body)
    SELECT 'contacts', c.id, lower(c.name), concat_ws(' ', nullif(ti.tokens, ''), lower(c.emails ->> '$[0]'),
      ph.tokens,
      nullif(p.tokens, ''), CASE WHEN c.tags = '[]' THEN NULL ELSE 'vip' END)
    FROM contacts c JOIN fixture_places p ON p.city = (c.address ->> '$.city') AND p.country = (c.address ->> '$.country')
      JOIN fixture_titles ti ON ti.title = c.title
      LEFT JOIN fixture_phones ph ON c.phones != '[]' AND ph.k = CAST(substr(c.phones ->> '$[0]', -4) AS INTEGER)
    WHERE c.${range} ORDER BY c.rowid`);
  await db.run('INSERT INTO search_fts (rowid, name, body, entity) SELECT doc_id, name, body, entity FROM search_docs WHERE doc_id > ?', [Number(top?.top ?? 0)]);
  await db.exec('COMMIT');
}

/** Rows of a sample decode as contacts and carry the sort key and search entry the app would write. */
async function checkSample(db: DriverDatabase, count: number, hlcTail: string): Promise<void> {
  for (let index = 0; index < count; index += Math.max(1, Math.floor(count / 97))) {
    const name = `Contact ${String(index).padStart(7, '0')}`;
    // By the sort key: contacts_live_name finds it (no index leads with the name since migration 0016).
    const row = await db.get<unknown>(`SELECT ${selectColumns(contactTable)} FROM contacts WHERE name_key = ? AND deleted_at IS NULL`, [sortKeyOf(contactTable, { name })]);
    const contact = decodeRow(contactTable, row);
    if (contact.name !== name) throw new Error(`The generated sort key of contact ${index} differs from the app's`);
    const doc = await db.get<{ name: unknown; body: unknown }>("SELECT name, body FROM search_docs WHERE entity = 'contacts' AND record_id = ?", [contact.id]);
    const want = indexColumns(contactSearchTexts(contact));
    if (doc?.name !== want.name || doc.body !== want.body) throw new Error(`The generated search entry of contact ${index} differs from the app's`);
    const version = await db.get<{ hlc: unknown }>("SELECT hlc FROM field_versions WHERE entity = 'contacts' AND record_id = ? AND field = '*'", [contact.id]);
    const deviceId = hlcTail.slice('-0000-'.length);
    if (version?.hlc !== encodeHlc({ millis: contact.createdAt, counter: 0, deviceId })) throw new Error(`The generated version of contact ${index} differs from the app's`);
  }
}

export async function writeSequentialContacts(db: DriverDatabase, count: number): Promise<void> {
  const deviceId = await deviceIdOf(db);
  const hlcTail = encodeHlc({ millis: 0, counter: 0, deviceId }).replace(/^0+/, '');
  await lookups(db);
  for (let first = 0; first < count; first += chunk) await writeChunk(db, first, Math.min(count, first + chunk) - 1, hlcTail);
  await db.run("INSERT INTO sync_state (key, value) VALUES ('hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [
    encodeHlc({ millis: startMs + count * spacingMs, counter: 0, deviceId }),
  ]);
  await checkSample(db, count, hlcTail);
}
