// Opens an initialised data folder for serving: refuses a folder another user
// owns or can write and private keys others can read, reads the configuration,
// master key(s), certificates and store, checks they belong together, and
// builds the SyncContext. The one composition root the CLI and tests share.
import { existsSync, readFileSync } from 'node:fs';
import { Keyring } from '../crypto/keyring';
import { loadMasterKeys } from '../crypto/master-key';
import { checkPrivateFolder, checkSecretFile, readSecretFile } from '../crypto/secret-file';
import type { ServerCertificate } from '../http/tls';
import type { Store } from '../store/store';
import { defaultSyncPolicy, type SyncContext, type SyncPolicy } from '../sync/context';
import { dataDirPaths, readConfig, type DataDirConfig } from './data-dir';
import { openConfiguredStore, type StoreChoice } from './open-store';

export interface OpenedOrganisation {
  readonly config: DataDirConfig;
  readonly ctx: SyncContext;
  readonly store: Store;
  readonly keyring: Keyring;
  readonly certificate: ServerCertificate;
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly store?: StoreChoice;
  readonly policy?: Partial<SyncPolicy>;
  readonly now?: () => number;
}

export async function openOrganisation(dataDir: string, options: OpenOptions = {}): Promise<OpenedOrganisation> {
  const folder = readOrganisationFolder(dataDir);
  const store = await openConfiguredStore(dataDir, options.store ?? { kind: folder.config.store });
  try {
    return { ...(await loadOrganisation(folder, store, options)), close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * As openOrganisation, on a store the caller opened and closes (close()
 * here leaves it open): `rotate-keys` takes the store's key-rotation lock
 * before any data key is read.
 */
export function openOrganisationOnStore(dataDir: string, store: Store, options: Omit<OpenOptions, 'store'> = {}): Promise<OpenedOrganisation> {
  return loadOrganisation(readOrganisationFolder(dataDir), store, options);
}

type OrganisationFolder = Pick<OpenedOrganisation, 'config' | 'keyring' | 'certificate'>;

/** Checks the folder and reads all of it that serving needs, before any store is opened. */
function readOrganisationFolder(dataDir: string): OrganisationFolder {
  checkPrivateFolder(dataDir);
  const config = readConfig(dataDir);
  const paths = dataDirPaths(dataDir);
  checkSecretFile(paths.signingKey);
  // The CA key may have been moved offline (see ARCHITECTURE.md); if it is here, it is guarded like the rest.
  if (existsSync(paths.caKey)) checkSecretFile(paths.caKey);
  const keyring = new Keyring(loadMasterKeys(dataDir), () => loadMasterKeys(dataDir));
  const certificate: ServerCertificate = {
    certPem: readFileSync(paths.serverCert, 'utf8'),
    keyPem: readSecretFile(paths.serverKey).toString('utf8'),
    caPem: readFileSync(paths.caCert, 'utf8'),
  };
  return { config, keyring, certificate };
}

/** Checks the store holds the folder's organisation and loads its data keys; close() leaves the store open. */
async function loadOrganisation(folder: OrganisationFolder, store: Store, options: Omit<OpenOptions, 'store'>): Promise<OpenedOrganisation> {
  const { config, keyring, certificate } = folder;
  await store.read(async (tx) => {
    const organisation = await tx.getOrganisation();
    if (organisation?.id !== config.organisationId) throw new Error('The store does not hold this data folder’s organisation');
    await keyring.load(tx);
  });
  const ctx: SyncContext = { store, keyring, now: options.now ?? Date.now, policy: { ...defaultSyncPolicy, ...options.policy } };
  return { config, ctx, store, keyring, certificate, close: () => Promise.resolve() };
}
