// One operation refused twice, over the real HTTPS API, on both stores: a
// field this server does not know (`unknown_field`) and a field that lost on
// HLC (`conflict`) in the same operation. Both refusals come back, each with
// what the client needs (the conflict's compensation carries the winning
// value), the rest of the operation applies, the device's seq moves on, and
// a replay answers the same.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponse } from '../../src-shared/sync/protocol';
import type { StoreChoice } from '../org/open-store';
import { startPostgresTestServer, type PostgresTestServer } from '../store/postgres/testing/postgres-test-server';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

let postgres: PostgresTestServer | undefined;

beforeAll(async () => {
  postgres = await startPostgresTestServer();
});
afterAll(async () => {
  await postgres?.stop();
});

const stores: readonly [string, () => Promise<StoreChoice>][] = [
  ['sqlite', () => Promise.resolve({ kind: 'sqlite' })],
  [
    'postgres',
    async () => {
      if (postgres === undefined) throw new Error('The PostgreSQL test server did not start.');
      return { kind: 'postgres', databaseUrl: postgres.connectionString(await postgres.createDatabase('rejections')) };
    },
  ],
];

describe.each(stores)('an operation with an unknown field and a lost field (%s)', (_name, choose) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ store: await choose() });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers both refusals, applies the rest, moves the seq on and replays the same answer', async () => {
    const userId = await server.createUser();
    const a = new TestDevice(server.client, await server.enrolDevice(userId));
    const b = new TestDevice(server.client, await server.enrolDevice(userId));
    const id = randomUUID();
    const winner = a.upsert('contacts', id, { name: 'Newer' });
    await a.push([winner]);

    // b: an older stamp on name (loses), a field from a newer schema (unknown) and a title nobody else wrote (applies).
    const op = b.upsert('contacts', id, { name: 'Older', favouriteColour: 'blue', title: 'CTO' }, -10_000);
    const later = b.upsert('contacts', randomUUID(), { name: 'Unrelated later edit' });
    const first = await b.rawPush([op, later]);
    expect(first.status).toBe(200);
    const answer = PushResponse.parse(first.json);
    expect(answer.appliedThroughSeq).toBe(later.seq);
    expect(answer.commitSeq).not.toBeNull();
    expect(answer.rejected).toEqual([
      {
        seq: op.seq,
        code: 'conflict',
        message: 'A newer change of name is already on the server',
        fields: ['name'],
        compensation: { commitSeq: answer.commitSeq, entity: 'contacts', recordId: id, kind: 'upsert', fields: { name: { value: 'Newer', hlc: winner.hlc } } },
      },
      { seq: op.seq, code: 'unknown_field', message: 'Fields this server does not know: favouriteColour', fields: ['favouriteColour'], compensation: null },
    ]);
    // No customer value in a refusal.
    expect(JSON.stringify(answer.rejected.map(({ seq, code, message, fields }) => ({ seq, code, message, fields })))).not.toMatch(/Older|blue|CTO/);

    const stored = await server.org.store.read((tx) => tx.getDevice(b.enrolled.deviceId));
    expect(stored?.lastAppliedSeq).toBe(later.seq);
    await a.pullAll();
    expect(a.replica.get(`contacts/${id}`)?.get('title')).toBe('CTO');
    expect(a.replica.get(`contacts/${id}`)?.get('name')).toBe('Newer');

    // The answer was lost: the resent batch writes nothing and gets both refusals back.
    const again = await b.rawPush([op, later]);
    expect(again.status).toBe(200);
    const replay = PushResponse.parse(again.json);
    expect(replay.commitSeq).toBeNull();
    expect(replay.appliedThroughSeq).toBe(later.seq);
    expect(replay.rejected.map(({ seq, code, message, fields }) => ({ seq, code, message, fields }))).toEqual(
      answer.rejected.map(({ seq, code, message, fields }) => ({ seq, code, message, fields })),
    );
    expect(replay.rejected[0]?.compensation).toMatchObject({ kind: 'upsert', fields: { name: { value: 'Newer', hlc: winner.hlc } } });
  });
});
