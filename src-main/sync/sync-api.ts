// The sync server's device endpoints as the engine uses them. The engine sees
// only this interface: HttpSyncApi speaks HTTPS through the pinned transport,
// and a test may put a lossy in-process link to a real server in its place.
import {
  AckResponse,
  EnrolResponse,
  PokeResponse,
  PullResponse,
  PushResponse,
  UsersResponse,
  directoryHeader,
  pokeTimeoutMs,
  protocolVersion,
  pulledThroughHeader,
  type Operation,
  type PullResume,
  type RecordKey,
} from '../../src-shared/sync/protocol';
import { SyncTransport } from './transport';

/** Which page of the user directory to ask for (UsersQuery). */
export interface DirectoryPageRequest {
  readonly after: string | null;
  readonly limit: number;
}

export interface SyncApi {
  /** `pulledThrough`: the cursor this device has applied every change through (PushHeaders), or null to say nothing. */
  push(operations: readonly Operation[], signal?: AbortSignal, pulledThrough?: number | null): Promise<PushResponse>;
  pull(cursor: number, resume: PullResume | null, limit: number, signal?: AbortSignal): Promise<PullResponse>;
  ack(purged: readonly RecordKey[], signal?: AbortSignal): Promise<AckResponse>;
  /**
   * Long poll: answers when something after cursor is visible to the device, or the user
   * directory it may see no longer has `directoryVersion` (null: the device stored none), or after about 25 s.
   */
  poke(cursor: number, directoryVersion: string | null, signal?: AbortSignal): Promise<PokeResponse>;
  /**
   * One keyset page of the user directory the device may see: the users whose ids sort after
   * `page.after` (null: from the start), at most `page.limit` (asked only of servers whose pulls
   * name a directory version; one from before paging answers the whole list, with no `next`).
   */
  users(page: DirectoryPageRequest, signal?: AbortSignal): Promise<UsersResponse>;
  close(): void;
}

export interface Credentials {
  readonly serverUrl: string;
  readonly caPem: string;
  readonly deviceId: string;
  readonly deviceToken: string;
}

/** Enough for a long poll to answer on its own before the request gives up. */
const pokeRequestTimeoutMs = pokeTimeoutMs + 15_000;

export class HttpSyncApi implements SyncApi {
  readonly #transport: SyncTransport;

  constructor(
    private readonly credentials: Credentials,
    private readonly schemaVersion: number,
    options: { readonly timeoutMs?: number } = {},
  ) {
    this.#transport = new SyncTransport({
      serverUrl: credentials.serverUrl,
      caPem: credentials.caPem,
      protocolVersion,
      schemaVersion,
      deviceToken: credentials.deviceToken,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  }

  #versions() {
    return { protocolVersion, schemaVersion: this.schemaVersion, deviceId: this.credentials.deviceId };
  }

  push(operations: readonly Operation[], signal?: AbortSignal, pulledThrough: number | null = null): Promise<PushResponse> {
    return this.#transport.request({
      method: 'POST',
      path: '/v1/push',
      body: { ...this.#versions(), operations },
      response: PushResponse,
      ...(pulledThrough === null ? {} : { headers: { [pulledThroughHeader]: String(pulledThrough) } }),
      ...(signal ? { signal } : {}),
    });
  }

  pull(cursor: number, resume: PullResume | null, limit: number, signal?: AbortSignal): Promise<PullResponse> {
    return this.#transport.request({
      method: 'POST',
      path: '/v1/pull',
      body: { ...this.#versions(), cursor, resume, limit },
      response: PullResponse,
      ...(signal ? { signal } : {}),
    });
  }

  ack(purged: readonly RecordKey[], signal?: AbortSignal): Promise<AckResponse> {
    return this.#transport.request({ method: 'POST', path: '/v1/acks', body: { ...this.#versions(), purged }, response: AckResponse, ...(signal ? { signal } : {}) });
  }

  poke(cursor: number, directoryVersion: string | null, signal?: AbortSignal): Promise<PokeResponse> {
    return this.#transport.request({
      method: 'GET',
      path: `/v1/poke?cursor=${cursor}`,
      response: PokeResponse,
      ...(directoryVersion === null ? {} : { headers: { [directoryHeader]: directoryVersion } }),
      timeoutMs: pokeRequestTimeoutMs,
      ...(signal ? { signal } : {}),
    });
  }

  users(page: DirectoryPageRequest, signal?: AbortSignal): Promise<UsersResponse> {
    const after = page.after === null ? '' : `&after=${encodeURIComponent(page.after)}`;
    return this.#transport.request({ method: 'GET', path: `/v1/users?limit=${page.limit}${after}`, response: UsersResponse, ...(signal ? { signal } : {}) });
  }

  close(): void {
    this.#transport.close();
  }
}

/** Trades a one-time enrolment code for this device's id and token (no token yet, same pinning); `attemptId`: enrolment.ts's. */
export async function enrolDevice(serverUrl: string, caPem: string, enrolmentCode: string, schemaVersion: number, attemptId: string): Promise<EnrolResponse> {
  const transport = new SyncTransport({ serverUrl, caPem, protocolVersion, schemaVersion, deviceToken: null });
  try {
    return await transport.request({
      method: 'POST',
      path: '/v1/enrol',
      body: { protocolVersion, schemaVersion, enrolmentCode, attemptId },
      response: EnrolResponse,
    });
  } finally {
    transport.close();
  }
}
