// `fieldvault-server init`: creates an organisation in an empty data folder:
// master key, organisation CA, server certificate, Ed25519 signing key, the
// store with its first data key and blind-index key, the first admin user,
// and a one-time enrolment code (printed by the CLI and written, with the
// server URL and CA, to enrolment-bundle.json for the first device).
// It checks all it can before its first write, and a failure after that
// removes what it wrote, so a failed init never leaves a folder init refuses.
import { chmodSync, existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { EnrolmentBundle } from '../../src-shared/sync/protocol';
import { Keyring } from '../crypto/keyring';
import { hostPort } from '../http/host-names';
import { MasterKey, masterKeyFileName } from '../crypto/master-key';
import { writeSecretFile } from '../crypto/secret-file';
import { createOrganisationCa, issueServerCertificate } from '../pki/certificates';
import { generateSigningKey } from '../pki/signing-key';
import { consoleActor, createUser } from '../sync/admin';
import { serverCertificateDays } from './server-certificate';
import { createEnrolmentCode } from '../sync/devices';
import { DataDirConfig, DisplayName, dataDirPaths, writeConfig } from './data-dir';
import { openConfiguredStore, resolveStoreChoice, type StoreChoice } from './open-store';
import { dirname, join, resolve } from 'node:path';

export interface InitOptions {
  readonly dataDir: string;
  readonly organisationName: string;
  readonly adminName: string;
  readonly hosts: readonly string[];
  readonly port: number;
  readonly store: StoreChoice;
  readonly now?: number;
  /** How long the first enrolment code stays valid (default 7 days). */
  readonly codeValidForMs?: number;
}

export interface InitResult {
  readonly organisationId: string;
  readonly adminUserId: string;
  readonly enrolmentCode: string;
  readonly bundlePath: string;
  readonly caCertificatePem: string;
}

export const serverUrlOf = (hosts: readonly string[], port: number): string => `https://${hostPort(hosts[0] ?? '127.0.0.1', port)}`;

/** The configuration init will write, checked before anything is written. */
function checkedSettings(options: InitOptions, organisationId: string): { config: DataDirConfig; adminName: string } {
  const config = DataDirConfig.safeParse({
    version: 1,
    organisationId,
    organisationName: options.organisationName,
    hosts: [...options.hosts],
    port: options.port,
    store: options.store.kind,
  } satisfies DataDirConfig);
  const adminName = DisplayName.safeParse(options.adminName);
  // The config's own check is the older, laxer one (data-dir.ts StoredName); a new name meets the API's rule.
  const organisationName = DisplayName.safeParse(options.organisationName);
  if (!config.success) throw new Error(`The organisation's settings are not valid: ${config.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  if (!organisationName.success) throw new Error(`The organisation's settings are not valid: organisationName: ${organisationName.error.issues.map((issue) => issue.message).join('; ')}`);
  if (!adminName.success) throw new Error(`The first admin needs a name of 1 to 200 characters: ${adminName.error.issues.map((issue) => issue.message).join('; ')}`);
  return { config: config.data, adminName: adminName.data };
}

/** Creates the data folder if need be and checks it is empty; returns the first folder this call created, if any. */
function prepareEmptyFolder(dataDir: string): string | undefined {
  const created = mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(dataDirPaths(dataDir).config) || existsSync(join(dataDir, masterKeyFileName))) {
    throw new Error(`${dataDir} already holds an organisation; use an empty folder`);
  }
  if (readdirSync(dataDir).length > 0) throw new Error(`${dataDir} is not empty; use an empty folder`);
  // mkdirSync's mode applies only to a folder it creates; an existing one may be 0777.
  if (process.platform !== 'win32') chmodSync(dataDir, 0o700);
  return created;
}

/** Undoes a failed init: removes the files it wrote and the folders it created (only if they are empty again). */
function removeWritten(written: readonly string[], dataDir: string, createdFolder: string | undefined): void {
  for (const path of written) rmSync(path, { force: true });
  if (createdFolder === undefined) return;
  for (let folder = resolve(dataDir); ; folder = dirname(folder)) {
    try {
      rmdirSync(folder);
    } catch {
      return; // not empty: someone else put something there
    }
    if (folder === resolve(createdFolder)) return;
  }
}

/**
 * Everything that can be checked is checked before the first write (settings,
 * an empty folder, a postgres URL); a failure after it removes what this call
 * wrote, so init can simply be run again.
 */
export async function initOrganisation(options: InitOptions): Promise<InitResult> {
  const now = options.now ?? Date.now();
  const { dataDir } = options;
  const organisationId = `org-${randomBytes(8).toString('hex')}`;
  const { config, adminName } = checkedSettings(options, organisationId);
  const storeChoice = resolveStoreChoice(options.store);
  const createdFolder = prepareEmptyFolder(dataDir);
  const written: string[] = [];
  try {
    return await writeOrganisation({ ...options, store: storeChoice }, config, adminName, now, written);
  } catch (error) {
    removeWritten(written, dataDir, createdFolder);
    throw error;
  }
}

/** Writes the organisation into an empty, checked folder, recording each path in `written` before it is written. */
async function writeOrganisation(options: InitOptions, config: DataDirConfig, adminName: string, now: number, written: string[]): Promise<InitResult> {
  const { dataDir } = options;
  const { organisationId } = config;
  const paths = dataDirPaths(dataDir);
  const master = MasterKey.generate();
  recordWrite(written, join(dataDir, masterKeyFileName), (path) => master.save(path, 'create'));
  const ca = await createOrganisationCa(config.organisationName, 3650, now);
  recordWrite(written, paths.caCert, (path) => writeFileSync(path, ca.certPem, { mode: 0o644, flag: 'wx' }));
  recordWrite(written, paths.caKey, (path) => writeSecretFile(path, ca.keyPem, 'create'));
  const server = await issueServerCertificate(ca, config.hosts, serverCertificateDays, now);
  recordWrite(written, paths.serverCert, (path) => writeFileSync(path, server.certPem, { mode: 0o644, flag: 'wx' }));
  recordWrite(written, paths.serverKey, (path) => writeSecretFile(path, server.keyPem, 'create'));
  const signing = generateSigningKey();
  recordWrite(written, paths.signingKey, (path) => writeSecretFile(path, signing.privateKeyPem, 'create'));

  if (options.store.kind === 'sqlite') written.push(...sqliteFiles(paths.sqlite));
  const store = await openConfiguredStore(dataDir, options.store);
  try {
    const keyring = new Keyring([master]);
    const { adminUserId, enrolmentCode } = await store.transaction(async (tx) => {
      if ((await tx.getOrganisation()) !== null) throw new Error('The database already holds an organisation');
      await tx.putOrganisation({ id: organisationId, name: config.organisationName, caCertificatePem: ca.certPem, signingPublicKeyPem: signing.publicKeyPem, createdAt: now });
      await keyring.initialise(tx, now);
      // Commit 1 marks the organisation's creation, so every device's enrolment head is ≥ 1 (see pull.ts).
      await tx.allocateCommit({ kind: 'admin', deviceId: null, userId: null, at: now });
      const { userId } = await createUser(tx, consoleActor('operator'), adminName, true, now);
      const { code } = await createEnrolmentCode(tx, userId, now, options.codeValidForMs ?? 7 * 86_400_000);
      return { adminUserId: userId, enrolmentCode: code };
    });
    written.push(paths.config);
    writeConfig(dataDir, config);
    const bundle: EnrolmentBundle = {
      serverUrl: serverUrlOf(config.hosts, config.port),
      caCertificatePem: ca.certPem,
      enrolmentCode,
      organisationId,
      organisationName: config.organisationName,
    };
    written.push(paths.bundle);
    writeSecretFile(paths.bundle, `${JSON.stringify(bundle, null, 2)}\n`);
    return { organisationId, adminUserId, enrolmentCode, bundlePath: paths.bundle, caCertificatePem: ca.certPem };
  } finally {
    await store.close();
  }
}

/** Runs a create-only write and records its path, unless the file was there already (EEXIST: not this run's). */
function recordWrite(written: string[], path: string, write: (path: string) => void): void {
  try {
    write(path);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) written.push(path);
    throw error;
  }
  written.push(path);
}

const sqliteFiles = (path: string): string[] => [path, `${path}-wal`, `${path}-shm`, `${path}-journal`];
