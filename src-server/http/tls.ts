// TLS settings of the sync server: TLS 1.2 and 1.3 only, with Mozilla's
// "intermediate" configuration (v5.7): ECDHE with AES-GCM or ChaCha20-Poly1305
// for TLS 1.2 (plus DHE, which Node offers only with explicit dhparams, so it
// stays unused), Node's defaults for TLS 1.3 (all three of its AEAD suites),
// the client's suite preference (all listed suites are strong), and the
// X25519/P-256/P-384 groups. Clients negotiate TLS 1.3 whenever they can.
// No session tickets (Mozilla pairs its session timeout with
// `ssl_session_tickets off`): Node makes the ticket key once per process and
// never rotates it, and a TLS 1.2 session resumed from a ticket skips ECDHE,
// so whoever read that one key from the process's memory could decrypt every
// such session for as long as it ran.
import { constants } from 'node:crypto';
import type { SecureContextOptions, TlsOptions } from 'node:tls';

export const intermediateCiphers = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-CHACHA20-POLY1305',
].join(':');

/** TLS 1.3 suites, as Node enables them by default. */
const tls13Ciphers = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'].join(':');

export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** Sent after the leaf so clients can build the chain to the pinned CA. */
  readonly caPem?: string;
}

export function serverTlsOptions(certificate: ServerCertificate): TlsOptions & SecureContextOptions {
  return {
    key: certificate.keyPem,
    cert: certificate.caPem === undefined ? certificate.certPem : certificate.certPem + certificate.caPem,
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.3',
    ciphers: `${tls13Ciphers}:${intermediateCiphers}`,
    ecdhCurve: 'X25519:prime256v1:secp384r1',
    honorCipherOrder: false,
    sessionTimeout: 86_400,
    secureOptions: constants.SSL_OP_NO_TICKET,
  };
}
