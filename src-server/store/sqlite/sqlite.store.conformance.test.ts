// Runs the Store conformance suite against the embedded SQLite store, one
// fresh database file in its own temp folder per test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreConformance } from '../conformance/store.conformance';
import { openSqliteStore } from './sqlite-store';

describeStoreConformance('sqlite', (settings = {}) => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldvault-sqlite-store-'));
  const store = openSqliteStore(join(dir, 'store.db'), settings);
  return Promise.resolve({
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});
