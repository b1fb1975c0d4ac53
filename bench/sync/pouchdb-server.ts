// The bench's handle on the PouchDB baseline's server process: forks
// pouchdb-server-process.ts under tsx, starts express-pouchdb over TLS with a
// CA made for the run, loads documents in bulk (untimed), reads the server's
// CPU time and refused connections, and turns a crashed process into rejected promises, not a hang.
//
// express-pouchdb gzips every response over 1 kB by default. FieldVault's
// server sends plain JSON, and on loopback gzip buys nothing and costs CPU on
// both ends, so the baseline runs without it (like for like on the wire, and
// the faster PouchDB of the two); `compression: true` restores the default.
import { fork, type ChildProcess } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { LoadResult, ServerResponse, StartResult, StatsResult, type ServerRequestBody } from './pouchdb-protocol';
import { makePouchTls } from './pouchdb-tls';

const here = path.dirname(fileURLToPath(import.meta.url));
const serverScript = path.join(here, 'pouchdb-server-process.ts');
const repoRoot = path.resolve(here, '..', '..');

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface PouchServerOptions {
  readonly compression?: boolean;
}

export class PouchServer {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #nextId = 1;

  #started: StartResult | null = null;

  private constructor(
    child: ChildProcess,
    readonly caPem: string,
    readonly compression: boolean,
  ) {
    this.#child = child;
    this.#child.on('message', (raw: unknown) => this.#receive(raw));
    this.#exited = new Promise((resolve) => {
      this.#child.on('exit', (code, signal) => {
        this.#failAll(new Error(`The PouchDB server process exited (code ${code}, signal ${signal})`));
        resolve();
      });
    });
  }

  /** Forks the server process and starts express-pouchdb on an ephemeral port of 127.0.0.1. */
  static async start(options: PouchServerOptions = {}): Promise<PouchServer> {
    const compression = options.compression ?? false;
    const tls = await makePouchTls();
    const child = fork(serverScript, [], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const server = new PouchServer(child, tls.caPem, compression);
    try {
      server.#started = await server.#request(
        { op: 'start', certPem: tls.server.certPem, keyPem: tls.server.keyPem, caPem: tls.caPem, compression },
        StartResult,
      );
      return server;
    } catch (error) {
      child.kill('SIGKILL');
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
      return await this.#request({ op: 'load', db, file, chunk }, LoadResult);
    } finally {
      await rm(file, { force: true });
    }
  }

  /** The server process's CPU time so far and the connections its HTTP parser refused. */
  stats(): Promise<StatsResult> {
    return this.#request({ op: 'stats' }, StatsResult);
  }

  async cpuMs(): Promise<number> {
    return (await this.stats()).cpuMs;
  }

  /** Asks the process to finish; kills it if it has not gone within timeoutMs. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    try {
      await this.#send({ op: 'exit' }).catch(() => undefined);
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }

  async #request<S extends z.ZodType>(body: ServerRequestBody, schema: S): Promise<z.infer<S>> {
    return schema.parse(await this.#send(body));
  }

  #send(body: ServerRequestBody): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ id, ...body }, (error) => {
        if (error === null) return;
        this.#pending.delete(id);
        reject(error);
      });
    });
  }

  #receive(raw: unknown): void {
    const parsed = ServerResponse.safeParse(raw);
    const reply = parsed.success ? parsed.data : null;
    const pending = reply === null ? undefined : this.#pending.get(reply.id);
    if (reply === null || pending === undefined) {
      this.#failAll(new Error('The PouchDB server process sent a reply to no request'));
      return;
    }
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(new Error(`PouchDB server process: ${reply.message}`));
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
