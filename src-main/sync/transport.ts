// HTTPS to the organisation's sync server. The only trust anchor is the
// organisation CA received at enrolment: `ca` replaces Node's bundled roots
// (and NODE_EXTRA_CA_CERTS), so a certificate from any other CA is refused even
// when a system store would trust it. Every request carries the device token
// and the protocol and schema versions; every answer is size-capped, timed out
// and zod-parsed before anyone sees it. Failures become typed errors.
//
// A request times out when no byte of it has moved (body written, answer
// read) for the idle timeout, not when the whole exchange takes that long:
// a 1 MiB push needs more than 30 s below about 280 kbit/s, and a deadline
// on the whole exchange failed it on every try. A generous cap on the whole
// request stays, so an answer trickling in just inside each idle window
// cannot hold the session's one sync cycle for good.
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import { StringDecoder } from 'node:string_decoder';
import type { z } from 'zod';
import { certificateHostNamePattern, maxListedHostNames } from '../../src-shared/ipc/reasons';
import { protocolHeader, schemaHeader, SyncErrorBody } from '../../src-shared/sync/protocol';
import { DeviceRevokedError, SyncNetworkError, SyncServerError, UpgradeRequiredError, type NetworkFailure } from './errors';
import { laterTurn } from './event-loop';

export interface TransportOptions {
  /** https://host:port of the sync server, from the enrolment bundle. */
  readonly serverUrl: string;
  /** The organisation CA certificate (PEM), from the enrolment bundle. */
  readonly caPem: string;
  readonly protocolVersion: number;
  readonly schemaVersion: number;
  /** The device's bearer token; null before enrolment completes. */
  readonly deviceToken: string | null;
  /** Idle timeout: how long a request may go without a byte of it written or read (default 30 s). */
  readonly timeoutMs?: number;
  /** The longest a whole request may take, however steadily its bytes move (default 5 minutes). */
  readonly maxRequestMs?: number;
  /** Largest answer accepted (default 64 MiB: a pull page of a few thousand rows with long notes). */
  readonly maxResponseBytes?: number;
}

export interface RequestOptions<S extends z.ZodType> {
  readonly method: 'GET' | 'POST';
  /** Absolute path on the server, e.g. /v1/push. */
  readonly path: string;
  readonly body?: unknown;
  readonly response: S;
  /** Headers of this request beside the ones every request carries (which they cannot replace). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Idle timeout of this request (a long poll's wait moves no byte). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** How long a request may go without a byte moving before the device gives up on it (the sync server's waits stay under it). */
export const defaultRequestTimeoutMs = 30_000;
/** The longest a whole request may take: a 64 MiB answer at about 2 Mbit/s; a push batch shrinks after a timeout (push-pace.ts), a pull page too. */
export const defaultMaxRequestMs = 5 * 60_000;
const defaultMaxResponseBytes = 64 * 1024 * 1024;
/** A request body is written in pieces of this size, each one written restarting the idle timeout. */
const bodyChunkBytes = 64 * 1024;

/** TLS errors that mean "this certificate is not one we trust", as OpenSSL/Node name them. */
const certificateErrors = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

/**
 * TLS errors that mean "this certificate does not name the address asked for". Node checks the name only once the
 * chain is trusted, so from the organisation CA this is a right certificate reached at a wrong address (an IP address
 * where the certificate names a DNS name): said as such, with the names it carries, not as another CA's certificate.
 */
const hostErrors = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);

/**
 * Date errors of a certificate, which say more than "not one we trust" when the organisation CA issued it (a server
 * certificate nobody renewed, or this computer's clock far off). OpenSSL reports the last error its check found, so
 * a chain it could not build (a hotel Wi-Fi's sign-in page) ends on a date error too when its certificate is out of
 * date: the certificate is checked against the CA before the date is named.
 */
const dateErrors = new Map<string, NetworkFailure>([
  ['CERT_HAS_EXPIRED', 'certificate_expired'],
  ['CERT_NOT_YET_VALID', 'certificate_not_yet_valid'],
]);

/**
 * Whoever answered did not speak TLS, or broke off the handshake: most often a hotel or guest Wi-Fi's sign-in page
 * answering port 443 in plain HTTP until the user signs in (Node's OpenSSL says EPROTO, "wrong version number";
 * Electron's BoringSSL ERR_SSL_WRONG_VERSION_NUMBER and its kin). Said with the sign-in advice, not as unreachable.
 */
function isTlsProtocolError(code: string): boolean {
  return code === 'EPROTO' || code.startsWith('ERR_SSL_');
}

function issuedBy(peer: X509Certificate, ca: X509Certificate): boolean {
  return peer.checkIssued(ca) && peer.verify(ca.publicKey);
}

