// The embedded store's migrations on a real file: 0002 moves records and
// change_log out of WITHOUT ROWID so a sealed document no longer costs an
// overflow page per row, keeping every row, its key's uniqueness and order;
// 0003 gives field state its record's buckets, indexed for incremental pulls;
// 0004 keys kept push rejections by (device, seq, code); 0005 adds the
// directory generation and finds a bucket's members by index; 0006 gives
// enrolment codes their issuing device and a cancellation time; 0007 adds the
// record of one-time server steps.
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateSqlite, sqliteSchemaVersion } from './schema';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function openFile(): Promise<Database.Database> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-store-schema-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'store.db'));
  db.pragma('journal_mode = WAL');
  return db;
}

const recordCount = 600;
const sealed = Buffer.alloc(1_300, 7);
const fieldList = JSON.stringify(Array.from({ length: 15 }, (_, index) => ({ field: `field_${index}`, hlc: `1795925003768-0000-8287d5c74cdf6f21f${String(index).padStart(3, '0')}` })));

function fill(db: Database.Database): void {
  const record = db.prepare(
    `INSERT INTO records (entity, record_id, owner_user_id, team_id, territory_id, created_seq, bucket_seq, deleted_seq, delete_hlc, key_id, ciphertext)
     VALUES ('contacts', ?, 'u-1', NULL, 't-1', ?, ?, NULL, NULL, 'dk-1', ?)`,
  );
  const change = db.prepare(`INSERT INTO change_log (commit_seq, entity, record_id, kind, device_id, fields, previous_buckets) VALUES (?, 'contacts', ?, 'upsert', 'd-1', ?, NULL)`);
  db.transaction(() => {
    // Inserted in reverse key order, so order after the copy is the key's, not the insertion's.
    for (let index = recordCount; index > 0; index -= 1) {
      const id = `rec-${String(index).padStart(5, '0')}`;
      record.run(id, index, index, sealed);
      change.run(index, id, fieldList);
    }
  })();
}

const pagesOf = (db: Database.Database, table: string) => (db.prepare('SELECT count(*) AS pages FROM dbstat WHERE name = ?').get(table) as { pages: number }).pages;

