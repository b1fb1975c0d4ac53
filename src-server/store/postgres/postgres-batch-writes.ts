// The batched writes of a push on PostgreSQL (StoreTx.insertRecords,
// updateRecordSeals, replaceBlindIndexes): each one statement over unnest()
// arrays, so a push of 500 new records costs a few round trips to the
// database instead of 1,500. Each behaves as the single-row method applied to
// every element in order (later elements for the same key win).
import type { RecordKey, RecordRow, SealedValue } from '../rows';
import type { SqlRunner } from './postgres-sql';

export async function insertRecords(sql: SqlRunner, rows: readonly RecordRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql.rows(
    `INSERT INTO records (entity, record_id, owner_user_id, team_id, territory_id, created_seq, bucket_seq, deleted_seq, delete_hlc, key_id, ciphertext)
     SELECT a, b, c, d, e, f, g, h, i, j, k FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[], $10::text[], $11::bytea[])
       WITH ORDINALITY AS t(a, b, c, d, e, f, g, h, i, j, k, n)
     ORDER BY n`,
    [
      rows.map((row) => row.entity),
      rows.map((row) => row.recordId),
      rows.map((row) => row.ownerUserId),
      rows.map((row) => row.teamId),
      rows.map((row) => row.territoryId),
      rows.map((row) => row.createdSeq),
      rows.map((row) => row.bucketSeq),
      rows.map((row) => row.deletedSeq),
      rows.map((row) => row.deleteHlc),
      rows.map((row) => row.sealed?.keyId ?? null),
      rows.map((row) => (row.sealed === null ? null : Buffer.from(row.sealed.ciphertext))),
    ],
  );
}

export async function updateRecordSeals(sql: SqlRunner, rows: readonly { readonly key: RecordKey; readonly sealed: SealedValue }[]): Promise<void> {
  if (rows.length === 0) return;
  // Later entries for the same record win, as a sequence of updates would.
  const latest = new Map(rows.map((row) => [JSON.stringify([row.key.entity, row.key.recordId]), row]));
  const batch = [...latest.values()];
  await sql.rows(
    `UPDATE records r SET key_id = u.key_id, ciphertext = u.ciphertext
     FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[]) AS u(entity, record_id, key_id, ciphertext)
     WHERE r.entity = u.entity AND r.record_id = u.record_id AND r.deleted_seq IS NULL`,
    [batch.map((row) => row.key.entity), batch.map((row) => row.key.recordId), batch.map((row) => row.sealed.keyId), batch.map((row) => Buffer.from(row.sealed.ciphertext))],
  );
}

export async function replaceBlindIndexes(sql: SqlRunner, rows: readonly { readonly key: RecordKey; readonly field: string; readonly digests: readonly string[] }[]): Promise<void> {
  if (rows.length === 0) return;
  // The last entry for each (record, field) decides, as a sequence of replacements would.
  const latest = new Map(rows.map((row) => [JSON.stringify([row.key.entity, row.key.recordId, row.field]), row]));
  const batch = [...latest.values()];
  await sql.rows(
    `DELETE FROM blind_index b USING unnest($1::text[], $2::text[], $3::text[]) AS d(entity, record_id, field)
     WHERE b.entity = d.entity AND b.record_id = d.record_id AND b.field = d.field`,
    [batch.map((row) => row.key.entity), batch.map((row) => row.key.recordId), batch.map((row) => row.field)],
  );
  const digests = batch.flatMap((row) => [...new Set(row.digests)].map((digest) => ({ ...row, digest })));
  if (digests.length === 0) return;
  await sql.rows(
    `INSERT INTO blind_index (entity, record_id, field, digest)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [digests.map((row) => row.key.entity), digests.map((row) => row.key.recordId), digests.map((row) => row.field), digests.map((row) => row.digest)],
  );
}
