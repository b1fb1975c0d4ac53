// 0002: the CRM data model (accounts, contacts, deals, pipeline stages,
// activities, tasks, tags, saved views) and the sync metadata, so that sync
// lands without a schema rewrite:
//   field_versions  the HLC of each field of each synced record. A row with
//                   field '*' holds the version of every field that has no
//                   row of its own: a create writes one '*' row instead of one
//                   row per field (at a million contacts that is 1 M rows, not
//                   15 M); an update writes a row per changed field.
//   outbox          local operations not yet acknowledged by the server.
//                   AUTOINCREMENT, so a seq is never reused after the outbox is
//                   trimmed: the server dedupes by (device id, seq).
//   sync_state      key/value: device id, HLC, pull cursor, local user id.
//   conflicts       concurrent edits of one field, kept for the user to review.
// Cross-record links (contact → account, deal → stage, …) carry no FOREIGN
// KEY: sync may deliver a contact before its account, and erasure removes
// records one by one; the services check links on local writes instead.
// Lists page by keyset (sort key, id); partial indexes over live rows
// (deleted_at IS NULL) serve each sort and the common filters.
// The foundation's contacts are rebuilt into the new table (email and phone
// become the first entry of emails/phones) and queued for sync.
import { randomBytes } from 'node:crypto';
import type { Migration } from './migration';

/** The local vault owner until accounts and roles land (see docs/ARCHITECTURE.md). */
export const localOwnerId = 'local-owner';
/** Sorts tasks without a due time after every dated one (SQLite's largest exact integer in JS). */
export const noDueAtSortKey = 9007199254740991;

const meta = `
  owner_id   TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT    NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT    NOT NULL,
  deleted_at INTEGER`;

const tags = `tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array')`;
const address = `address TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(address) AND json_type(address) = 'object')`;

/** Live-row indexes for `table`: each is (keys…, id) WHERE deleted_at IS NULL. */
function liveIndexes(table: string, indexes: Record<string, string>): string {
  const live = Object.entries(indexes)
    .map(([name, keys]) => `CREATE INDEX ${table}_live_${name} ON ${table} (${keys}, id) WHERE deleted_at IS NULL;`)
    .join('\n');
  return `${live}\nCREATE INDEX ${table}_trash ON ${table} (deleted_at) WHERE deleted_at IS NOT NULL;`;
}

