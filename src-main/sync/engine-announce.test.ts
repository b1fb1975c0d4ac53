// When the engine tells open screens what a cycle changed (onChanges), over a
// real SQLCipher vault: a pull page that erased a record is said before the
// purge acknowledgement is sent, so a server slow to answer it (or never
// answering) does not keep the erased record on screen. The sync API stands in
// for the server (it is not under test): one pull page with a purge, then an
// acknowledgement that hangs until the engine stops.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse, RecordKey } from '../../src-shared/sync/protocol';
import type { ChangedRecords } from './changed-records';
import { SyncEngine } from './engine';
import type { SyncApi } from './sync-api';
import { createEnrolledTestVault, untilOnRealClock as until } from './testing/fake-clock';
import { countingHooks, type SyncTestVault } from './testing/sync-vault';

const erasedId = '0190a5d0-ac96-774b-bcce-000000000001';

/** A server whose first pull erases one contact and whose acknowledgements never answer; `acks` notes what was sent. */
function stalledAckApi(acks: RecordKey[][]): SyncApi {
  const refuse = () => Promise.reject(new Error('not asked in this test'));
  return {
    push: refuse,
    pull: (cursor, resume) => {
      const changes: PullResponse['changes'] = cursor === 0 ? [{ commitSeq: 1, entity: 'contacts', recordId: erasedId, kind: 'purge', fields: {} }] : [];
      const next = cursor === 0 ? 1 : cursor;
      const page: PullResponse = { from: { cursor, resume }, changes, cursor: next, resume: null, hasMore: false, directoryVersion: null, total: null };
      return Promise.resolve(page);
    },
    ack: (purged, signal) => {
      acks.push([...purged]);
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('stopped')), { once: true }));
    },
    poke: refuse,
    users: refuse,
    close: () => undefined,
  };
}

describe('the engine says what a cycle changed', () => {
  let vault: SyncTestVault;
  let engine: SyncEngine | undefined;

  beforeEach(async () => {
    vault = await createEnrolledTestVault();
  });

  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    await vault.dispose();
  });

  it('before it sends the purge acknowledgement, which may hang', async () => {
    const acks: RecordKey[][] = [];
    const order: string[] = [];
    const said: ChangedRecords[] = [];
    engine = new SyncEngine({
      vault: { connection: () => vault.connection, isUnlocked: () => !vault.connection.isClosed },
      hooks: countingHooks(),
      log: vault.log,
      onStatus: () => undefined,
      onChanges: (records) => {
        order.push('onChanges');
        said.push(records);
      },
      onRevoked: () => Promise.resolve(),
      api: () => {
        const api = stalledAckApi(acks);
        return { ...api, ack: (purged, signal) => (order.push('ack'), api.ack(purged, signal)) };
      },
      poke: false,
      intervalMs: 60_000,
    });
    void engine.start().catch(() => undefined);

    // The acknowledgement is under way and does not answer…
    await until(() => expect(acks).toEqual([[{ entity: 'contacts', recordId: erasedId }]]));
    // …and the screens were told of the erased record before it was sent (before, only once the cycle ended).
    expect(order).toEqual(['onChanges', 'ack']);
    expect(said.map((records) => records.named())).toEqual([{ contacts: [erasedId] }]);
  });
});
