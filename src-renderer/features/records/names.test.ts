// The name cache learns a record's name only from an answer asked for after the last change it heard: a late
// answer (a search's hits, a board's columns) would otherwise teach back the name of a record a sync erased.
import { describe, expect, it } from 'vitest';
import { ConnectionCell } from '../../api/connection';
import type { FieldVaultApi } from '../../api/bridge-client';
import { NameCache } from './names';

const api: FieldVaultApi = {
  invoke: () => Promise.reject(new Error('no read in this test')),
  on: () => () => undefined,
  connection: new ConnectionCell({ status: 'ready' }),
};
const id = '0190f1a2-7c3e-7b4d-8e5f-0a1b2c3d4e5f';

describe('NameCache.learn', () => {
  it('does not learn a name from an answer asked for before a sync changed records', () => {
    const cache = new NameCache(api);
    const asked = cache.stamp();
    // The sync erases the contact while the answer naming it is on its way.
    cache.changed({ entities: ['contacts'], ids: { contacts: [id] } });
    cache.learn(id, 'Bruno Gone', asked);
    expect(cache.peek(id)).toBeUndefined();
    // An answer asked for since is learnt; a change to the user directory alone (no records) changes nothing.
    const since = cache.stamp();
    cache.changed({ entities: [], ids: {} });
    cache.learn(id, 'Bruno Here', since);
    expect(cache.peek(id)).toBe('Bruno Here');
  });

  it('learns a name held without a stamp (a record the page has read) at once', () => {
    const cache = new NameCache(api);
    cache.changed({ entities: ['contacts'], ids: { contacts: null } });
    cache.learn(id, 'Ada Quay');
    expect(cache.peek(id)).toBe('Ada Quay');
  });
});
