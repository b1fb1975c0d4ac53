// The parent's handle on one vault worker: forks vault-worker.ts under tsx,
// sends typed requests, parses every reply, and turns a crashed worker into
// rejected promises instead of a hang.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { BuildResult, LoadResult, MixResult, OpenResult, Response, type RequestBody, type Role } from './worker-protocol';

const here = path.dirname(fileURLToPath(import.meta.url));
const workerScript = path.join(here, 'vault-worker.ts');
const repoRoot = path.resolve(here, '..', '..');

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class VaultWorker {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #nextId = 1;

  constructor(readonly role: Role) {
    this.#child = fork(workerScript, [role], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('message', (raw: unknown) => this.#receive(raw));
    this.#exited = new Promise((resolve) => {
      this.#child.on('exit', (code, signal) => {
        this.#failAll(new Error(`The ${role} worker exited (code ${code}, signal ${signal})`));
        resolve();
      });
    });
  }

  build(request: Omit<Extract<RequestBody, { op: 'build' }>, 'op'>): Promise<BuildResult> {
    return this.#request({ op: 'build', ...request }, BuildResult);
  }

  load(file: string, dekHex: string | null): Promise<LoadResult> {
    return this.#request({ op: 'load', file, dekHex }, LoadResult);
  }

  async open(warmups: number, samples: number): Promise<number[]> {
    return (await this.#request({ op: 'open', warmups, samples }, OpenResult)).samples;
  }

  mix(seed: number, fraction: number, clockOffset: number): Promise<MixResult> {
    return this.#request({ op: 'mix', seed, fraction, clockOffset }, MixResult);
  }

  /** Asks the worker to finish; kills it if it has not gone within timeoutMs. */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    try {
      await this.#send({ op: 'exit' }).catch(() => undefined);
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }

  async #request<S extends z.ZodType>(body: RequestBody, schema: S): Promise<z.infer<S>> {
    return schema.parse(await this.#send(body));
  }

  #send(body: RequestBody): Promise<unknown> {
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
    const parsed = Response.safeParse(raw);
    const reply = parsed.success ? parsed.data : null;
    const pending = reply === null ? undefined : this.#pending.get(reply.id);
    if (reply === null || pending === undefined) {
      this.#failAll(new Error(`The ${this.role} worker sent a reply to no request`));
      return;
    }
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(new Error(`${this.role} worker: ${reply.message}`));
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