const schema = `
CREATE TABLE accounts (
  id        TEXT NOT NULL PRIMARY KEY,
  name      TEXT NOT NULL COLLATE NOCASE,
  industry  TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
  website   TEXT NOT NULL DEFAULT '',
  ${address},
  territory TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
  ${tags},${meta}
) STRICT;
${liveIndexes('accounts', {
  name: 'name',
  territory: 'territory, name',
  owner: 'owner_id, name',
  created: 'created_at',
  updated: 'updated_at',
})}

CREATE TABLE contacts_v2 (
  id                TEXT NOT NULL PRIMARY KEY,
  name              TEXT NOT NULL COLLATE NOCASE,
  title             TEXT NOT NULL DEFAULT '',
  account_id        TEXT,
  emails            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(emails) AND json_type(emails) = 'array'),
  phones            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(phones) AND json_type(phones) = 'array'),
  ${address},
  preferred_channel TEXT NOT NULL DEFAULT 'any'
                    CHECK (preferred_channel IN ('any', 'email', 'phone', 'sms', 'meeting', 'none')),
  ${tags},
  notes             TEXT NOT NULL DEFAULT '',${meta}
) STRICT;

CREATE TABLE pipeline_stages (
  id          TEXT    NOT NULL PRIMARY KEY,
  name        TEXT    NOT NULL,
  probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
  kind        TEXT    NOT NULL CHECK (kind IN ('open', 'won', 'lost')),
  position    INTEGER NOT NULL CHECK (position >= 0),
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT    NOT NULL
) STRICT;

CREATE TABLE deals (
  id                  TEXT    NOT NULL PRIMARY KEY,
  name                TEXT    NOT NULL COLLATE NOCASE,
  account_id          TEXT,
  contact_ids         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(contact_ids) AND json_type(contact_ids) = 'array'),
  amount              INTEGER NOT NULL CHECK (amount >= 0),
  currency            TEXT    NOT NULL CHECK (length(currency) = 3),
  stage_id            TEXT    NOT NULL,
  probability         INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
  expected_close_date TEXT    NOT NULL CHECK (date(expected_close_date) IS expected_close_date),
  lost_reason         TEXT    NOT NULL DEFAULT '',
  ${tags},${meta}
) STRICT;
${liveIndexes('deals', {
  name: 'name',
  close: 'expected_close_date',
  amount: 'amount',
  stage: 'stage_id, expected_close_date',
  owner: 'owner_id, expected_close_date',
  account: 'account_id, expected_close_date',
  created: 'created_at',
  updated: 'updated_at',
})}

-- Derived from deals.contact_ids (which is what syncs) so "deals of a contact" is an index lookup.
CREATE TABLE deal_contacts (
  deal_id    TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  PRIMARY KEY (deal_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX deal_contacts_contact ON deal_contacts (contact_id, deal_id);

CREATE TABLE activities (
  id               TEXT    NOT NULL PRIMARY KEY,
  kind             TEXT    NOT NULL CHECK (kind IN ('call', 'meeting', 'email', 'note')),
  subject          TEXT    NOT NULL DEFAULT '',
  contact_id       TEXT,
  account_id       TEXT,
  deal_id          TEXT,
  occurred_at      INTEGER NOT NULL,
  duration_minutes INTEGER NOT NULL DEFAULT 0 CHECK (duration_minutes >= 0),
  outcome          TEXT    NOT NULL DEFAULT '',
  body             TEXT    NOT NULL DEFAULT '',
  ${tags},${meta}
) STRICT;
${liveIndexes('activities', {
  occurred: 'occurred_at',
  contact: 'contact_id, occurred_at',
  account: 'account_id, occurred_at',
  deal: 'deal_id, occurred_at',
  owner: 'owner_id, occurred_at',
  created: 'created_at',
  updated: 'updated_at',
})}

CREATE TABLE tasks (
  id          TEXT    NOT NULL PRIMARY KEY,
  title       TEXT    NOT NULL COLLATE NOCASE,
  notes       TEXT    NOT NULL DEFAULT '',
  due_at      INTEGER,
  remind_at   INTEGER,
  priority    TEXT    NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),
  status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  assignee_id TEXT    NOT NULL,
  contact_id  TEXT,
  account_id  TEXT,
  deal_id     TEXT,
  ${tags},${meta}
) STRICT;
${liveIndexes('tasks', {
  due: `coalesce(due_at, ${noDueAtSortKey})`,
  title: 'title',
  status: `status, coalesce(due_at, ${noDueAtSortKey})`,
  assignee: `assignee_id, coalesce(due_at, ${noDueAtSortKey})`,
  owner: `owner_id, coalesce(due_at, ${noDueAtSortKey})`,
  contact: `contact_id, coalesce(due_at, ${noDueAtSortKey})`,
  account: `account_id, coalesce(due_at, ${noDueAtSortKey})`,
  deal: `deal_id, coalesce(due_at, ${noDueAtSortKey})`,
  created: 'created_at',
  updated: 'updated_at',
})}
-- The Today view: a user's active tasks by due time and by reminder time.
CREATE INDEX tasks_active_due ON tasks (assignee_id, due_at)
  WHERE deleted_at IS NULL AND status IN ('open', 'in_progress') AND due_at IS NOT NULL;
CREATE INDEX tasks_active_remind ON tasks (assignee_id, remind_at)
  WHERE deleted_at IS NULL AND status IN ('open', 'in_progress') AND remind_at IS NOT NULL;

-- Derived from each record's tags column, so a tag filter is an index lookup.
CREATE TABLE record_tags (
  entity    TEXT NOT NULL,
  tag       TEXT NOT NULL COLLATE NOCASE,
  record_id TEXT NOT NULL,
  PRIMARY KEY (entity, tag, record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX record_tags_record ON record_tags (entity, record_id);

CREATE TABLE saved_views (
  id     TEXT NOT NULL PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('accounts', 'contacts', 'deals', 'activities', 'tasks')),
  name   TEXT NOT NULL COLLATE NOCASE,
  query  TEXT NOT NULL CHECK (json_valid(query)),${meta}
) STRICT;
CREATE INDEX saved_views_live_owner ON saved_views (owner_id, entity, name, id) WHERE deleted_at IS NULL;

CREATE TABLE field_versions (
  entity    TEXT NOT NULL,
  record_id TEXT NOT NULL,
  field     TEXT NOT NULL,
  hlc       TEXT NOT NULL,
  PRIMARY KEY (entity, record_id, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE outbox (
  seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  entity      TEXT    NOT NULL,
  record_id   TEXT    NOT NULL,
  kind        TEXT    NOT NULL CHECK (kind IN ('upsert', 'delete')),
  hlc         TEXT    NOT NULL,
  -- {field: value}; every field of an operation carries the operation's hlc.
  fields_json TEXT    NOT NULL CHECK (json_valid(fields_json) AND json_type(fields_json) = 'object'),
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_record ON outbox (entity, record_id);

CREATE TABLE sync_state (
  key   TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE conflicts (
  id           INTEGER NOT NULL PRIMARY KEY,
  entity       TEXT    NOT NULL,
  record_id    TEXT    NOT NULL,
  field        TEXT    NOT NULL,
  local_value  TEXT    CHECK (local_value IS NULL OR json_valid(local_value)),
  local_hlc    TEXT    NOT NULL,
  remote_value TEXT    CHECK (remote_value IS NULL OR json_valid(remote_value)),
  remote_hlc   TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  resolved_at  INTEGER
) STRICT;
CREATE INDEX conflicts_record ON conflicts (entity, record_id);
CREATE INDEX conflicts_open ON conflicts (created_at) WHERE resolved_at IS NULL;
`;

