// Test support: the engine's SyncApi over an in-process link to a real sync
// server (fastify inject: the real routes, checks and store, without sockets)
// that misbehaves on demand, one exchange at a time: the request is lost, the
// answer is lost after the server did the work, the request is delivered
// twice, or an older answer arrives instead of the current one. Every
// exchange the server answered is recorded, so a reference model can replay
// exactly what the server saw.
import type { FastifyInstance } from 'fastify';
import { SyncNetworkError } from '../../src-main/sync/errors';
import type { SyncApi } from '../../src-main/sync/sync-api';
import { errorFromAnswer } from '../../src-main/sync/transport';
import {
  AckResponse,
  type PokeResponse,
  PullResponse,
  PushResponse,
  UsersResponse,
  protocolHeader,
  pulledThroughHeader,
  protocolVersion,
  schemaHeader,
  type Operation,
  type PullResume,
  type RecordKey,
} from '../../src-shared/sync/protocol';

export type LinkFault = 'none' | 'drop-request' | 'drop-answer' | 'duplicate' | 'stale-answer';

export interface Exchange {
  readonly path: string;
  readonly body: unknown;
  readonly status: number;
  readonly json: unknown;
}

export class LossyLink implements SyncApi {
  /** The fault for the next exchange; reset to 'none' after use. */
  nextFault: LinkFault = 'none';
  /** Called when an answer is handed to the engine (a test arms a crash there). */
  onAnswer: (path: string) => void = () => undefined;
  readonly exchanges: Exchange[] = [];
  readonly #previous = new Map<string, unknown>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly deviceId: string,
    private readonly token: string,
    private readonly schemaVersion: number,
  ) {}

  async #send(path: string, body: unknown, extraHeaders: Readonly<Record<string, string>>): Promise<unknown> {
    const answer = await this.app.inject({
      method: 'POST',
      url: path,
      headers: {
        authorization: `Bearer ${this.token}`,
        [protocolHeader]: String(protocolVersion),
        [schemaHeader]: String(this.schemaVersion),
        'content-type': 'application/json',
        ...extraHeaders,
      },
      payload: JSON.stringify(body),
    });
    const json: unknown = JSON.parse(answer.body);
    this.exchanges.push({ path, body, status: answer.statusCode, json });
    if (answer.statusCode !== 200) throw errorFromAnswer(answer.statusCode, json);
    return json;
  }

  async #exchange(path: string, body: unknown, headers: Readonly<Record<string, string>> = {}): Promise<unknown> {
    const fault = this.nextFault;
    this.nextFault = 'none';
    if (fault === 'drop-request') throw new SyncNetworkError('unreachable');
    let json = await this.#send(path, body, headers);
    if (fault === 'duplicate') json = await this.#send(path, body, headers);
    if (fault === 'drop-answer') throw new SyncNetworkError('connection_lost');
    const previous = this.#previous.get(path);
    this.#previous.set(path, json);
    if (fault === 'stale-answer' && previous !== undefined) json = previous;
    this.onAnswer(path);
    return json;
  }

  #versions() {
    return { protocolVersion, schemaVersion: this.schemaVersion, deviceId: this.deviceId };
  }

  async push(operations: readonly Operation[], _signal?: AbortSignal, pulledThrough: number | null = null): Promise<PushResponse> {
    const headers: Record<string, string> = pulledThrough === null ? {} : { [pulledThroughHeader]: String(pulledThrough) };
    return PushResponse.parse(await this.#exchange('/v1/push', { ...this.#versions(), operations }, headers));
  }

  async pull(cursor: number, resume: PullResume | null, limit: number): Promise<PullResponse> {
    return PullResponse.parse(await this.#exchange('/v1/pull', { ...this.#versions(), cursor, resume, limit }));
  }

  async ack(purged: readonly RecordKey[]): Promise<AckResponse> {
    return AckResponse.parse(await this.#exchange('/v1/acks', { ...this.#versions(), purged }));
  }

  poke(): Promise<PokeResponse> {
    return Promise.resolve({ changed: true, head: 0 });
  }

  /** The user directory, without faults (the link's faults are about records). */
  async users(): Promise<UsersResponse> {
    const answer = await this.app.inject({
      method: 'GET',
      url: '/v1/users',
      headers: { authorization: `Bearer ${this.token}`, [protocolHeader]: String(protocolVersion), [schemaHeader]: String(this.schemaVersion) },
    });
    const json: unknown = JSON.parse(answer.body);
    if (answer.statusCode !== 200) throw errorFromAnswer(answer.statusCode, json);
    return UsersResponse.parse(json);
  }

  close(): void {
    // Nothing to release: inject opens no sockets.
  }
}
