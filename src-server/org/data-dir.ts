// The server's data folder: what `fieldvault-server init` creates and
// `serve` reads. Secrets (master key, CA and server private keys, signing
// key, enrolment bundle) and the SQLite files are 0600; the folder itself is
// 0700, and opening it refuses one another user owns or others can write.
//
//   config.json              organisation id and name, host names, port, store kind
//   master.key               master key (see crypto/master-key.ts)
//   ca.pem / ca.key          organisation CA certificate / private key
//   server.pem / server.key  TLS certificate for the sync server / private key
//   signing.key              Ed25519 private key (leases, checkpoints)
//   store.db (+ -wal, -shm)  the embedded SQLite store
//   serve.lock (+ -journal)  held by the one `serve` on the SQLite store (see folder-lock.ts)
//   rotate.lock (+ -journal) held by the one `rotate-keys` run (see folder-lock.ts)
//   enrolment-bundle.json    server URL, CA and the first admin's one-time code
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DisplayName } from '../../src-shared/sync/admin-protocol';
import { writeSecretFile } from '../crypto/secret-file';
import { isHostName } from '../http/host-names';

/**
 * An organisation's or a person's name as typed by an operator (`init --name`, `--admin`): the admin API's rule
 * (admin-protocol.ts), so the console cannot make a name the API refuses: trimmed, 1–200 characters, no control
 * character (C0 or C1), line or paragraph separator, or bidirectional embedding, override or isolate.
 */
export { DisplayName };

/**
 * The organisation's name as a config.json holds it, read with the rule init applied before C1 controls and
 * bidirectional overrides were refused, so a folder initialised then still opens; init checks a new name with
 * DisplayName (init.ts).
 */
const StoredName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'A name holds no control characters');

export const DataDirConfig = z
  .object({
    version: z.literal(1),
    organisationId: z.string().min(1),
    organisationName: StoredName,
    /** Host names and addresses in the server certificate; the first is used in URLs. */
    hosts: z.array(z.string().refine(isHostName, 'A host is a host name or an IP address')).min(1),
    port: z.number().int().min(0).max(65_535),
    store: z.enum(['sqlite', 'postgres']),
  })
  .strict();
export type DataDirConfig = z.infer<typeof DataDirConfig>;

export function dataDirPaths(dataDir: string) {
  return {
    config: join(dataDir, 'config.json'),
    caCert: join(dataDir, 'ca.pem'),
    caKey: join(dataDir, 'ca.key'),
    serverCert: join(dataDir, 'server.pem'),
    serverKey: join(dataDir, 'server.key'),
    signingKey: join(dataDir, 'signing.key'),
    sqlite: join(dataDir, 'store.db'),
    bundle: join(dataDir, 'enrolment-bundle.json'),
  };
}

export function readConfig(dataDir: string): DataDirConfig {
  const path = dataDirPaths(dataDir).config;
  try {
    return DataDirConfig.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new Error(`${path} is missing or not a FieldVault server configuration; run "fieldvault-server init" first`);
  }
}

export function writeConfig(dataDir: string, config: DataDirConfig): void {
  // Not secret, but written atomically like the secrets so a crash never leaves half a file.
  writeSecretFile(dataDirPaths(dataDir).config, `${JSON.stringify(config, null, 2)}\n`);
}