/** The DNS names and IP addresses a certificate names (its subjectAltName, as Node writes it: "DNS:a, IP Address:b"). */
export function certificateHostNames(certificate: X509Certificate): string[] {
  const names: string[] = [];
  for (const entry of (certificate.subjectAltName ?? '').split(', ')) {
    const name = /^(?:DNS|IP Address):(.*)$/.exec(entry)?.[1];
    if (name !== undefined && certificateHostNamePattern.test(name) && !names.includes(name)) names.push(name);
  }
  return names.slice(0, maxListedHostNames);
}

function errorCode(error: unknown): string {
  const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : '';
}

/** Parses and checks the server URL: https only, no credentials, no path beyond "/". */
export function parseServerUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('The sync server address is not a URL');
  }
  if (url.protocol !== 'https:') throw new Error('The sync server address must use https');
  if (url.username !== '' || url.password !== '') throw new Error('The sync server address must not hold credentials');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') throw new Error('The sync server address must be an origin');
  return url;
}

interface Exchanged {
  readonly status: number;
  readonly body: string;
  /** The answer's Retry-After header, if any. */
  readonly retryAfter: string | undefined;
}

export class SyncTransport {
  readonly #origin: URL;
  readonly #agent: https.Agent;
  readonly #options: TransportOptions;
  #closed = false;
  #ca: X509Certificate | null = null;

