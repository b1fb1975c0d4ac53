// Whether the PostgreSQL connection a command is about to open crosses a
// network in clear, checked before anything is opened or written. node-pg
// speaks plaintext unless the URL's sslmode (or PGSSLMODE) asks for TLS, and
// over that connection go sealed records, device token hashes, the login's
// password, and answers that anyone on the path could rewrite. So a database
// host that is not this machine (loopback, or a unix socket) is refused
// unless TLS is asked for; `--allow-plaintext-database` or
// FIELDVAULT_ALLOW_PLAINTEXT_DATABASE=1 keeps a setup that relies on its
// network instead (a private link, a sidecar, a VPN) working, said in a log
// line at every start. A warning alone would go unread in a server's log.
//
// The host and the TLS setting are read the way pg 8 (pg-connection-string)
// reads them, so the check decides on what pg will actually do.
import { isLoopbackHost } from '../http/host-names';
import { resolveStoreChoice, type StoreChoice } from '../org/open-store';

export const allowPlaintextDatabaseEnv = 'FIELDVAULT_ALLOW_PLAINTEXT_DATABASE';

/** The sslmode values that make pg connect over TLS or fail (libpq's names; verify-full is the one to use). */
const tlsModes: ReadonlySet<string> = new Set(['require', 'verify-ca', 'verify-full']);

/** URL parameters with which pg settles TLS from the URL alone, ignoring PGSSLMODE. */
const urlTlsParameters = ['ssl', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert'] as const;

export type DatabaseTransport =
  /** The database is on this machine: loopback or a unix socket. */
  | { readonly kind: 'local'; readonly host: string }
  | { readonly kind: 'tls'; readonly sslmode: string }
  /** host: null when the URL cannot be read (pg would not connect either). */
  | { readonly kind: 'plaintext'; readonly host: string | null };

export interface DatabaseEnv {
  readonly PGSSLMODE?: string;
  readonly PGHOST?: string;
}

/** The URL as pg parses it: relative to `postgres://base`, with a host-less `user@/db` retried with a placeholder host. */
function parseLikePg(databaseUrl: string): { url: URL; hostless: boolean } | null {
  const text = / |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(databaseUrl) ? encodeURI(databaseUrl).replace(/%25(\d\d)/g, '%$1') : databaseUrl;
  try {
    return { url: new URL(text, 'postgres://base'), hostless: false };
  } catch {
    try {
      return { url: new URL(text.replace('@/', '@___DUMMY___/'), 'postgres://base'), hostless: true };
    } catch {
      return null;
    }
  }
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The host pg connects to: a `host` query parameter, else the URL's host, else PGHOST, else localhost (pg's default). */
function hostOf(parsed: { url: URL; hostless: boolean }, env: DatabaseEnv): string {
  const { url } = parsed;
  if (url.protocol === 'socket:') return decodeURI(url.pathname);
  const query = url.searchParams.get('host');
  if (query !== null && query !== '') return query;
  const hostname = parsed.hostless ? '' : decoded(url.hostname.replace(/^\[(.+)\]$/, '$1'));
  if (hostname !== '') return hostname;
  return env.PGHOST !== undefined && env.PGHOST !== '' ? env.PGHOST : 'localhost';
}

/** The sslmode that applies: the URL's, else PGSSLMODE unless the URL settles TLS another way (pg then ignores it). */
function sslmodeOf(url: URL | null, env: DatabaseEnv): string | null {
  const fromUrl = url?.searchParams.get('sslmode');
  if (fromUrl !== null && fromUrl !== undefined) return fromUrl;
  if (url !== null && urlTlsParameters.some((name) => url.searchParams.has(name))) return null;
  return env.PGSSLMODE ?? null;
}

const isLocalHost = (host: string): boolean => host.startsWith('/') || isLoopbackHost(host);

/** How a connection to this URL travels. */
export function databaseTransport(databaseUrl: string, env: DatabaseEnv): DatabaseTransport {
  // pg's other form: a unix socket's folder, then the database name.
  if (databaseUrl.startsWith('/')) return { kind: 'local', host: databaseUrl.split(' ')[0] ?? databaseUrl };
  const parsed = parseLikePg(databaseUrl);
  const sslmode = sslmodeOf(parsed?.url ?? null, env);
  if (sslmode !== null && tlsModes.has(sslmode)) return { kind: 'tls', sslmode };
  if (parsed === null) return { kind: 'plaintext', host: null };
  const host = hostOf(parsed, env);
  return isLocalHost(host) ? { kind: 'local', host } : { kind: 'plaintext', host };
}

export function plaintextDatabaseMessage(host: string | null): string {
  return (
    `The PostgreSQL connection to ${host === null ? 'the database URL’s host' : `host ${host}`} would not be encrypted: sealed records, device token hashes and the database password would cross the network in clear, and anyone on the path could change what the server reads. ` +
    `Add sslmode=verify-full to the database URL (with sslrootcert=FILE for a private CA), or set PGSSLMODE=verify-full. ` +
    `To connect without TLS anyway (a network you trust end to end), pass --allow-plaintext-database or set ${allowPlaintextDatabaseEnv}=1.`
  );
}

export interface TransportCheck {
  /** --allow-plaintext-database was given. */
  readonly allowFlag: boolean;
  readonly env: DatabaseEnv & { readonly FIELDVAULT_ALLOW_PLAINTEXT_DATABASE?: string };
}

/**
 * How the store's connection would travel (null: the SQLite store); throws, before anything is opened, when it is
 * PostgreSQL on another machine without TLS and no override was given. A `plaintext` answer is one the override
 * let through: the caller logs it.
 */
export function checkDatabaseTransport(choice: StoreChoice, check: TransportCheck): DatabaseTransport | null {
  if (choice.kind !== 'postgres') return null;
  const { databaseUrl } = resolveStoreChoice(choice);
  if (databaseUrl === undefined) return null;
  const transport = databaseTransport(databaseUrl, check.env);
  if (transport.kind === 'plaintext' && !check.allowFlag && check.env.FIELDVAULT_ALLOW_PLAINTEXT_DATABASE !== '1') {
    throw new Error(plaintextDatabaseMessage(transport.host));
  }
  return transport;
}
