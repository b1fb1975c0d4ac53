// Push and pull over the real HTTPS API against a real organisation: round
// trip, idempotent replay, last-writer-wins per field, deletes win, conflicts
// come back with a compensating change, ownership is enforced.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function newDevice(userId?: string): Promise<TestDevice> {
  const owner = userId ?? (await server.createUser());
  return new TestDevice(server.client, await server.enrolDevice(owner));
}

describe('push and pull', () => {
  it('round-trips a record to another device of the same user, with values and stamps', async () => {
    const userId = await server.createUser();
    const laptop = await newDevice(userId);
    const tablet = await newDevice(userId);
    const id = randomUUID();
    const op = laptop.upsert('contacts', id, { name: 'Zhang Wei', emails: ['wei@example.com'], notes: 'Prefers mornings' });
    const answer = await laptop.push([op]);
    expect(answer).toMatchObject({ appliedThroughSeq: op.seq, rejected: [] });
    expect(answer.commitSeq).toBeGreaterThan(0);

    const changes = await tablet.pullAll();
    // The snapshot, then the replay of commits since the tablet enrolled (which it may already hold): same state each time.
    const mine = changes.filter((change) => change.recordId === id);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    for (const change of mine) expect(change.fields.name).toEqual({ value: 'Zhang Wei', hlc: op.hlc });
    expect(tablet.replica.get(`contacts/${id}`)?.get('notes')).toBe('Prefers mornings');
    expect(tablet.cursor).toBeGreaterThanOrEqual(answer.commitSeq ?? 0);
  });

  it('applies a replayed batch once and answers it the same way', async () => {
    const device = await newDevice();
    const id = randomUUID();
    const ops = [device.upsert('accounts', id, { name: 'Acme' }), device.upsert('accounts', id, { industry: 'Tools' })];
    const first = await device.push(ops);
    const again = await device.push(ops);
    expect(again).toEqual({ appliedThroughSeq: first.appliedThroughSeq, rejected: [], commitSeq: null, overwritten: [], serverTime: again.serverTime });
    const history = await server.org.store.read((tx) => tx.listChangeLog({ entity: 'accounts', recordId: id }));
    expect(history).toHaveLength(1);
  });

  it('keeps the later write of a field (HLC), and returns the loser as a conflict with the winning value', async () => {
    const userId = await server.createUser();
    const a = await newDevice(userId);
    const b = await newDevice(userId);
    const id = randomUUID();
    await a.push([a.upsert('contacts', id, { name: 'Original', title: 'CTO' })]);
    await b.pullAll();
    const older = b.upsert('contacts', id, { title: 'CEO' }, -10_000);
    const newer = a.upsert('contacts', id, { title: 'CFO' });
    await a.push([newer]);
    const answer = await b.push([older]);
    expect(answer.rejected).toHaveLength(1);
    expect(answer.rejected[0]).toMatchObject({ seq: older.seq, code: 'conflict', fields: ['title'] });
    expect(answer.rejected[0]?.compensation).toMatchObject({ kind: 'upsert', fields: { title: { value: 'CFO', hlc: newer.hlc } } });
    // A stale replay of the same batch gets the same rejection back.
    const replay = await b.push([older]);
    expect(replay.rejected[0]).toMatchObject({ seq: older.seq, code: 'conflict', fields: ['title'] });
  });

  it('refuses a deal\'s whole stage move when a newer stage is on the server, its probability and lost reason too', async () => {
    const userId = await server.createUser();
    const a = await newDevice(userId);
    const b = await newDevice(userId);
    const id = randomUUID();
    const meta = { ownerId: userId, createdAt: 1, createdBy: userId, updatedAt: 1, updatedBy: userId };
    await a.push([a.upsert('deals', id, { name: 'Harbour cranes', amount: 1000, currency: 'EUR', stageId: 'negotiation', probability: 50, expectedCloseDate: '2027-05-31', ...meta }, -60_000)]);
    await b.pullAll();
    // Offline on A, earlier: moved to Lost with its reason. Later on B: moved to Proposal (its default, 50 %, is the
    // probability the deal holds, so the move carries the stage alone).
    const lostMove = a.upsert('deals', id, { stageId: 'lost', probability: 0, lostReason: 'Budget' }, -10_000);
    await b.push([b.upsert('deals', id, { stageId: 'proposal' })]);
    const answer = await a.push([lostMove]);
    expect(answer.rejected).toHaveLength(1);
    expect(answer.rejected[0]).toMatchObject({ seq: lostMove.seq, code: 'conflict', fields: ['stageId', 'probability', 'lostReason'] });
    // Before, the probability and reason were kept: an open Proposal deal at 0 % "lost for Budget".
    await b.pullAll();
    const there = b.replica.get(`deals/${id}`);
    expect([there?.get('stageId'), there?.get('probability'), there?.get('lostReason') ?? '']).toEqual(['proposal', 50, '']);
  });

  it('refuses the close date a move to Won set along with its stage when a newer stage is on the server; a date edited apart stays', async () => {
    const userId = await server.createUser();
    const a = await newDevice(userId);
    const b = await newDevice(userId);
    const id = randomUUID();
    const meta = { ownerId: userId, createdAt: 1, createdBy: userId, updatedAt: 1, updatedBy: userId };
    await a.push([a.upsert('deals', id, { name: 'Harbour cranes', amount: 1000, currency: 'EUR', stageId: 'proposal', probability: 50, expectedCloseDate: '2027-06-30', ...meta }, -60_000)]);
    await b.pullAll();
    // Offline on A, earlier: dragged to Won, which dates the deal today (one edit, one stamp). Later on B: to Negotiation.
    const wonMove = a.upsert('deals', id, { stageId: 'won', probability: 100, expectedCloseDate: '2026-12-07' }, -10_000);
    await b.push([b.upsert('deals', id, { stageId: 'negotiation', probability: 75 })]);
    const answer = await a.push([wonMove]);
    expect(answer.rejected).toHaveLength(1);
    expect(answer.rejected[0]).toMatchObject({ seq: wonMove.seq, code: 'conflict', fields: ['stageId', 'probability', 'expectedCloseDate'] });
    // The compensation gives A the server's date back with the server's stage.
    expect(answer.rejected[0]?.compensation?.fields.expectedCloseDate?.value).toBe('2027-06-30');
    // Before, the date was kept (its stamp is newer than the server's): an open Negotiation deal closing today.
    await b.pullAll();
    expect([b.replica.get(`deals/${id}`)?.get('stageId'), b.replica.get(`deals/${id}`)?.get('expectedCloseDate')]).toEqual(['negotiation', '2027-06-30']);

    // A date of a later edit of its own, sent in one operation with an older move (the outbox merges them), is no part
    // of the move: it stays.
    const lostMove = a.upsert('deals', id, { stageId: 'lost', probability: 0, lostReason: 'Budget' }, -8_000);
    const dated = { ...lostMove, fields: { ...lostMove.fields, expectedCloseDate: { value: '2027-09-30', hlc: a.stamp(-7_000) } } };
    await b.push([b.upsert('deals', id, { stageId: 'proposal', probability: 50 })]);
    const second = await a.push([dated]);
    expect(second.rejected[0]).toMatchObject({ seq: dated.seq, code: 'conflict', fields: ['stageId', 'probability', 'lostReason'] });
    await b.pullAll();
    expect([b.replica.get(`deals/${id}`)?.get('stageId'), b.replica.get(`deals/${id}`)?.get('expectedCloseDate')]).toEqual(['proposal', '2027-09-30']);
  });

  it('lets a delete win over a concurrent edit and rejects edits after it', async () => {
    const userId = await server.createUser();
    const a = await newDevice(userId);
    const b = await newDevice(userId);
    const id = randomUUID();
    await a.push([a.upsert('deals', id, { name: 'Big deal' })]);
    await b.pullAll();
    const edit = a.upsert('deals', id, { name: 'Bigger deal' }, 5_000);
    await b.push([b.remove('deals', id)]);
    const answer = await a.push([edit]);
    expect(answer.rejected[0]).toMatchObject({ code: 'conflict', compensation: { kind: 'delete', recordId: id } });
    const changes = await a.pullAll();
    expect(changes.some((change) => change.recordId === id && change.kind === 'delete')).toBe(true);
    expect(a.replica.has(`deals/${id}`)).toBe(false);
  });

  it('refuses changes to a record the device can see but its user does not own', async () => {
    const owner = await server.createUser();
    const colleague = await server.createUser();
    for (const userId of [owner, colleague]) {
      const answer = await server.client.request('POST', '/v1/admin/memberships', {
        token: server.admin.token,
        body: { userId, teamIds: ['team-north'], territoryIds: [] },
      });
      expect(answer.status).toBe(200);
    }
    const a = await newDevice(owner);
    const b = await newDevice(colleague);
    const id = randomUUID();
    await a.push([a.upsert('tasks', id, { title: 'Call back' })]);
    await b.pullAll();
    expect(b.replica.get(`tasks/${id}`)?.get('title')).toBe('Call back');
    const answer = await b.push([b.upsert('tasks', id, { title: 'Hijacked' })]);
    expect(answer.rejected[0]).toMatchObject({ code: 'forbidden', compensation: { kind: 'upsert', fields: { title: { value: 'Call back' } } } });
    await b.pullAll();
    expect(b.replica.get(`tasks/${id}`)?.get('title')).toBe('Call back');
  });
});
