// A pull while other writes hold the store's write lock past the write
// queue's bound, over the real HTTPS API, on both stores. A pull reads; the
// only write it makes as a rule is the mark of the cursor it served
// (pull.ts recordCursor), which under push contention failed BUSY and lost
// the page (503). The mark is skipped then, said in a warning without
// customer values, and made by the next pull. A restored vault's mark
// (`rewound`) is not skipped: without it, its later pages would leave out its
// own pushes, which it lacks; that pull still answers 503.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncErrorBody } from '../../src-shared/sync/protocol';
import { holdWriteLock } from '../store/conformance/write-queue.conformance';
import { bothStores } from '../testing/both-stores';
import { TestDevice } from '../testing/test-device';
import { startTestServer, type TestServer } from '../testing/test-server';

const stores = bothStores('pull_busy');
const writeQueueMs = 1_000;

interface Line {
  readonly event: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Runs `work` while the store's write lock is held (like a long push before it), then lets go. */
async function whileWritesHeld<T>(server: TestServer, work: () => Promise<T>): Promise<T> {
  const held = await holdWriteLock(server.org.store);
  try {
    return await work();
  } finally {
    held.release();
    await held.done;
  }
}

describe.each(stores)('a pull while writes hold the store (%s)', (_name, choose) => {
  let server: TestServer;
  const lines: Line[] = [];
  beforeAll(async () => {
    server = await startTestServer({ store: { ...(await choose()), writeQueueMs }, log: (event, fields) => lines.push({ event, fields }) });
  }, 120_000);
  afterAll(async () => {
    await server.close();
  }, 60_000);

  const lastCursorOf = async (device: TestDevice): Promise<number | undefined> =>
    (await server.org.store.read((tx) => tx.getDevice(device.enrolled.deviceId)))?.lastCursor;

  it('still returns its page, and the next pull records the cursor it skipped', async () => {
    const userId = await server.createUser();
    const laptop = new TestDevice(server.client, await server.enrolDevice(userId));
    const phone = new TestDevice(server.client, await server.enrolDevice(userId));
    await laptop.pullAll();
    await laptop.push([laptop.upsert('contacts', randomUUID(), { name: 'Own Secret Name' })]);
    const ada = randomUUID();
    await phone.push([phone.upsert('contacts', ada, { name: 'Ada Secret' })]);
    const before = await lastCursorOf(laptop);

    const page = await whileWritesHeld(server, () => laptop.pullPage());
    expect(page.changes.map((change) => change.recordId)).toEqual([ada]);
    expect(laptop.replica.get(`contacts/${ada}`)?.get('name')).toBe('Ada Secret');
    // Not recorded, and said so without a customer value.
    expect(await lastCursorOf(laptop)).toBe(before);
    const warnings = lines.filter((line) => line.event === 'pull.cursor_not_recorded');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({ level: 'warn', device: laptop.enrolled.deviceId, cursor: page.cursor });
    expect(JSON.stringify(warnings)).not.toContain('Secret');

    expect((await laptop.pullPage()).changes).toEqual([]);
    expect(await lastCursorOf(laptop)).toBe(laptop.cursor);
  }, 60_000);

  it('answers a restored vault 503 rather than serve it without raising its mark', async () => {
    const userId = await server.createUser();
    const laptop = new TestDevice(server.client, await server.enrolDevice(userId));
    const phone = new TestDevice(server.client, await server.enrolDevice(userId));
    await laptop.pullAll();
    const monday = new TestDevice(server.client, laptop.enrolled);
    monday.cursor = laptop.cursor;
    await laptop.push([laptop.upsert('contacts', randomUUID(), { name: 'Tuesday' })]);
    await laptop.pullAll();
    await phone.push([phone.upsert('contacts', randomUUID(), { name: 'Wednesday' })]);
    const marked = await lastCursorOf(laptop);
    expect(monday.cursor).toBeLessThan(marked ?? 0);

    const answer = await whileWritesHeld(server, () => monday.rawPull());
    expect(answer.status).toBe(503);
    expect(SyncErrorBody.parse(answer.json).error).toMatchObject({ code: 'unavailable' });
    expect(await lastCursorOf(laptop)).toBe(marked);
    // Once the writes let go, the same pull is served and raises the mark to the head.
    await monday.pullAll();
    expect(await lastCursorOf(laptop)).toBe(await server.org.store.read((tx) => tx.head()));
  }, 60_000);
});
