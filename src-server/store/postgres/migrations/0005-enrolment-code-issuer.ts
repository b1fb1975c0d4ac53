// Migration 0005: an enrolment code names the admin device that issued it
// (NULL: the operator at the server's console, and every code issued before
// this migration), and a code can be cancelled unused (the embedded store's
// migration 6 does the same). Revoking a device cancels the codes it issued,
// in the same transaction, so a stolen admin laptop's codes die with it; an
// admin can also cancel every unused code of one user.
import type { PostgresMigration } from './migration';

export const migration0005: PostgresMigration = {
  version: 5,
  name: 'enrolment code issuer',
  statements: [
    `ALTER TABLE enrolment_codes ADD COLUMN issued_by_device_id text COLLATE "C", ADD COLUMN cancelled_at bigint`,
    `CREATE INDEX enrolment_codes_by_issuer ON enrolment_codes (issued_by_device_id) WHERE issued_by_device_id IS NOT NULL`,
    `CREATE INDEX enrolment_codes_by_user ON enrolment_codes (user_id)`,
  ],
};
