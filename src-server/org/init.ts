// `fieldvault-server init`: creates an organisation in an empty data folder:
// master key, organisation CA, server certificate, Ed25519 signing key, the
// store with its first data key and blind-index key, the first admin user,
// and a one-time enrolment code (printed by the CLI and written, with the
// server URL and CA, to enrolment-bundle.json for the first device).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { EnrolmentBundle } from '../../src-shared/sync/protocol';
import { Keyring } from '../crypto/keyring';
import { hostPort } from '../http/host-names';
import { MasterKey, masterKeyFileName } from '../crypto/master-key';
import { writeSecretFile } from '../crypto/secret-file';
import { createOrganisationCa, issueServerCertificate } from '../pki/certificates';
import { generateSigningKey, saveSigningKey } from '../pki/signing-key';
import { createUser } from '../sync/admin';
import { createEnrolmentCode } from '../sync/devices';
import { DataDirConfig, DisplayName, dataDirPaths, writeConfig } from './data-dir';
import { openConfiguredStore, type StoreChoice } from './open-store';
import { join } from 'node:path';

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
  if (!config.success) throw new Error(`The organisation's settings are not valid: ${config.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  if (!adminName.success) throw new Error('The first admin needs a name of 1 to 200 characters');
  return { config: config.data, adminName: adminName.data };
}

export async function initOrganisation(options: InitOptions): Promise<InitResult> {
  const now = options.now ?? Date.now();
  const { dataDir } = options;
  const organisationId = `org-${randomBytes(8).toString('hex')}`;
  const { config, adminName } = checkedSettings(options, organisationId);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(dataDirPaths(dataDir).config) || existsSync(join(dataDir, masterKeyFileName))) {
    throw new Error(`${dataDir} already holds an organisation; use an empty folder`);
  }
  if (readdirSync(dataDir).length > 0) throw new Error(`${dataDir} is not empty; use an empty folder`);
  const paths = dataDirPaths(dataDir);

  const master = MasterKey.generate();
  master.save(join(dataDir, masterKeyFileName));
  const ca = await createOrganisationCa(config.organisationName, 3650, now);
  writeFileSync(paths.caCert, ca.certPem, { mode: 0o644 });
  writeSecretFile(paths.caKey, ca.keyPem);
  const server = await issueServerCertificate(ca, config.hosts, 825, now);
  writeFileSync(paths.serverCert, server.certPem, { mode: 0o644 });
  writeSecretFile(paths.serverKey, server.keyPem);
  const signing = generateSigningKey();
  saveSigningKey(paths.signingKey, signing);

  const store = await openConfiguredStore(dataDir, options.store);
  try {
    const keyring = new Keyring([master]);
    const { adminUserId, enrolmentCode } = await store.transaction(async (tx) => {
      if ((await tx.getOrganisation()) !== null) throw new Error('The database already holds an organisation');
      await tx.putOrganisation({ id: organisationId, name: config.organisationName, caCertificatePem: ca.certPem, signingPublicKeyPem: signing.publicKeyPem, createdAt: now });
      await keyring.initialise(tx, now);
      // Commit 1 marks the organisation's creation, so every device's enrolment head is ≥ 1 (see pull.ts).
      await tx.allocateCommit({ kind: 'admin', deviceId: null, userId: null, at: now });
      const { userId } = await createUser(tx, adminName, true, now);
      const { code } = await createEnrolmentCode(tx, userId, now, options.codeValidForMs ?? 7 * 86_400_000);
      return { adminUserId: userId, enrolmentCode: code };
    });
    writeConfig(dataDir, config);
    const bundle: EnrolmentBundle = {
      serverUrl: serverUrlOf(config.hosts, config.port),
      caCertificatePem: ca.certPem,
      enrolmentCode,
      organisationId,
      organisationName: config.organisationName,
    };
    writeSecretFile(paths.bundle, `${JSON.stringify(bundle, null, 2)}\n`);
    return { organisationId, adminUserId, enrolmentCode, bundlePath: paths.bundle, caCertificatePem: ca.certPem };
  } finally {
    await store.close();
  }
}
