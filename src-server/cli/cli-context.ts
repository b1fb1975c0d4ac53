// What the `fieldvault-server` commands share: stdout for their results and
// stderr for everything else (JSON log lines, errors), the store options
// every command that opens the store takes, and opening the folder's
// organisation once the database connection passed the TLS check
// (database-tls.ts).
import type { ServerLog } from '../http/server';
import { readConfig } from '../org/data-dir';
import { openOrganisation, type OpenedOrganisation } from '../org/open';
import type { StoreChoice } from '../org/open-store';
import { checkDatabaseTransport } from './database-tls';
import { folderStoreChoice } from './options';

export const out = (line: string): void => void process.stdout.write(`${line}\n`);
export const err = (line: string): void => void process.stderr.write(`${line}\n`);

export const storeOptions = { store: { type: 'string' }, 'database-url': { type: 'string' }, 'allow-plaintext-database': { type: 'boolean' } } as const;

export type StoreValues = { store?: string; 'database-url'?: string; 'allow-plaintext-database'?: boolean };

export const jsonLog: ServerLog = (event, fields) => err(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));

/** An erase's WAL checkpoint that failed other than on a lock: its SQLite code only; it stays owed (sqlite-checkpoint.ts). */
export const checkpointFailedLog = (code: string): void => jsonLog('store.checkpoint_failed', { code });

/**
 * The store choice once its PostgreSQL connection passed the TLS check (database-tls.ts), before anything is opened
 * or written; a plaintext connection to another machine that the override let through is logged at every start.
 */
export function transportChecked(choice: StoreChoice, values: StoreValues): StoreChoice {
  const transport = checkDatabaseTransport(choice, { allowFlag: values['allow-plaintext-database'] === true, env: process.env });
  if (transport?.kind === 'plaintext') jsonLog('store.plaintext_database', { host: transport.host });
  return choice;
}

/** Opens the folder's organisation on its configured store, or the one --store and --database-url name. */
export function openWithStoreOptions(dataDir: string, values: StoreValues): Promise<OpenedOrganisation> {
  return openOrganisation(dataDir, { store: { ...transportChecked(folderStoreChoice(values, readConfig(dataDir).store), values), onCheckpointFailed: checkpointFailedLog } });
}

/**
 * The user the console's admin changes are recorded under (the audit trail's `userId`): the organisation's first
 * admin, the one `init` created unless it was demoted since.
 */
export async function consoleAdminId(org: OpenedOrganisation): Promise<string> {
  const admins = (await org.store.read((tx) => tx.listUsers())).filter((user) => user.isAdmin).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const first = admins[0];
  if (first === undefined) throw new Error('The organisation has no admin user to record the change under');
  return first.id;
}