  constructor(options: TransportOptions) {
    this.#origin = parseServerUrl(options.serverUrl);
    this.#options = options;
    this.#agent = new https.Agent({
      keepAlive: true,
      maxSockets: 4,
      ca: [options.caPem],
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
    });
  }

  get serverUrl(): string {
    return this.#origin.origin;
  }

  /** How a certificate the handshake refused is reported: a date or name error only for one the organisation CA issued. */
  #refusal(code: string, peer: Buffer | undefined): SyncNetworkError {
    const untrusted = new SyncNetworkError('untrusted_certificate');
    const dated = dateErrors.get(code);
    if (dated === undefined && !hostErrors.has(code)) return untrusted;
    try {
      this.#ca ??= new X509Certificate(this.#options.caPem);
      const certificate = peer === undefined ? null : new X509Certificate(peer);
      if (certificate === null || !issuedBy(certificate, this.#ca)) return untrusted;
      // (An ended CA is said as such by #unanswered, whatever the refusal: a renewed server certificate cannot help.)
      if (dated !== undefined) return new SyncNetworkError(dated);
      const names = certificateHostNames(certificate);
      return names.length === 0 ? untrusted : new SyncNetworkError('host_not_in_certificate', names);
    } catch {
      return untrusted;
    }
  }

  /**
   * organisation_ca_expired, with the CA's last day, when the pinned organisation CA's end has passed by this
   * computer's clock, else null. Then no handshake can succeed, whatever else failed, and a renewed server certificate
   * cannot help (the server refuses to issue one): what the organisation must do is the useful word. `serve` refuses
   * to start once its CA has ended, so after a restart a device meets a closed port (unreachable), a timeout or
   * whatever else now answers there, not the expired certificate; the device holds the CA, so no handshake is needed.
   */
  #caEnded(): SyncNetworkError | null {
    try {
      this.#ca ??= new X509Certificate(this.#options.caPem);
    } catch {
      return null;
    }
    const caEnd = Date.parse(this.#ca.validTo);
    return caEnd < Date.now() ? new SyncNetworkError('organisation_ca_expired', [], new Date(caEnd).toISOString().slice(0, 10)) : null;
  }

  /** A failure before any answer (no connection, no answer in time, a refused or broken handshake), said as the ended CA when it has. */
  #unanswered(failure: SyncNetworkError): SyncNetworkError {
    return this.#caEnded() ?? failure;
  }

  /** Sends one request and returns its parsed answer, or throws a typed sync error. */
  async request<S extends z.ZodType>(options: RequestOptions<S>): Promise<z.output<S>> {
    const { status, body, retryAfter } = await this.#exchange(options);
    // The server (Node's cap on a whole request: 40 s on the sync server) or a proxy gave up waiting for the
    // request: a timeout, retried soon, and a push sends less next time (push-pace.ts). As an unreadable answer
    // (the cap's 408 has no body) it said "unreadable answer" and waited 5 minutes, as a refusal does.
    if (status === 408) throw new SyncNetworkError('timeout');
    // Joining a page's text, parsing it and checking it each take tens of milliseconds: one at a time.
    await laterTurn();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      // A proxy's own 502/503 (or a gateway's 429) page: retried, after its Retry-After if it sends one.
      const retryable = status >= 500 || status === 429;
      throw new SyncServerError(status, 'unreadable', retryable, 'The sync server sent an unreadable answer.', retryable ? retryAfterHeaderMs(retryAfter) : undefined);
    }
    if (status >= 200 && status < 300) {
      await laterTurn();
      const parsed = options.response.safeParse(json);
      if (!parsed.success) throw new SyncServerError(status, 'unexpected', false, 'The sync server sent an answer this version cannot read.');
      return parsed.data;
    }
    throw errorFromAnswer(status, json, retryAfter);
  }

  /** Closes its sockets; a request after this (a cycle unwinding after its session ended) opens none, and fails as cut off. */
  close(): void {
    this.#closed = true;
    this.#agent.destroy();
  }

  /**
   * Sends the request; resolves with the status and the answer's text. The text is decoded as each
   * chunk arrives: joining a 5,000-change pull page into one Buffer and decoding it at the end took
   * 55–100 ms of one turn of the event loop (CPU profiles of a first sync); joining the decoded
   * pieces takes 30–45 ms.
   */
  #exchange(options: RequestOptions<z.ZodType>): Promise<Exchanged> {
    const payload = options.body === undefined ? null : Buffer.from(JSON.stringify(options.body), 'utf8');
    const headers: Record<string, string> = {
      ...options.headers,
      accept: 'application/json',
      [protocolHeader]: String(this.#options.protocolVersion),
      [schemaHeader]: String(this.#options.schemaVersion),
    };
    if (this.#options.deviceToken !== null) headers.authorization = `Bearer ${this.#options.deviceToken}`;
    if (payload !== null) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const url = new URL(options.path, this.#origin);
    const maxBytes = this.#options.maxResponseBytes ?? defaultMaxResponseBytes;
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs ?? defaultRequestTimeoutMs;
    const maxRequestMs = Math.max(timeoutMs, this.#options.maxRequestMs ?? defaultMaxRequestMs);
    // Checked before the request is made: one destroyed before its socket is assigned hands a fresh keep-alive socket to the agent, which keeps it.
    if (this.#closed || options.signal?.aborted === true) return Promise.reject(new SyncNetworkError('connection_lost'));

    return new Promise((resolve, reject) => {
      let settled = false;
      // The certificate the server showed, kept as the handshake ends: a refused one's socket is closed before its error comes.
      // (Its raw bytes: taking Node's X509Certificate of it there made the host check that follows see no names.)
      let peer: Buffer | undefined;
      let forgetPeer = (): void => undefined;
      const finish = (error: Error | null, value?: Exchanged) => {
        if (settled) return;
        settled = true;
        forgetPeer();
        clearTimeout(idle);
        clearTimeout(cap);
        options.signal?.removeEventListener('abort', onAbort);
        if (error !== null) {
          request.destroy();
          reject(error);
        } else if (value !== undefined) {
          // Answered before the body was all written (the device gate's 429, 401, 403 or 426 to a large push): the
          // socket holds half a request, which neither the agent nor the server can use again, and the server would
          // keep it a minute. Left open, a few such answers held all of the agent's sockets, and the next requests
          // timed out waiting for one.
          if (!request.writableFinished) request.destroy();
          resolve(value);
        }
      };
      const request = https.request(url, {
        method: options.method,
        agent: this.#agent,
        headers,
        // Belt and braces: the agent carries the same settings.
        ca: [this.#options.caPem],
        minVersion: 'TLSv1.2',
        rejectUnauthorized: true,
      });
      const idle = setTimeout(() => finish(this.#unanswered(new SyncNetworkError('timeout'))), timeoutMs);
      const cap = setTimeout(() => finish(this.#unanswered(new SyncNetworkError('timeout'))), maxRequestMs);
      // A byte of the request written or of its answer read: the idle timeout starts again.
      const moved = (): void => {
        if (!settled) idle.refresh();
      };
      const onAbort = () => finish(new SyncNetworkError('connection_lost'));
      options.signal?.addEventListener('abort', onAbort, { once: true });

      request.on('socket', (socket) => {
        // A kept-alive socket handed on has shaken hands already (authorized): a listener there would never fire, and
        // one more stayed on it with each request.
        if (!(socket instanceof TLSSocket) || socket.authorized) return;
        const keep = (): void => {
          peer = socket.getPeerCertificate().raw;
        };
        socket.prependOnceListener('secure', keep);
        forgetPeer = () => socket.removeListener('secure', keep);
      });
      request.on('error', (error) => {
        const code = errorCode(error);
        if (certificateErrors.has(code) || dateErrors.has(code) || hostErrors.has(code)) finish(this.#unanswered(this.#refusal(code, peer)));
        else if (isTlsProtocolError(code)) finish(this.#unanswered(new SyncNetworkError('no_secure_connection')));
        else if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') finish(this.#unanswered(new SyncNetworkError('connection_lost')));
        else finish(this.#unanswered(new SyncNetworkError('unreachable')));
      });
      request.on('response', (response: IncomingMessage) => {
        moved();
        const declared = Number(response.headers['content-length'] ?? '0');
        if (Number.isFinite(declared) && declared > maxBytes) {
          finish(new SyncNetworkError('too_large'));
          return;
        }
        // A character split between two chunks is completed by the next one; bad bytes become U+FFFD, as Buffer#toString does.
        const decoder = new StringDecoder('utf8');
        const parts: string[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          moved();
          size += chunk.length;
          if (size > maxBytes) finish(new SyncNetworkError('too_large'));
          else parts.push(decoder.write(chunk));
        });
        response.on('aborted', () => finish(new SyncNetworkError('connection_lost')));
        response.on('error', () => finish(new SyncNetworkError('connection_lost')));
        response.on('end', () => {
          if (!response.complete) finish(new SyncNetworkError('connection_lost'));
          else finish(null, { status: response.statusCode ?? 0, body: parts.join('') + decoder.end(), retryAfter: response.headers['retry-after'] });
        });
      });
      // Written piece by piece: each piece the socket takes is progress (the last pieces may sit in the system's
      // buffers while the link carries them; a push that times out all the same goes smaller next time).
      const write = (offset: number): void => {
        if (settled) return;
        if (payload === null || offset >= payload.length) {
          request.end();
          return;
        }
        const end = Math.min(payload.length, offset + bodyChunkBytes);
        request.write(payload.subarray(offset, end), (error) => {
          if (error !== null && error !== undefined) return; // the request's 'error' says what happened
          moved();
          write(end);
        });
      };
      write(0);
    });
  }
}

/** A Retry-After header (delay-seconds or an HTTP date) in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterHeaderMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^[0-9]{1,9}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Maps an error answer to a typed error. The server's message is not shown: it is not ours to trust.
 * When to retry comes from the body's `retryAfterMs`, else from the Retry-After header (a proxy's 503).
 */
export function errorFromAnswer(status: number, json: unknown, retryAfterHeader?: string): Error {
  const parsed = SyncErrorBody.safeParse(json);
  const code = parsed.success ? parsed.data.error.code : 'unknown';
  const retryAfterMs = (parsed.success ? parsed.data.error.retryAfterMs : undefined) ?? retryAfterHeaderMs(retryAfterHeader);
  switch (code) {
    case 'device_revoked':
      return new DeviceRevokedError();
    case 'upgrade_required':
      return new UpgradeRequiredError();
    case 'unauthenticated':
      return new SyncServerError(status, code, false, 'The sync server no longer accepts this device. Your changes stay on this laptop; ask your administrator to check the device.');
    case 'forbidden':
      return new SyncServerError(status, code, false, 'The sync server refused the request.');
    case 'too_large':
      return new SyncServerError(status, code, false, 'The request was too large for the sync server.');
    case 'bad_request':
      // A server older than this FieldVault names the newest protocol it speaks: it needs an update, and nothing
      // this device does changes that (retried at the cap, for when it has been updated).
      if (parsed.success && parsed.data.error.maximumProtocolVersion !== undefined) {
        return new SyncServerError(status, 'server_outdated', false, "Your organisation's sync server needs an update before this version of FieldVault can sync with it. Your changes stay on this device.");
      }
      return new SyncServerError(status, code, false, 'The sync server could not read the request.');
    case 'rate_limited':
      return new SyncServerError(status, code, true, 'The sync server is busy. FieldVault will try again.', retryAfterMs);
    case 'unavailable':
      return new SyncServerError(status, code, true, "The sync server's database is busy. FieldVault will try again shortly.", retryAfterMs);
    case 'clock_skew':
      return new SyncServerError(status, code, false, "This device's clock is far from the server's. Correct the date and time to sync.");
    case 'not_found':
      return new SyncServerError(status, code, false, 'The sync server does not offer this request.');
    case 'cursor_ahead':
      // pull.ts starts this device's pull again from scratch; the words stand only if that fails the same way.
      return new SyncServerError(status, code, false, 'The sync server was restored from an earlier backup. FieldVault is receiving everything from it again.');
    default: {
      const retryable = status >= 500 || status === 429;
      return new SyncServerError(status, code, retryable, 'The sync server had a problem. FieldVault will try again.', retryable ? retryAfterMs : undefined);
    }
  }
}
