// The parent's handle on one vault worker: forks vault-worker.ts under tsx,
// sends typed requests over harness/child-rpc.ts, which parses every reply and
// turns a crashed worker into rejected promises instead of a hang.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildRpc } from '../harness/child-rpc';
import { BuildResult, LoadResult, MixResult, OpenResult, type RequestBody, type Role } from './worker-protocol';

const workerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'vault-worker.ts');

export class VaultWorker {
  readonly #rpc: ChildRpc<RequestBody>;

  constructor(readonly role: Role) {
    this.#rpc = new ChildRpc<RequestBody>(workerScript, [role], `${role} worker`);
  }

  build(request: Omit<Extract<RequestBody, { op: 'build' }>, 'op'>): Promise<BuildResult> {
    return this.#rpc.request({ op: 'build', ...request }, BuildResult);
  }

  load(file: string, dekHex: string | null): Promise<LoadResult> {
    return this.#rpc.request({ op: 'load', file, dekHex }, LoadResult);
  }

  open(warmups: number, samples: number): Promise<OpenResult> {
    return this.#rpc.request({ op: 'open', warmups, samples }, OpenResult);
  }

  mix(seed: number, fraction: number, clockOffset: number): Promise<MixResult> {
    return this.#rpc.request({ op: 'mix', seed, fraction, clockOffset }, MixResult);
  }

  /** Asks the worker to finish; kills it if it has not gone within timeoutMs. */
  close(timeoutMs = 10_000): Promise<void> {
    return this.#rpc.close(timeoutMs);
  }
}
