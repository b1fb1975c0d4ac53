// One enrolled, unlocked sync session: the API to the server, the vault
// connection it writes to, and what applying remote changes needs. The engine
// makes one per unlock and drops it on lock; push, pull and purge steps take
// it as their only dependency.
import type { Logger } from '../log/logger';
import type { Connection, WriteTx } from '../vault/connection';

/** The part of a vault connection sync uses (a test may wrap it to crash at chosen points). */
export type SyncConnection = Pick<Connection, 'read' | 'write' | 'checkpoint' | 'holdBulkCache'>;
import type { ClockSkew } from '../../src-shared/sync/client-api';
import type { ApplyContext } from './apply-changes';
import { clockSkewOf } from './clock-skew';
import { PullPace } from './pull-pace';
import { PushPace } from './push-pace';
import type { RecordHooks } from './record-hooks';
import { TableColumns } from './record-rows';
import type { SyncApi } from './sync-api';
import { localDeviceIdOf } from './sync-state';

export interface SessionOptions {
  readonly api: SyncApi;
  readonly connection: () => SyncConnection;
  readonly hooks: RecordHooks;
  readonly log: Logger;
  readonly now: () => number;
  /** Rows per full pull page (default and server cap 5000: an initial sync of 100,000 records is 22 transactions, each prefetching the next page; the first pages of a pull ask for fewer, and a slow link fewer still, pull-pace.ts). */
  readonly pullLimit?: number;
  readonly onProgress?: () => void;
  /** After each pull page is applied: the changes applied so far in this pull, and how many it will bring in all when the server said (else null). */
  readonly onPulled?: (changes: number, total: number | null) => void;
}

export class SyncSession {
  readonly api: SyncApi;
  readonly log: Logger;
  readonly now: () => number;
  readonly pullLimit: number;
  /** How many rows pull pages ask for now: shrunk after a page that timed out, for the rest of this session (pull-pace.ts). */
  readonly pullPace: PullPace;
  /** How many bytes push batches carry now: shrunk after a batch that timed out, for the rest of this session (push-pace.ts). */
  readonly pushPace = new PushPace();
  readonly columns = new TableColumns();
  readonly #options: SessionOptions;
  #pullRequests = 0;
  /** The clock skew the newest answer naming the server's time showed; undefined: none since the last take. */
  #heardSkew: ClockSkew | null | undefined = undefined;

  constructor(options: SessionOptions) {
    this.#options = options;
    this.api = options.api;
    this.log = options.log;
    this.now = options.now;
    this.pullLimit = options.pullLimit ?? 5000;
    this.pullPace = new PullPace(this.pullLimit);
  }

  get hooks(): RecordHooks {
    return this.#options.hooks;
  }

  connection(): SyncConnection {
    return this.#options.connection();
  }

  async applyContext(tx: WriteTx): Promise<ApplyContext> {
    return { columns: this.columns, hooks: this.#options.hooks, localDeviceId: await localDeviceIdOf(tx), now: this.now(), log: this.log };
  }

  /** How many pull pages this session has asked the server for (sync.now compares them around a press). */
  get pullRequests(): number {
    return this.#pullRequests;
  }

  /** A pull page is being asked for. */
  pullRequested(): void {
    this.#pullRequests += 1;
  }

  /** A push answer or pull page arrived with the server's time (undefined: a server from before serverTime). */
  heardServerTime(serverTime: number | undefined): void {
    if (serverTime !== undefined) this.#heardSkew = clockSkewOf(serverTime, this.now());
  }

  /** The skew the newest answer since the last take showed (null: the clocks agree), or undefined when none named the time. */
  takeClockSkew(): ClockSkew | null | undefined {
    const heard = this.#heardSkew;
    this.#heardSkew = undefined;
    return heard;
  }

  onProgress(): void {
    this.#options.onProgress?.();
  }

  onPulled(changes: number, total: number | null): void {
    this.#options.onPulled?.(changes, total);
  }
}
