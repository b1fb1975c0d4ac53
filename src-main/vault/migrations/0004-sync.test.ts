import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { useFreshConnection } from '../fixtures/fresh-connection';

const ada = '0190a5d0-ac96-774b-bcce-b302099a8057';

describe('migration 0004-sync', () => {
  const vault = useFreshConnection('m0004');

  it('adds enrolment, parked values, pending acks and a reason to existing conflicts', async () => {
    await migrate(vault.connection, 3);
    await vault.connection.write((tx) =>
      tx.run(
        `INSERT INTO conflicts (entity, record_id, field, local_value, local_hlc, remote_value, remote_hlc, created_at)
         VALUES ('contacts', ?, 'name', '"A"', 'l', '"B"', 'r', 5)`,
        [ada],
      ),
    );

    await migrate(vault.connection, 4);
    expect(await vault.connection.read(schemaVersion)).toBe(4);

    // A conflict recorded before this migration was a concurrent edit.
    expect(await vault.connection.read((tx) => tx.all('SELECT field, reason FROM conflicts'))).toEqual([{ field: 'name', reason: 'concurrent' }]);
    await expect(
      vault.connection.write((tx) =>
        tx.run(`INSERT INTO conflicts (entity, record_id, field, local_hlc, remote_hlc, created_at, reason) VALUES ('contacts', ?, 'x', '', '', 1, 'made-up')`, [ada]),
      ),
    ).rejects.toThrow(/CHECK/);

    // One enrolment only.
    const enrol = (id: number) =>
      vault.connection.write((tx) =>
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
    await vault.connection.write((tx) =>
      tx.run(`INSERT INTO sync_parked (entity, record_id, field, value, hlc, commit_seq) VALUES ('contacts', ?, 'nickname', '"Ada"', 'h', 3)`, [ada]),
    );
    await expect(
      vault.connection.write((tx) =>
        tx.run(`INSERT INTO sync_parked (entity, record_id, field, value, hlc, commit_seq) VALUES ('contacts', ?, 'other', 'not json', 'h', 3)`, [ada]),
      ),
    ).rejects.toThrow(/CHECK/);
    await vault.connection.write((tx) => tx.run(`INSERT INTO sync_pending_acks (entity, record_id) VALUES ('contacts', ?)`, [ada]));
    await expect(vault.connection.write((tx) => tx.run(`INSERT INTO sync_pending_acks (entity, record_id) VALUES ('contacts', ?)`, [ada]))).rejects.toThrow(
      /UNIQUE|PRIMARY/,
    );
  });
});
