// The command line's option values, checked before anything is opened or
// written: numbers are plain decimal digits (Number() would take "", "0x20FB"
// and "1e3"), names are not blank, hosts are host names or IP literals, and
// each failure says which option is wrong and what it takes.
import { isIP } from 'node:net';
import { defaultListenHost, isHostName } from '../http/host-names';
import { DisplayName } from '../org/data-dir';
import type { StoreChoice } from '../org/open-store';

export function wholeNumber(value: string, option: string, min: number, max: number): number {
  const parsed = /^[0-9]{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= min && parsed <= max)) throw new Error(`${option} is a whole number from ${min} to ${max}`);
  return parsed;
}

/** `--port`: 1–65535 for init (it is written into the bundle); serve also takes 0, a free port. */
export function port(value: string | undefined, fallback: number, min: 0 | 1): number {
  return value === undefined ? fallback : wholeNumber(value, '--port', min, 65_535);
}

export function storeChoice(values: { store?: string; 'database-url'?: string }, fallback: 'sqlite' | 'postgres'): StoreChoice {
  const kind = values.store ?? fallback;
  if (kind !== 'sqlite' && kind !== 'postgres') throw new Error('--store is sqlite or postgres');
  return values['database-url'] === undefined ? { kind } : { kind, databaseUrl: values['database-url'] };
}

/**
 * The store of an existing data folder (every command but init): `--store` may name it, not another one. Before,
 * `serve --store sqlite` on a PostgreSQL folder created and migrated an empty store.db there, then failed.
 */
export function folderStoreChoice(values: { store?: string; 'database-url'?: string }, configured: 'sqlite' | 'postgres'): StoreChoice {
  const choice = storeChoice(values, configured);
  if (choice.kind !== configured) throw new Error(`This data folder's store is ${configured}: --store ${choice.kind} would open another one`);
  return choice;
}

export function dataDirOption(value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new Error('--data-dir is required');
  return value;
}

/** `--name`, `--admin`: 1 to 200 characters, not only spaces, no control characters; trimmed. */
export function displayName(value: string, option: string, what: string): string {
  const parsed = DisplayName.safeParse(value);
  if (!parsed.success) throw new Error(`${option} is ${what}: 1 to 200 characters, not blank, without control characters`);
  return parsed.data;
}

export function hostNames(values: readonly string[]): string[] {
  for (const host of values) {
    if (!isHostName(host)) throw new Error(`--host ${JSON.stringify(host)} is not a host name or an IP address (no scheme, port, path or spaces)`);
  }
  return [...values];
}

/** `--listen`, else loopback when every configured host is loopback and all interfaces otherwise. */
export function listenHost(value: string | undefined, hosts: readonly string[]): string {
  if (value === undefined) return defaultListenHost(hosts);
  const address = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIP(address) === 0) throw new Error('--listen is an IP address of this machine, or 0.0.0.0 or :: for all interfaces');
  return address;
}
