// Push answers and pull pages name the server's clock (serverTime) over the
// real HTTPS server: snapshot pages (prepared JSON), incremental pages and
// push answers alike. A device whose clock is behind merges the stamps they
// carry up to it (src-main/sync/sync-state.ts mergeRemoteStamps).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestDevice } from '../testing/test-device';
import { startTestServer, type TestServer } from '../testing/test-server';

const aheadMs = 15 * 60_000;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  server.advanceClock(aheadMs);
});
afterAll(async () => {
  await server.close();
});

/** Runs `send` and returns its serverTime with the bounds of the server's clock around it. */
async function timed(send: () => Promise<{ readonly serverTime?: number | undefined }>): Promise<{ readonly before: number; readonly at: number | undefined; readonly after: number }> {
  const before = Date.now() + aheadMs;
  const { serverTime } = await send();
  return { before, at: serverTime, after: Date.now() + aheadMs };
}

it("names the server's clock in push answers, snapshot pages and incremental pages", async () => {
  const user = await server.createUser();
  const writer = new TestDevice(server.client, await server.enrolDevice(user));
  const reader = new TestDevice(server.client, await server.enrolDevice(user));
  const answers = [
    await timed(() => writer.push([writer.upsert('contacts', randomUUID(), { name: 'First' })])),
    // Cursor 0: the initial snapshot, sent as prepared JSON.
    await timed(() => reader.pullPage()),
    await timed(() => writer.push([writer.upsert('contacts', randomUUID(), { name: 'Second' })])),
    await timed(() => reader.pullPage()),
  ];
  for (const answer of answers) {
    expect(answer.at).toBeGreaterThanOrEqual(answer.before);
    expect(answer.at).toBeLessThanOrEqual(answer.after);
  }
});
