// The lists' counts (`<entity>.count`) through their handlers on a real
// vault, inputs checked by the contract's schemas: exact up to listCountCap
// with the list's own filters and trash side, capped past it after counting
// no more than cap + 1 rows, and refused with paging fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCountCap } from '../../../src-shared/domain/common';
import { ContactDraft, ContactListQuery } from '../../../src-shared/domain/contact';
import { contract, type ChannelInput, type ChannelOutput } from '../../../src-shared/ipc/contract';
import { contactHandlers } from './contacts.handlers';
import { createContacts, countContacts } from './contact.service';
import { dealHandlers } from './deals.handlers';
import { cappedCount } from './list-query';
import { CrmTestVault } from './testing/crm-test-vault';

const context = { sender: { transport: 'test', origin: 'test://fieldvault' } } as const;

describe('list counts (handlers, real vault)', () => {
  let db: CrmTestVault;
  beforeAll(async () => {
    db = await CrmTestVault.create();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const countDealsOf = (input: ChannelInput<'deals.count'>): Promise<ChannelOutput<'deals.count'>> =>
    dealHandlers(db.vault)['deals.count'](contract['deals.count'].input.parse(input), context);
  const countContactsOf = (input: ChannelInput<'contacts.count'>): Promise<ChannelOutput<'contacts.count'>> =>
    contactHandlers(db.vault)['contacts.count'](contract['contacts.count'].input.parse(input), context);

  it('counts the deals a list shows: open ones, all of them, and the trash', async () => {
    const stages = ['lead', 'proposal', 'negotiation', 'won', 'lost'];
    const ids: string[] = [];
    for (const stageId of stages) {
      const deal = await dealHandlers(db.vault, () => db.now())['deals.create'](
        contract['deals.create'].input.parse({ name: `Deal in ${stageId}`, stageId, currency: 'EUR', expectedCloseDate: '2026-05-01' }),
        context,
      );
      ids.push(deal.id);
    }
    expect(await countDealsOf({ filter: { stageKinds: ['open'] } })).toEqual({ count: 3, capped: false });
    expect(await countDealsOf({})).toEqual({ count: 5, capped: false });
    expect(await countDealsOf({ filter: { stageKinds: ['won', 'lost'] }, sort: { field: 'amount', direction: 'desc' } })).toEqual({ count: 2, capped: false });
    await dealHandlers(db.vault, () => db.now())['deals.delete'](contract['deals.delete'].input.parse({ id: ids[0] }), context);
    expect(await countDealsOf({ filter: { stageKinds: ['open'] } })).toEqual({ count: 2, capped: false });
    expect(await countDealsOf({ deleted: 'only' })).toEqual({ count: 1, capped: false });
  });

  it('refuses paging fields and filters the list would refuse', () => {
    for (const input of [{ limit: 50 }, { after: 'abc' }, { filter: { stageKinds: ['closed'] } }, { filter: { nickname: 'x' } }]) {
      expect(contract['deals.count'].input.safeParse(input).success, JSON.stringify(input)).toBe(false);
    }
  });

  it(`says ${listCountCap.toLocaleString('en-US')}+ past the cap, after counting no further than one row past it`, async () => {
    const tagged = 40;
    const total = listCountCap + 60;
    for (let start = 0; start < total; start += 2_000) {
      const drafts = Array.from({ length: Math.min(2_000, total - start) }, (_, offset) =>
        ContactDraft.parse({ name: `Contact ${start + offset}`, tags: start + offset < tagged ? ['rare'] : [] }),
      );
      await db.write((tx, now) => createContacts(tx, drafts, now));
    }
    expect(await countContactsOf({})).toEqual({ count: listCountCap, capped: true });
    expect(await countContactsOf({ filter: { tags: ['rare'] } })).toEqual({ count: tagged, capped: false });
    // The count is asked for cap + 1 rows at most, and countContacts stops there (SQL LIMIT), whatever the table holds.
    const asked: number[] = [];
    const counted = await db.read((tx) =>
      cappedCount(async (upTo) => {
        asked.push(upTo);
        const rows = await countContacts(tx, ContactListQuery.parse({}), upTo);
        expect(rows).toBe(upTo);
        return rows;
      }),
    );
    expect(asked).toEqual([listCountCap + 1]);
    expect(counted).toEqual({ count: listCountCap, capped: true });
  }, 180_000);
});
