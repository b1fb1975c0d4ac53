import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Connection } from '../connection';
import { migrate, schemaVersion } from '../migrate';

const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';

describe('migration 0004-sync', () => {
  let dir: string;
  let connection: Connection;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-m0004-'));
    connection = await Connection.open(path.join(dir, 'vault.db'), randomBytes(32), { create: true });
  });

  afterEach(async () => {
    await connection.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds enrolment, parked values, pending acks and a reason to existing conflicts', async () => {
    await migrate(connection, 3);
    await connection.write((tx) =>
      tx.run(
        `INSERT INTO conflicts (entity, record_id, field, local_value, local_hlc, remote_value, remote_hlc, created_at)
         VALUES ('contacts', ?, 'name', '"A"', 'l', '"B"', 'r', 5)`,
        [ada],
      ),
    );

    await migrate(connection, 4);
    expect(await connection.read(schemaVersion)).toBe(4);

    // A conflict recorded before this migration was a concurrent edit.
    expect(await connection.read((tx) => tx.all('SELECT field, reason FROM conflicts'))).toEqual([{ field: 'name', reason: 'concurrent' }]);
    await expect(
      connection.write((tx) =>
        tx.run(`INSERT INTO conflicts (entity, record_id, field, local_hlc, remote_hlc, created_at, reason) VALUES ('contacts', ?, 'x', '', '', 1, 'made-up')`, [ada]),
      ),
    ).rejects.toThrow(/CHECK/);

    // One enrolment only.
    const enrol = (id: number) =>
      connection.write((tx) =>
        tx.run(
          `INSERT INTO sync_enrolment (id, server_url, ca_pem, device_id, device_token, user_id, organisation_id, organisation_name, enrolled_at)
           VALUES (?, 'https://sync.example.org', 'PEM', 'dev1', 'token', 'u1', 'o1', 'Org', 1)`,
          [id],
        ),
      );
    await enrol(1);
    await expect(enrol(2)).rejects.toThrow(/CHECK/);
    await expect(enrol(1)).rejects.toThrow(/UNIQUE|PRIMARY/);

    // Parked values are JSON, one per (record, field).
    await connection.write((tx) =>
      tx.run(`INSERT INTO sync_parked (entity, record_id, field, value, hlc, commit_seq) VALUES ('contacts', ?, 'nickname', '"Ada"', 'h', 3)`, [ada]),
    );
    await expect(
      connection.write((tx) =>
        tx.run(`INSERT INTO sync_parked (entity, record_id, field, value, hlc, commit_seq) VALUES ('contacts', ?, 'other', 'not json', 'h', 3)`, [ada]),
      ),
    ).rejects.toThrow(/CHECK/);
    await connection.write((tx) => tx.run(`INSERT INTO sync_pending_acks (entity, record_id) VALUES ('contacts', ?)`, [ada]));
    await expect(connection.write((tx) => tx.run(`INSERT INTO sync_pending_acks (entity, record_id) VALUES ('contacts', ?)`, [ada]))).rejects.toThrow(
      /UNIQUE|PRIMARY/,
    );
  });
});
