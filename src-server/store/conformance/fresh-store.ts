// A fresh store for every test of a conformance section (beforeEach /
// afterEach), so each test sees only its own rows and its own commit head.
import { afterEach, beforeEach } from 'vitest';
import type { MakeStore, StoreUnderTest } from './fixtures';

export function useFreshStore(makeStore: MakeStore): () => StoreUnderTest {
  let current: StoreUnderTest | null = null;
  beforeEach(async () => {
    current = await makeStore();
  });
  afterEach(async () => {
    const done = current;
    current = null;
    await done?.dispose();
  });
  return () => {
    if (current === null) throw new Error('No store: useFreshStore must be called inside a describe block.');
    return current;
  };
}
