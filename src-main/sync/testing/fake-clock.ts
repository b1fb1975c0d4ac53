// Set-up shared by the engine's tests on a fake clock (timers and Date) over
// a real SQLCipher vault: an enrolled test vault, and a wait on the real
// clock while the vault's I/O completes.
import { storeEnrolment } from '../enrolment';
import { createSyncTestVault, type SyncTestVault } from './sync-vault';

/** A test vault enrolled with a sync server that is never reached (the tests give the engine its API). */
export async function createEnrolledTestVault(): Promise<SyncTestVault> {
  const vault = await createSyncTestVault();
  await vault.connection.write((tx) =>
    storeEnrolment(tx, {
      serverUrl: 'https://sync.example.test',
      caPem: 'test CA',
      deviceId: 'device-0001',
      deviceToken: 'test token',
      userId: 'user-1',
      organisationId: 'org-1',
      organisationName: '',
      enrolledAt: 0,
    }),
  );
  return vault;
}

/**
 * Waits (on the real clock: vi.waitFor would move the fake one on) until
 * `check` passes, while the vault's I/O completes.
 */
export async function untilOnRealClock(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
