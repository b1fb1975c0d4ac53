// The bench's handle on the PouchDB baseline's server process: forks
// pouchdb-server-process.ts under tsx, starts express-pouchdb over TLS with a
// CA made for the run, loads documents in bulk (untimed), reads the server's
// CPU time and refused connections, and turns a crashed process into rejected promises, not a hang.
//
// express-pouchdb gzips every response over 1 kB by default. FieldVault's
// server sends plain JSON, and on loopback gzip buys nothing and costs CPU on
// both ends, so the baseline runs without it (like for like on the wire, and
// the faster PouchDB of the two); `compression: true` restores the default.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildRpc } from '../harness/child-rpc';
import { LoadResult, StartResult, StatsResult, type ServerRequestBody } from './pouchdb-protocol';
import { makePouchTls } from './pouchdb-tls';

const serverScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pouchdb-server-process.ts');

export interface PouchServerOptions {
  readonly compression?: boolean;
}

export class PouchServer {
  readonly #rpc: ChildRpc<ServerRequestBody>;
  #started: StartResult | null = null;

  private constructor(
    rpc: ChildRpc<ServerRequestBody>,
    readonly caPem: string,
    readonly compression: boolean,
  ) {
    this.#rpc = rpc;
  }

  /** Forks the server process and starts express-pouchdb on an ephemeral port of 127.0.0.1. */
  static async start(options: PouchServerOptions = {}): Promise<PouchServer> {
    const compression = options.compression ?? false;
    const tls = await makePouchTls();
    const rpc = new ChildRpc<ServerRequestBody>(serverScript, [], 'PouchDB server process');
    const server = new PouchServer(rpc, tls.caPem, compression);
    try {
      server.#started = await rpc.request(
        { op: 'start', certPem: tls.server.certPem, keyPem: tls.server.keyPem, caPem: tls.caPem, compression },
        StartResult,
      );
      return server;
    } catch (error) {
      rpc.kill();
      throw error;
    }
  }

  get #info(): StartResult {
    if (this.#started === null) throw new Error('The PouchDB server has not started');
    return this.#started;
  }

  /** https://127.0.0.1:PORT */
  get url(): string {
    return `https://127.0.0.1:${this.#info.port}`;
  }

  get pouchdbVersion(): string {
    return this.#info.pouchdbVersion;
  }

  /** The URL of database `db`. */
  dbUrl(db: string): string {
    return `${this.url}/${encodeURIComponent(db)}`;
  }

  /** Writes `documents` to a file in `tempDir` and has the server load them into `db` with bulkDocs. */
  async load(db: string, documents: readonly object[], tempDir: string, chunk = 1000): Promise<LoadResult> {
    const file = path.join(tempDir, `pouchdb-${db}.json`);
    await writeFile(file, JSON.stringify(documents));
    try {
      return await this.#rpc.request({ op: 'load', db, file, chunk }, LoadResult);
    } finally {
      await rm(file, { force: true });
    }
  }

  /** The server process's CPU time so far and the connections its HTTP parser refused. */
  stats(): Promise<StatsResult> {
    return this.#rpc.request({ op: 'stats' }, StatsResult);
  }

  async cpuMs(): Promise<number> {
    return (await this.stats()).cpuMs;
  }

  /** Asks the process to finish; kills it if it has not gone within timeoutMs. */
  stop(timeoutMs = 10_000): Promise<void> {
    return this.#rpc.close(timeoutMs);
  }
}
