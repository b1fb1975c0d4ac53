// One operation refused twice, over the real HTTPS API, on both stores: a
// field this server does not know (`unknown_field`) and a field that lost on
// HLC (`conflict`) in the same operation. Both refusals come back, each with
// what the client needs (the conflict's compensation carries the winning
// value), the rest of the operation applies, the device's seq moves on, and
// a replay answers the same. A value the CRM would store otherwise (the
// schemas trim and drop a repeated tag before they check) is refused.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponse } from '../../src-shared/sync/protocol';
import { bothStores } from '../testing/both-stores';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

const stores = bothStores('rejections');

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
    await b.pullAll();

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

  it('refuses a new record whose id is not in lower case, alone, and applies the rest of the push', async () => {
    const userId = await server.createUser();
    const device = new TestDevice(server.client, await server.enrolDevice(userId));
    // Keys compare byte for byte: an upper-case copy of an erased id was a key the erasure ledger did not know.
    const upper = randomUUID().toUpperCase();
    const shouted = device.upsert('contacts', upper, { name: 'Shouted' });
    const plain = device.upsert('contacts', randomUUID(), { name: 'Plain' });
    const answer = PushResponse.parse((await device.rawPush([shouted, plain])).json);
    expect(answer.appliedThroughSeq).toBe(plain.seq);
    expect(answer.rejected).toEqual([{ seq: shouted.seq, code: 'invalid', message: 'A new record id must be a lower-case UUID', fields: [], compensation: null }]);
    expect(await server.org.store.read((tx) => tx.getRecords([{ entity: 'contacts', recordId: upper }]))).toEqual([]);
    expect(await server.org.store.read((tx) => tx.getRecords([{ entity: 'contacts', recordId: plain.recordId }]))).toHaveLength(1);
  });

  it('refuses values the CRM could not have written, field by field, applies the rest and restores the server’s values', async () => {
    const userId = await server.createUser();
    const a = new TestDevice(server.client, await server.enrolDevice(userId));
    const b = new TestDevice(server.client, await server.enrolDevice(userId));
    const id = randomUUID();
    const created = a.upsert('contacts', id, { name: 'Ada', title: 'Engineer' });
    await a.push([created]);

    // A blank name, an over-long title and an address that is no email: the CRM's forms refuse all three.
    const bad = a.upsert('contacts', id, { name: '   ', title: 'x'.repeat(201), emails: ['not-an-email'], tags: ['vip'] });
    const answer = await a.push([bad]);
    expect(answer.commitSeq).not.toBeNull();
    expect(answer.rejected).toEqual([
      {
        seq: bad.seq,
        code: 'invalid',
        message: 'Values not accepted for: name, title, emails',
        fields: ['name', 'title', 'emails'],
        // The server's values of the refused fields (it has no emails yet), for the device to put back.
        compensation: {
          commitSeq: answer.commitSeq,
          entity: 'contacts',
          recordId: id,
          kind: 'upsert',
          fields: { name: { value: 'Ada', hlc: created.hlc }, title: { value: 'Engineer', hlc: created.hlc } },
        },
      },
    ]);
    expect(JSON.stringify(answer.rejected.map(({ message }) => message))).not.toMatch(/not-an-email|xxx/);

    await b.pullAll();
    const record = b.replica.get(`contacts/${id}`);
    expect(record?.get('tags')).toEqual(['vip']);
    expect(record?.get('name')).toBe('Ada');
    expect(record?.get('title')).toBe('Engineer');
    expect(record?.has('emails')).toBe(false);
  });

  it('refuses a new record without a valid value for each field it needs, writes nothing of it, and replays the same answer', async () => {
    const userId = await server.createUser();
    const a = new TestDevice(server.client, await server.enrolDevice(userId));
    const b = new TestDevice(server.client, await server.enrolDevice(userId));
    const contact = randomUUID();
    const deal = randomUUID();
    // A contact sent without its name and metadata: its peers could never store it.
    const partial = a.rawUpsert('contacts', contact, { title: 'CTO' });
    // A deal with a currency that is no ISO code and a negative amount.
    const negative = a.upsert('deals', deal, { amount: -500, currency: 'euro' });
    const first = await a.rawPush([partial, negative]);
    expect(first.status).toBe(200);
    const answer = PushResponse.parse(first.json);
    expect(answer).toEqual({
      appliedThroughSeq: negative.seq,
      commitSeq: null,
      overwritten: [],
      serverTime: answer.serverTime,
      rejected: [
        {
          seq: partial.seq,
          code: 'invalid',
          message: 'A new record needs valid values for: name, ownerId, createdAt, createdBy, updatedAt, updatedBy; nothing of it was written',
          fields: ['name', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'],
          compensation: null,
        },
        {
          seq: negative.seq,
          code: 'invalid',
          message: 'A new record needs valid values for: amount, currency; nothing of it was written',
          fields: ['amount', 'currency'],
          compensation: null,
        },
      ],
    });

    // The answer was lost: the resent batch gets the same one.
    const again = PushResponse.parse((await a.rawPush([partial, negative])).json);
    // The same answer but for the server's clock as it answered (PushResponse.serverTime).
    expect({ ...again, serverTime: answer.serverTime }).toEqual(answer);

    // A later edit of the refused contact does not create it piecemeal either.
    const edit = a.rawUpsert('contacts', contact, { name: 'Grace' });
    expect((await a.push([edit])).rejected.map(({ seq, code }) => ({ seq, code }))).toEqual([{ seq: edit.seq, code: 'invalid' }]);
    expect(await b.pullAll()).toEqual([]);
    expect(b.replica.size).toBe(0);
  });

  it('refuses a value the CRM would store otherwise (padded past its limit, a tag hiding a control character, a tag twice), keeping the stored one', async () => {
    const userId = await server.createUser();
    const a = new TestDevice(server.client, await server.enrolDevice(userId));
    const b = new TestDevice(server.client, await server.enrolDevice(userId));
    const id = randomUUID();
    await a.push([a.upsert('contacts', id, { name: 'Acme Buyer', tags: ['vip'] })]);
    // A name of 200 characters at most, checked trimmed: a million spaces after it went to every peer.
    const padded = a.upsert('contacts', id, { name: `Acme${' '.repeat(100_000)}` });
    const hidden = a.upsert('contacts', id, { tags: ['\nVIP'] });
    const twice = a.upsert('contacts', id, { tags: ['VIP', 'vip'] });
    const answer = await a.push([padded, hidden, twice]);
    expect(answer.rejected.map(({ seq, code, fields }) => ({ seq, code, fields }))).toEqual([
      { seq: padded.seq, code: 'invalid', fields: ['name'] },
      { seq: hidden.seq, code: 'invalid', fields: ['tags'] },
      { seq: twice.seq, code: 'invalid', fields: ['tags'] },
    ]);
    await b.pullAll();
    expect(b.replica.get(`contacts/${id}`)?.get('name')).toBe('Acme Buyer');
    expect(b.replica.get(`contacts/${id}`)?.get('tags')).toEqual(['vip']);
  });
});

