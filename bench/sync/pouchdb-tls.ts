// TLS for the PouchDB baseline, made the way FieldVault's is so that neither
// side of the comparison pays for a cheaper or dearer handshake: a CA made for
// the run and a server certificate for 127.0.0.1 issued by it (the
// organisation PKI in src-server/pki), served with the sync server's own
// settings (TLS 1.2–1.3, Mozilla intermediate suites: src-server/http/tls).
// PouchDB's HTTP adapter fetches through node-fetch 2, which takes an
// `agent`; every client here gets an https.Agent that trusts only this CA
// (certificate verification stays on), as a FieldVault device pins its
// organisation's CA.
import https from 'node:https';
import PouchDB, { type Fetch, type FetchOptions } from 'pouchdb-core';
import { createOrganisationCa, issueServerCertificate } from '../../src-server/pki/certificates';
import { serverTlsOptions, type ServerCertificate } from '../../src-server/http/tls';

export interface PouchTls {
  readonly caPem: string;
  readonly server: ServerCertificate;
}

/** A CA and a 127.0.0.1 server certificate for this run only. */
export async function makePouchTls(): Promise<PouchTls> {
  const ca = await createOrganisationCa('PouchDB baseline', 2);
  const leaf = await issueServerCertificate(ca, ['127.0.0.1'], 2);
  return { caPem: ca.certPem, server: { certPem: leaf.certPem, keyPem: leaf.keyPem, caPem: ca.certPem } };
}

export { serverTlsOptions };

export interface AgentOptions {
  /** Parallel connections; PouchDB's replication sends one request at a time per step. Default 8. */
  readonly maxSockets?: number;
  /** Keep connections open between requests (default), as a FieldVault device keeps its connection. */
  readonly keepAlive?: boolean;
}

/** An agent for one client that trusts only `caPem`. */
export function pinnedAgent(caPem: string, options: AgentOptions = {}): https.Agent {
  return new https.Agent({ ca: [caPem], keepAlive: options.keepAlive ?? true, maxSockets: options.maxSockets ?? 8, minVersion: 'TLSv1.2' });
}

/** PouchDB's own fetch, with every request sent through `agent`. */
export function pinnedFetch(agent: https.Agent): Fetch {
  return (url: string, options: FetchOptions) => PouchDB.fetch(url, { ...options, agent });
}
