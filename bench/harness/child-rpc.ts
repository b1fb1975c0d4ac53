// A parent's handle on a forked bench process (a vault worker, the PouchDB
// server): numbered requests over the IPC channel, every reply parsed, and a
// process that dies turned into rejected promises instead of a hang. The
// child answers each `{ id, op, … }` with a Reply below and leaves on
// `{ op: 'exit' }`.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const Reply = z.union([
  z.object({ id: z.number(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number(), ok: z.literal(false), message: z.string() }),
]);
export type Reply = z.infer<typeof Reply>;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class ChildRpc<Body extends { readonly op: string }> {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #nextId = 1;

  /** Forks `script` under tsx; `name` says which process an error came from. */
  constructor(
    script: string,
    args: readonly string[],
    private readonly name: string,
  ) {
    this.#child = fork(script, [...args], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('message', (raw: unknown) => this.#receive(raw));
    this.#exited = new Promise((resolve) => {
      this.#child.on('exit', (code, signal) => {
        this.#failAll(new Error(`The ${name} exited (code ${code}, signal ${signal})`));
        resolve();
      });
    });
  }

  async request<S extends z.ZodType>(body: Body, schema: S): Promise<z.infer<S>> {
    return schema.parse(await this.#send(body));
  }

  /** Asks the process to finish; kills it if it has not gone within timeoutMs. */
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

  kill(): void {
    this.#child.kill('SIGKILL');
  }

  #send(body: { readonly op: string }): Promise<unknown> {
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
    const parsed = Reply.safeParse(raw);
    const reply = parsed.success ? parsed.data : null;
    const pending = reply === null ? undefined : this.#pending.get(reply.id);
    if (reply === null || pending === undefined) {
      this.#failAll(new Error(`The ${this.name} sent a reply to no request`));
      return;
    }
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(new Error(`${this.name}: ${reply.message}`));
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