/** Default pipeline (mirrors defaultPipelineStages in src-shared/domain/pipeline.ts, which a test checks). */
const seedStages = `
INSERT INTO pipeline_stages (id, name, probability, kind, position, updated_at, updated_by) VALUES
  ('lead', 'Lead', 10, 'open', 0, 0, '${localOwnerId}'),
  ('qualified', 'Qualified', 25, 'open', 1, 0, '${localOwnerId}'),
  ('proposal', 'Proposal', 50, 'open', 2, 0, '${localOwnerId}'),
  ('negotiation', 'Negotiation', 75, 'open', 3, 0, '${localOwnerId}'),
  ('won', 'Won', 100, 'won', 4, 0, '${localOwnerId}'),
  ('lost', 'Lost', 0, 'lost', 5, 0, '${localOwnerId}');
`;

/** The synced fields of a contact row as JSON, named as the domain names them (src-shared/domain/contact.ts). */
const contactFieldsJson = `json_object(
  'name', name, 'title', title, 'accountId', account_id, 'emails', json(emails), 'phones', json(phones),
  'address', json(address), 'preferredChannel', preferred_channel, 'tags', json(tags), 'notes', notes,
  'ownerId', owner_id, 'createdAt', created_at, 'createdBy', created_by, 'updatedAt', updated_at,
  'updatedBy', updated_by, 'deletedAt', deleted_at)`;

export const migration0002Crm: Migration = {
  version: 2,
  name: 'crm',
  async up(tx) {
    await tx.exec(schema);
    await tx.exec(seedStages);
    await tx.run('INSERT INTO sync_state (key, value) VALUES (?, ?)', ['local_user_id', localOwnerId]);

    // Rebuild contacts with the new columns; names, notes and timestamps carry over.
    await tx.run(
      `INSERT INTO contacts_v2 (id, name, emails, phones, notes, owner_id, created_at, created_by, updated_at, updated_by)
       SELECT id, name,
              CASE WHEN trim(email) = '' THEN '[]' ELSE json_array(trim(email)) END,
              CASE WHEN trim(phone) = '' THEN '[]' ELSE json_array(trim(phone)) END,
              notes, ?, created_at, ?, updated_at, ? FROM contacts`,
      [localOwnerId, localOwnerId, localOwnerId],
    );
    await tx.exec(`
      DROP TABLE contacts;
      ALTER TABLE contacts_v2 RENAME TO contacts;
      ${liveIndexes('contacts', {
        name: 'name',
        account: 'account_id, name',
        owner: 'owner_id, name',
        created: 'created_at',
        updated: 'updated_at',
      })}
    `);

    // Contacts made before sync metadata existed are queued like a fresh create,
    // so the first sync uploads them. Same device id format as src-main/sync/change-recorder.ts.
    const existing = await tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts');
    if (existing === undefined || existing.n === 0) return;
    const deviceId = randomBytes(16).toString('base64url');
    const now = Date.now();
    // src-shared/sync/hlc.ts's encoding, written out here because a shipped migration must not change
    // with later code (and the vault may not import sync code); the migration test decodes it with hlc.ts.
    const hlc = `${String(now).padStart(13, '0')}-0000-${deviceId}`;
    await tx.run('INSERT INTO sync_state (key, value) VALUES (?, ?), (?, ?)', ['device_id', deviceId, 'hlc', hlc]);
    await tx.run(`INSERT INTO field_versions (entity, record_id, field, hlc) SELECT 'contacts', id, '*', ? FROM contacts`, [hlc]);
    await tx.run(
      `INSERT INTO outbox (entity, record_id, kind, hlc, fields_json, created_at)
       SELECT 'contacts', id, 'upsert', ?, ${contactFieldsJson}, ? FROM contacts ORDER BY id`,
      [hlc, now],
    );
  },
};
