// A push stuck behind the PostgreSQL commit lock must be answered before the
// device gives up on it: then the device reads a retryable 503 `unavailable`
// and waits as the server says, instead of a timeout that looks like a network
// failure while the server goes on with the push (seen in session 21's review
// of the busy-store answer).
import { expect, it } from 'vitest';
import { defaultRequestTimeoutMs } from '../../src-main/sync/transport';
import { defaultPostgresTimeouts } from '../../src-server/store/postgres/postgres.store';

it("answers a push waiting for the commit lock well within the device's request timeout", () => {
  // The lock wait, then the push's own statements (each a few milliseconds; bounded by the statement timeout only in the worst case).
  expect(defaultPostgresTimeouts.lockMs * 2).toBeLessThanOrEqual(defaultRequestTimeoutMs);
});
