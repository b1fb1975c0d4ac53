// DEK rotation with a crash-safe order: (1) checkpoint, (2) header gains the
// new DEK's wrap as `pending`, (3) PRAGMA rekey (one SQLite transaction, then
// checkpointed to the main file), (4) `pending` is promoted to `current`.
// Whatever step a crash interrupts, one of the two wraps matches the database
// and unlock (open-vault-database.ts) tries both.
//
// WAL and rekey: SQLCipher keeps its key salt in the main file and does not
// change it on rekey, so PRAGMA rekey works in WAL mode: it writes every page,
// re-encrypted, into the WAL as one transaction. Measured and SIGKILL-tested
// (tests/integration/rotation-crash.test.ts), so the journal mode stays WAL.
import { AppError } from '../../src-shared/ipc/errors';
import type { Logger } from '../log/logger';
import type { Connection } from './connection';
import { randomKey, unwrapKey, wrapKey } from './key-crypto';
import { settledHeader, writeHeader, type VaultHeader } from './vault-header';

/** A rotation asked for while one runs: refused, as it would queue another pass over every page for nothing. */
export class RotationRunningError extends AppError {
  constructor() {
    super('BUSY', 'The encryption key is already being rotated. Wait for it to finish.');
  }
}

export interface RotationInput {
  readonly dataDir: string;
  readonly header: VaultHeader;
  readonly connection: Connection;
  readonly kek: Buffer;
  readonly log: Logger;
}

/**
 * Puts the database under a new DEK, now the header's current wrap too. The connection's rekey hands it to
 * the connection's key source (the vault's VaultKey), which from then on owns it.
 */
export async function rotateDataKey({ dataDir, header, connection, kek, log }: RotationInput): Promise<void> {
  // The key held in memory must still be the one the header's password derives (a password change whose header
  // landed while this process could not tell, or another process's change): wrapped with another, the new DEK
  // would sit beside KDF parameters from which no password derives its key, and the vault would never open again.
  unwrapKey(kek, header.current, header.vaultId).fill(0);
  const newDek = randomKey();
  const pending = wrapKey(kek, newDek, header.vaultId, header.current.generation + 1);
  // Phase markers: ids and counters only. The crash test aims its kills with them.
  const phase = (name: string) => log.log('debug', 'vault.rotation', { phase: name, generation: pending.generation });
  try {
    phase('begin');
    await connection.checkpoint();
    await writeHeader(dataDir, { ...header, pending });
    phase('pendingWritten');
    await connection.rekey(newDek);
    phase('rekeyed');
    await writeHeader(dataDir, settledHeader(header, pending));
    phase('promoted');
  } catch (error) {
    // Also when the rekey handed it over: the vault locks after a failed rotation, and the next unlock reads the header.
    newDek.fill(0);
    throw error;
  }
}
