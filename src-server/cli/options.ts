// The command line's option values, checked before anything is opened or
// written: numbers are plain decimal digits (Number() would take "", "0x20FB"
// and "1e3"), names are not blank, hosts are host names or IP literals (not
// a bind address such as 0.0.0.0), and each failure is a CliOptionError
// saying which option is wrong and what it takes.
import { isIP } from 'node:net';
import { defaultListenHost, isHostName } from '../http/host-names';
import { DisplayName } from '../org/data-dir';
import type { StoreChoice } from '../org/open-store';

/** A command-line option that is missing or wrong: the message names the option and what it takes. */
export class CliOptionError extends Error {
  override readonly name = 'CliOptionError';
}

export function wholeNumber(value: string, option: string, min: number, max: number): number {
  const parsed = /^[0-9]{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= min && parsed <= max)) throw new CliOptionError(`${option} is a whole number from ${min} to ${max}`);
  return parsed;
}

/** `--port`: 1–65535 for init (it is written into the bundle); serve also takes 0, a free port. */
export function port(value: string | undefined, fallback: number, min: 0 | 1): number {
  return value === undefined ? fallback : wholeNumber(value, '--port', min, 65_535);
}

export function storeChoice(values: { store?: string; 'database-url'?: string }, fallback: 'sqlite' | 'postgres'): StoreChoice {
  const kind = values.store ?? fallback;
  if (kind !== 'sqlite' && kind !== 'postgres') throw new CliOptionError('--store is sqlite or postgres');
  return values['database-url'] === undefined ? { kind } : { kind, databaseUrl: values['database-url'] };
}

/**
 * The store of an existing data folder (every command but init): `--store` may name it, not another one. Before,
 * `serve --store sqlite` on a PostgreSQL folder created and migrated an empty store.db there, then failed.
 */
export function folderStoreChoice(values: { store?: string; 'database-url'?: string }, configured: 'sqlite' | 'postgres'): StoreChoice {
  const choice = storeChoice(values, configured);
  if (choice.kind !== configured) throw new CliOptionError(`This data folder's store is ${configured}: --store ${choice.kind} would open another one`);
  return choice;
}

export function dataDirOption(value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new CliOptionError('--data-dir is required');
  return value;
}

/** `--name`, `--admin`: the admin API's rule for names (DisplayName); trimmed. */
export function displayName(value: string, option: string, what: string): string {
  const parsed = DisplayName.safeParse(value);
  if (!parsed.success) {
    throw new CliOptionError(`${option} is ${what}: 1 to 200 characters, not blank, without control, line separator or bidirectional override characters`);
  }
  return parsed.data;
}

/** 0.0.0.0, :: (or [::]) and the like: addresses a server listens on for all interfaces, which no device can connect to. */
export function isUnspecifiedAddress(host: string): boolean {
  const address = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const family = isIP(address);
  if (family === 4) return address.split('.').every((part) => Number(part) === 0);
  if (family !== 6 || address.includes('%')) return false;
  const normal = new URL(`https://[${address}]/`).hostname;
  return normal === '[::]' || normal === '[::ffff:0:0]';
}

/**
 * `init --host`: the names devices connect to, which go into the certificate and the server URL. A bind address
 * (0.0.0.0, ::) is refused: given for "listen everywhere", it made a URL and certificate no device could use.
 */
export function hostNames(values: readonly string[]): string[] {
  for (const host of values) {
    if (isUnspecifiedAddress(host)) {
      throw new CliOptionError(
        `--host ${host} is an address to listen on (all interfaces), not one devices can reach: give the host name or address devices will use to connect to this server (serve listens on all interfaces when a host is not loopback; serve --listen chooses the address)`,
      );
    }
    if (!isHostName(host)) throw new CliOptionError(`--host ${JSON.stringify(host)} is not a host name or an IP address (no scheme, port, path or spaces)`);
  }
  return [...values];
}

/** A host as a certificate check compares it: DNS names without case or a final dot, IPv6 literals in one spelling. */
function hostKey(host: string): string {
  if (isIP(host) === 6) return new URL(`https://[${host}]/`).hostname;
  return host.toLowerCase().replace(/\.$/, '');
}

/**
 * `renew-certificate --host`: the names the renewed certificate carries, checked as init's. Devices hold the server
 * URL, made from the first saved host, and cannot be told another: a list without that host is refused, and that
 * host stays first (as saved) so the URL of new enrolment bundles and serve's ready line does not change.
 */
export function renewalHosts(values: readonly string[], saved: readonly string[]): string[] {
  const urlHost = saved[0];
  if (urlHost === undefined) return hostNames(values);
  const given = hostNames(values);
  if (!given.some((host) => hostKey(host) === hostKey(urlHost))) {
    throw new CliOptionError(
      `--host must include ${urlHost}: it is the host of the server URL enrolled devices hold, and they could not connect to a certificate without it (a new URL needs a new init, and every device enrolled again)`,
    );
  }
  const hosts = [urlHost];
  for (const host of given) if (!hosts.some((kept) => hostKey(kept) === hostKey(host))) hosts.push(host);
  return hosts;
}

/** The saved hosts a renewal's list leaves out: devices reaching the server by one of them will no longer connect. */
export function droppedHosts(renewed: readonly string[], saved: readonly string[]): string[] {
  return saved.filter((host) => !renewed.some((kept) => hostKey(kept) === hostKey(host)));
}

/** `--listen`, else loopback when every configured host is loopback and all interfaces otherwise. */
export function listenHost(value: string | undefined, hosts: readonly string[]): string {
  if (value === undefined) return defaultListenHost(hosts);
  const address = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIP(address) === 0) throw new CliOptionError('--listen is an IP address of this machine, or 0.0.0.0 or :: for all interfaces');
  return address;
}
