// Pull paging over the real API: incremental pages hold whole commits (a
// commit bigger than the limit comes whole, alone), the cursor is the last
// commit of the page, and the initial snapshot is keyset-paged at a fixed
// sequence, resumable from any page, with writes during it caught afterwards.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';
import { SyncErrorBody } from '../../src-shared/sync/protocol';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('pull pages', () => {
  it('never split a commit, and end their cursor at the last commit they hold', async () => {
    const userId = await server.createUser();
    const writer = new TestDevice(server.client, await server.enrolDevice(userId));
    const reader = new TestDevice(server.client, await server.enrolDevice(userId));
    await reader.pullAll();
    const sizes = [10, 1, 4, 2, 7];
    const commits = new Map<number, number>();
    for (const size of sizes) {
      const ops = Array.from({ length: size }, (_, index) => writer.upsert('contacts', randomUUID(), { name: `C${index}`, title: 'T', notes: 'N' }));
      const answer = await writer.push(ops);
      commits.set(answer.commitSeq ?? 0, size);
    }
    const seen = new Map<number, number>();
    let pages = 0;
    for (let page = await reader.pullPage(12); ; page = await reader.pullPage(12)) {
      pages += 1;
      const inPage = new Map<number, number>();
      for (const change of page.changes) inPage.set(change.commitSeq, (inPage.get(change.commitSeq) ?? 0) + 1);
      for (const [seq, count] of inPage) {
        expect(seen.has(seq), `commit ${seq} split across pages`).toBe(false);
        expect(count).toBe(commits.get(seq));
        seen.set(seq, count);
      }
      if (page.changes.length > 0) expect(page.cursor).toBe(Math.max(...inPage.keys()));
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(commits);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('snapshot: keyset pages at a fixed sequence, resumable after a crash, then catches up with writes made during it', async () => {
    const userId = await server.createUser();
    const writer = new TestDevice(server.client, await server.enrolDevice(userId));
    const ids = Array.from({ length: 25 }, () => randomUUID());
    await writer.push(ids.map((id, index) => writer.upsert('accounts', id, { name: `Account ${index}` })));
    const fresh = new TestDevice(server.client, await server.enrolDevice(userId));

    const first = await fresh.pullPage(6);
    expect(first.resume).toMatchObject({ phase: 'snapshot' });
    expect(first.cursor).toBe(0);
    // The first page says how many records the whole snapshot holds; the others do not count again.
    expect(first.total).toBe(25);
    const second = await fresh.pullPage(6);
    expect(second.resume?.atSeq).toBe(first.resume?.atSeq);
    expect(second.total).toBeNull();
    const seenInSnapshot = new Set([...first.changes, ...second.changes].map((change) => change.recordId));
    expect(seenInSnapshot.size).toBe(first.changes.length + second.changes.length);

    // The device crashes and restarts from what it stored: cursor and resume token.
    const restarted = new TestDevice(server.client, fresh.enrolled);
    restarted.cursor = fresh.cursor;
    restarted.resume = fresh.resume;
    for (const [key, record] of fresh.replica) restarted.replica.set(key, new Map(record));

    const renamed = ids[24] ?? '';
    await writer.push([writer.upsert('accounts', renamed, { name: 'Renamed during snapshot' })]);
    await restarted.pullAll(6);
    expect(restarted.resume).toBeNull();
    for (const [index, id] of ids.entries()) {
      expect(restarted.replica.get(`accounts/${id}`)?.get('name')).toBe(id === renamed ? 'Renamed during snapshot' : `Account ${index}`);
    }
  });

  it('refuses a resume token that does not fit the cursor, and answers cursor_ahead to a position a restored server lacks', async () => {
    const device = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
    await device.pullAll();
    const refusal = async () => {
      const answer = await device.rawPull();
      return { status: answer.status, code: SyncErrorBody.safeParse(answer.json).data?.error.code };
    };
    // A snapshot resumed past cursor 0 is no position any device stores: a client bug.
    device.resume = { atSeq: device.cursor, phase: 'snapshot', after: null };
    expect(await refusal()).toEqual({ status: 400, code: 'bad_request' });
    // After a restore from an older backup, the device's position is one this server does not hold: it starts again.
    device.resume = { atSeq: device.cursor, phase: 'evict', after: null };
    expect(await refusal()).toEqual({ status: 409, code: 'cursor_ahead' });
    device.resume = { atSeq: device.cursor + 1_000, phase: 'backfill', after: null };
    expect(await refusal()).toEqual({ status: 409, code: 'cursor_ahead' });
    device.resume = null;
    device.cursor += 1_000_000;
    expect(await refusal()).toEqual({ status: 409, code: 'cursor_ahead' });

    // A refused cursor is not recorded as the device's (a later snapshot ends at the cursor it did confirm).
    const enrolled = await server.enrolDevice(await server.createUser());
    const fresh = new TestDevice(server.client, enrolled);
    const confirmed = async () => (await server.org.ctx.store.read((tx) => tx.getDevice(enrolled.deviceId)))?.lastCursor;
    const before = await confirmed();
    fresh.cursor = 1_000_000;
    expect((await fresh.rawPull()).status).toBe(409);
    expect(await confirmed()).toBe(before);
  });
});
