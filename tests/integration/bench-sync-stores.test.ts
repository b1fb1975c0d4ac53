// BENCH_SYNC_STORES: a store name the sync bench does not know, or none,
// stops it. Before, such names were dropped, and with no store left every
// sync target read as met (the worst of no values is ±Infinity): the bench
// passed having measured nothing.
import { describe, expect, it } from 'vitest';
import { syncStores } from '../../bench/sync/stores';

describe('the sync bench’s stores', () => {
  it('are both when unset, those named otherwise, and a typo or an empty list stops the bench', () => {
    expect(syncStores(undefined)).toEqual(['sqlite', 'postgres']);
    expect(syncStores('postgres')).toEqual(['postgres']);
    expect(syncStores(' sqlite , postgres,sqlite')).toEqual(['sqlite', 'postgres']);
    for (const setting of ['', ',', 'sqlit', 'sqlite,pg']) {
      expect(() => syncStores(setting), setting).toThrow('BENCH_SYNC_STORES must name sqlite, postgres or both');
    }
  });
});
