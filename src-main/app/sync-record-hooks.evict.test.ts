// An eviction rewrites the whole search index only when an evicted record's
// entry was replaced on this device (its earlier text may survive as a page
// key): records that came already edited from the server, never re-indexed
// here, only have their keys checked. rewriteIndex is the real one, wrapped
// to count the hooks' calls (the key check's own rewrite is not counted).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeHlc } from '../../src-shared/sync/hlc';
import type { ServerChange } from '../../src-shared/sync/protocol';
import type * as SearchIndex from '../services/search/search-index';
import { applyChanges, type ApplyContext } from '../sync/apply-changes';
import { applyContextOf, contactFields, createSyncTestVault, type SyncTestVault } from '../sync/testing/sync-vault';
import { syncRecordHooks } from './sync-record-hooks';

const rewrites = vi.hoisted(() => ({ count: 0 }));
vi.mock('../services/search/search-index', async (importOriginal) => {
  const actual = await importOriginal<typeof SearchIndex>();
  return {
    ...actual,
    rewriteIndex: async (...args: Parameters<typeof actual.rewriteIndex>) => {
      rewrites.count += 1;
      await actual.rewriteIndex(...args);
    },
  };
});

const server = 'serverdevice00000000001';
const created = encodeHlc({ millis: 1_700_000_000_000, counter: 0, deviceId: server });
const edited = encodeHlc({ millis: 1_700_000_000_500, counter: 0, deviceId: server });
const later = encodeHlc({ millis: 1_700_000_001_000, counter: 0, deviceId: server });

const people = Array.from({ length: 300 }, (_, index) => ({
  id: `0190a5d0-ac96-774b-bcce-${String(index).padStart(12, '0')}`,
  phone: `+447700${String(100_000 + index * 7)}`,
}));

describe('eviction and the search index rewrite (real vault)', () => {
  let vault: SyncTestVault;
  let context: ApplyContext;
  let seq = 0;
  const apply = (changes: Omit<ServerChange, 'commitSeq'>[]) =>
    vault.connection.write((tx) => applyChanges(tx, context, changes.map((change) => ({ ...change, commitSeq: ++seq }))));
  const evict = (ids: readonly string[]) => apply(ids.map((recordId) => ({ entity: 'contacts', recordId, kind: 'evict', fields: {} })));
  const marks = () => vault.connection.read((tx) => tx.all<{ record_id: string }>('SELECT record_id FROM search_replaced ORDER BY record_id'));

  beforeEach(async () => {
    vault = await createSyncTestVault();
    context = await applyContextOf(vault, syncRecordHooks);
    seq = 0;
    rewrites.count = 0;
    // Each arrives edited: its phone stamped after the rest, so it has a field version of its own.
    await apply(
      people.map((person, index) => ({
        entity: 'contacts',
        recordId: person.id,
        kind: 'upsert',
        fields: { ...contactFields(created, { name: `Person ${index}`, emails: [], tags: [] }), phones: { value: [person.phone], hlc: edited } },
      })),
    );
  });

  afterEach(async () => {
    await vault.dispose();
  });

  it('evicting records that arrived already edited does not rewrite the index', async () => {
    const versions = await vault.connection.read((tx) => tx.get<{ n: number }>("SELECT count(DISTINCT record_id) AS n FROM field_versions WHERE entity = 'contacts' AND field = 'phones'"));
    expect(versions?.n).toBe(people.length);
    expect(await marks()).toEqual([]);

    const outcome = await evict(people.slice(0, 100).map((person) => person.id));
    expect(outcome.removed).toBe(100);
    // Before, every such eviction rewrote the whole index (once per page of evictions).
    expect(rewrites.count).toBe(0);
    expect(await vault.connection.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM search_docs'))).toEqual({ n: people.length - 100 });
  });

  it('evicting a record whose entry a pulled update replaced rewrites it once, and the rewrite clears every mark', async () => {
    const [first, second, third] = people;
    if (first === undefined || second === undefined || third === undefined) throw new Error('no people');
    await apply(
      [first, second].map((person) => ({ entity: 'contacts', recordId: person.id, kind: 'upsert', fields: { phones: { value: ['+15550100'], hlc: later } } })),
    );
    // A pulled update that leaves the search text as it was replaces no entry.
    await apply([{ entity: 'contacts', recordId: third.id, kind: 'upsert', fields: { phones: { value: [third.phone], hlc: later } } }]);
    expect(await marks()).toEqual([{ record_id: first.id }, { record_id: second.id }]);

    await evict([third.id, first.id, people[3]?.id ?? '']);
    expect(rewrites.count).toBe(1);
    expect(await marks()).toEqual([]);
  });
});