describe('sqlite store schema', () => {
  it('migration 2 keeps every record and change, their keys unique and ordered, in far fewer pages', async () => {
    const db = await openFile();
    migrateSqlite(db, 1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    fill(db);
    const before = { records: pagesOf(db, 'records'), changes: pagesOf(db, 'change_log') };
    // The problem being fixed: more than a page per row.
    expect(before.records).toBeGreaterThan(recordCount);
    const recordsBefore = db.prepare('SELECT * FROM records ORDER BY entity, record_id').all();
    const changesBefore = db.prepare('SELECT * FROM change_log ORDER BY commit_seq, entity, record_id, kind').all();

    migrateSqlite(db);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteSchemaVersion);
    expect(db.prepare('SELECT * FROM records ORDER BY entity, record_id').all()).toEqual(recordsBefore);
    expect(db.prepare('SELECT * FROM change_log ORDER BY commit_seq, entity, record_id, kind').all()).toEqual(changesBefore);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ('records', 'change_log')").all() as { name: string; sql: string }[];
    expect(tables.map((table) => table.name).sort()).toEqual(['change_log', 'records']);
    for (const table of tables) expect(table.sql).not.toMatch(/WITHOUT ROWID/i);

    const after = { records: pagesOf(db, 'records'), changes: pagesOf(db, 'change_log') };
    expect(after.records).toBeLessThan(before.records / 2);
    expect(after.changes).toBeLessThan(before.changes / 2);

    // The keys stay unique, and the plans still use them.
    expect(() => db.prepare(`INSERT INTO records (entity, record_id, owner_user_id, created_seq, bucket_seq) VALUES ('contacts', 'rec-00001', 'u-2', 1, 1)`).run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO change_log (commit_seq, entity, record_id, kind, fields) VALUES (1, 'contacts', 'rec-00001', 'upsert', '[]')`).run()).toThrow(/UNIQUE/);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM records WHERE entity = 'contacts' AND record_id > 'rec-00300' ORDER BY entity, record_id LIMIT 10").all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/USING INDEX records_key/);
    // A bucket's snapshot range is read in key order from its index, with no sort of the bucket.
    const bucketPlan = db
      .prepare("EXPLAIN QUERY PLAN SELECT r.* FROM records r INDEXED BY records_by_territory WHERE r.territory_id IS NOT NULL AND r.territory_id = 't-1' AND r.deleted_seq IS NULL ORDER BY r.entity, r.record_id LIMIT 10")
      .all() as { detail: string }[];
    expect(bucketPlan.map((row) => row.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
    db.close();
  });

  it("migration 3 gives field state its record's buckets and a per-bucket index in commit order", async () => {
    const db = await openFile();
    migrateSqlite(db, 2);
    const record = db.prepare(
      `INSERT INTO records (entity, record_id, owner_user_id, team_id, territory_id, created_seq, bucket_seq) VALUES ('contacts', ?, ?, ?, ?, 1, 1)`,
    );
    const field = db.prepare(`INSERT INTO field_state (entity, record_id, field, hlc, commit_seq) VALUES ('contacts', ?, ?, 'h', ?)`);
    db.transaction(() => {
      record.run('rec-1', 'u-1', 'team-1', null);
      record.run('rec-2', 'u-2', null, 'north');
      for (const [index, id] of ['rec-1', 'rec-2', 'rec-orphan'].entries()) {
        field.run(id, 'name', index + 1);
        field.run(id, 'title', index + 10);
      }
    })();
    migrateSqlite(db);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteSchemaVersion);
    expect(db.prepare('SELECT record_id, field, commit_seq, owner_user_id, team_id, territory_id FROM field_state ORDER BY record_id, field').all()).toEqual([
      { record_id: 'rec-1', field: 'name', commit_seq: 1, owner_user_id: 'u-1', team_id: 'team-1', territory_id: null },
      { record_id: 'rec-1', field: 'title', commit_seq: 10, owner_user_id: 'u-1', team_id: 'team-1', territory_id: null },
      { record_id: 'rec-2', field: 'name', commit_seq: 2, owner_user_id: 'u-2', team_id: null, territory_id: 'north' },
      { record_id: 'rec-2', field: 'title', commit_seq: 11, owner_user_id: 'u-2', team_id: null, territory_id: 'north' },
      // Field state of a record that does not exist belongs to no bucket (the old join never listed it either).
      { record_id: 'rec-orphan', field: 'name', commit_seq: 3, owner_user_id: null, team_id: null, territory_id: null },
      { record_id: 'rec-orphan', field: 'title', commit_seq: 12, owner_user_id: null, team_id: null, territory_id: null },
    ]);
    // A bucket's changes since a cursor are one index range in commit order: no sort, no walk of other buckets' changes.
    for (const [index, column] of [['field_state_by_owner', 'owner_user_id'], ['field_state_by_team', 'team_id'], ['field_state_by_territory', 'territory_id']]) {
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT * FROM field_state f INDEXED BY ${index} WHERE f.${column} IS NOT NULL AND f.${column} = 'x' AND f.commit_seq > 1 AND f.commit_seq <= 9
           ORDER BY f.commit_seq, f.entity, f.record_id, f.field LIMIT 10`,
        )
        .all() as { detail: string }[];
      const detail = plan.map((row) => row.detail).join(' ');
      expect(detail).toMatch(new RegExp(`USING (COVERING )?INDEX ${index} \\(${column}=\\? AND commit_seq>\\? AND commit_seq<\\?\\)`));
      expect(detail).not.toMatch(/TEMP B-TREE/);
    }
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'field_state_by_seq'").all()).toEqual([]);
    db.close();
  });

  it('migration 4 keeps every kept rejection and lets one operation keep one of each code', async () => {
    const db = await openFile();
    migrateSqlite(db, 3);
    const insert = db.prepare('INSERT INTO device_rejections (device_id, seq, code, message, fields) VALUES (?, ?, ?, ?, ?)');
    insert.run('dev-1', 4, 'unknown_field', 'Fields this server does not know: shoeSize', '["shoeSize"]');
    insert.run('dev-1', 9, 'forbidden', 'Only the owner may change this record', '[]');
    insert.run('dev-2', 4, 'conflict', 'A newer change of name is already on the server', '["name"]');
    // The defect: a second code for one seq broke the push's transaction.
    expect(() => insert.run('dev-1', 4, 'conflict', 'A newer change of name is already on the server', '["name"]')).toThrow(/UNIQUE/);
    const before = db.prepare('SELECT * FROM device_rejections ORDER BY device_id, seq, code').all();

    migrateSqlite(db);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteSchemaVersion);
    expect(db.prepare('SELECT * FROM device_rejections ORDER BY device_id, seq, code').all()).toEqual(before);
    insert.run('dev-1', 4, 'conflict', 'A newer change of name is already on the server', '["name"]');
    expect(db.prepare("SELECT code FROM device_rejections WHERE device_id = 'dev-1' AND seq = 4 ORDER BY code").all()).toEqual([{ code: 'conflict' }, { code: 'unknown_field' }]);
    expect(() => insert.run('dev-1', 4, 'conflict', 'again', '[]')).toThrow(/UNIQUE/);
    const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'device_rejections'").get() as { sql: string };
    expect(table.sql).toMatch(/PRIMARY KEY \(device_id, seq, code\)\) WITHOUT ROWID/);
    db.close();
  });

  it('migration 5 adds the directory generation at 0 and finds the members of a bucket by index', async () => {
    const db = await openFile();
    migrateSqlite(db, 4);
    db.exec(`INSERT INTO memberships (user_id, kind, bucket_id) VALUES ('u-1', 'team', 'team-1'), ('u-2', 'team', 'team-1'), ('u-3', 'territory', 'team-1')`);
    migrateSqlite(db);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteSchemaVersion);
    expect(db.prepare('SELECT generation FROM directory_generation').all()).toEqual([{ generation: 0 }]);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT other.user_id FROM memberships mine
         JOIN memberships other ON other.kind = mine.kind AND other.bucket_id = mine.bucket_id WHERE mine.user_id = 'u-1'`,
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toContain('memberships_by_bucket');
    db.close();
  });

  it('migration 8 numbers the data keys there by creation, the active key last, and each key added after them', async () => {
    const db = await openFile();
    migrateSqlite(db, 7);
    const insert = db.prepare('INSERT INTO data_keys (id, wrapped_key, master_key_id, active, created_at) VALUES (?, ?, ?, ?, ?)');
    insert.run('dk-old', Buffer.alloc(4), 'mk', 0, 100);
    // The active key, stamped before the key it replaced by a clock that was behind.
    insert.run('dk-active', Buffer.alloc(4), 'mk', 1, 50);
    insert.run('bi-blind', Buffer.alloc(4), 'mk', 0, 100);
    migrateSqlite(db);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteSchemaVersion);
    expect(db.prepare('SELECT id, seq FROM data_keys ORDER BY seq').all()).toEqual([
      { id: 'bi-blind', seq: 1 },
      { id: 'dk-old', seq: 2 },
      { id: 'dk-active', seq: 3 },
    ]);
    expect(() => db.prepare("UPDATE data_keys SET seq = 1 WHERE id = 'dk-old'").run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('migration 6 keeps every enrolment code, with no issuer and not cancelled, and finds an issuer\'s codes by index', async () => {
    const db = await openFile();
    migrateSqlite(db, 5);
    db.exec(`INSERT INTO enrolment_codes (code_hash, user_id, created_at, expires_at, used_at, device_id)
             VALUES ('${'a'.repeat(64)}', 'u-1', 10, 20, NULL, NULL), ('${'b'.repeat(64)}', 'u-2', 11, 21, 15, 'dev-1')`);
    migrateSqlite(db);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteSchemaVersion);
    expect(db.prepare('SELECT * FROM enrolment_codes ORDER BY code_hash').all()).toEqual([
      { code_hash: 'a'.repeat(64), user_id: 'u-1', created_at: 10, expires_at: 20, used_at: null, device_id: null, issued_by_device_id: null, cancelled_at: null },
      { code_hash: 'b'.repeat(64), user_id: 'u-2', created_at: 11, expires_at: 21, used_at: 15, device_id: 'dev-1', issued_by_device_id: null, cancelled_at: null },
    ]);
    const plan = db.prepare("EXPLAIN QUERY PLAN UPDATE enrolment_codes SET cancelled_at = 1 WHERE issued_by_device_id = 'dev-1' AND used_at IS NULL").all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toContain('enrolment_codes_by_issuer');
    db.close();
  });

  it('migration 7 adds an empty record of one-time server steps, one row per step', async () => {
    const db = await openFile();
    migrateSqlite(db, 6);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'server_steps'").all()).toEqual([]);
    migrateSqlite(db);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteSchemaVersion);
    expect(db.prepare('SELECT * FROM server_steps').all()).toEqual([]);
    db.exec(`INSERT INTO server_steps (name, done_at) VALUES ('step-a', 10)`);
    expect(() => db.exec(`INSERT INTO server_steps (name, done_at) VALUES ('step-a', 11)`)).toThrow(/UNIQUE/);
    db.close();
  });

  it('refuses a store whose schema is newer than this server', async () => {
    const db = await openFile();
    migrateSqlite(db);
    db.pragma(`user_version = ${sqliteSchemaVersion + 1}`);
    expect(() => migrateSqlite(db)).toThrow(/newer than this server/);
    db.close();
  });

  it('skips a step another process applied while this one waited for the write lock', async () => {
    const first = await openFile();
    const second = new Database(first.name);
    // The second process read the version before the first migrated (both started together after an upgrade).
    const real = second.pragma.bind(second);
    let stale = true;
    second.pragma = (source: string, options?: Database.PragmaOptions) => {
      if (stale && source === 'user_version') {
        stale = false;
        return 0;
      }
      return real(source, options);
    };
    migrateSqlite(first);
    // Before, it ran migration 1 again under the lock and failed: "table … already exists".
    expect(() => migrateSqlite(second)).not.toThrow();
    expect(real('user_version', { simple: true })).toBe(sqliteSchemaVersion);
    second.close();
    first.close();
  });
});
