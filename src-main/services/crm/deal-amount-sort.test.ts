// The deals list sorted by amount, on a real vault: currencies stay in code
// order in both directions, each currency's amounts run in the sort's
// direction, cursors page across a currency's end both ways, and every page
// walks or seeks an amount index with no sort step.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DealDraft, DealListQuery, type Deal } from '../../../src-shared/domain/deal';
import { dealListRequest, dealTable } from './deal.repo';
import { createDeal, listDeals } from './deal.service';
import { buildListQuery, chooseConditionPlans, encodeCursor, type PageStart } from './list-query';
import { CrmTestVault } from './testing/crm-test-vault';

describe('deals by amount (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addDeals = (amounts: readonly (readonly [number, string])[], stageId = 'lead') =>
    db.write(async (tx, now) => {
      const made: Deal[] = [];
      for (const [index, [amount, currency]] of amounts.entries()) {
        made.push(await createDeal(tx, DealDraft.parse({ name: `Deal ${String(index)}`, amount, currency, stageId, expectedCloseDate: '2026-06-30' }), now));
      }
      return made;
    });
  /** Every deal of the list, followed page by page through its cursors. */
  const allPages = async (input: z.input<typeof DealListQuery>, limit: number) => {
    const seen: Deal[] = [];
    let after: string | undefined;
    do {
      const page = await db.read((tx) => listDeals(tx, DealListQuery.parse({ ...input, limit, after })));
      seen.push(...page.items);
      after = page.next ?? undefined;
    } while (after !== undefined);
    return seen;
  };
  const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  /** Currency in code order, then amount and id in the given direction. */
  const expected = (deals: readonly Deal[], direction: 'asc' | 'desc') =>
    [...deals]
      .sort((a, b) => {
        const sign = direction === 'asc' ? 1 : -1;
        return compare(a.currency, b.currency) || sign * compare(a.amount, b.amount) || sign * compare(a.id, b.id);
      })
      .map((deal) => `${deal.currency} ${String(deal.amount)} ${deal.id}`);
  const shown = (deals: readonly Deal[]) => deals.map((deal) => `${deal.currency} ${String(deal.amount)} ${deal.id}`);

  it('keeps the currencies in code order when the sort flips, and pages across each currency\'s end both ways', async () => {
    const deals = await addDeals([
      [2_128_000, 'JPY'], [1_960_000, 'EUR'], [2_190_000, 'USD'], [500, 'EUR'], [99_000, 'USD'],
      [1_960_000, 'EUR'], [10, 'JPY'], [7_000_000, 'EUR'], [0, 'USD'], [2_190_000, 'USD'], [300, 'GBP'],
    ]);
    const descending = await allPages({ sort: { field: 'amount', direction: 'desc' } }, 100);
    expect(descending.map((deal) => deal.currency)).toEqual(['EUR', 'EUR', 'EUR', 'EUR', 'GBP', 'JPY', 'JPY', 'USD', 'USD', 'USD', 'USD']);
    expect(descending.map((deal) => deal.amount)).toEqual([7_000_000, 1_960_000, 1_960_000, 500, 300, 2_128_000, 10, 2_190_000, 2_190_000, 99_000, 0]);
    for (const direction of ['asc', 'desc'] as const) {
      // Every page size: pages end inside a currency, on its last deal, and one row past it.
      for (const limit of [1, 2, 3, 4, 5]) {
        expect(shown(await allPages({ sort: { field: 'amount', direction } }, limit))).toEqual(expected(deals, direction));
      }
    }
  });

  it('pages a filtered list by descending amount the same way, whichever plan the filter takes', async () => {
    // One deal in forty open: the stage filter drives the query (few) and, after 400 more open deals, walks the sort index.
    const closed = await addDeals(Array.from({ length: 400 }, (_, index) => [(index * 7_919) % 5_000, ['EUR', 'JPY', 'USD'][index % 3] ?? 'EUR'] as const), 'won');
    const few = await addDeals(Array.from({ length: 10 }, (_, index) => [(index * 31) % 7, ['USD', 'EUR'][index % 2] ?? 'EUR'] as const));
    const query: z.input<typeof DealListQuery> = { sort: { field: 'amount', direction: 'desc' }, filter: { stageKinds: ['open'] } };
    expect(shown(await allPages(query, 3))).toEqual(expected(few, 'desc'));
    const many = [...few, ...(await addDeals(Array.from({ length: 400 }, (_, index) => [(index * 104_729) % 900, ['GBP', 'EUR', 'USD'][index % 3] ?? 'EUR'] as const)))];
    expect(shown(await allPages(query, 37))).toEqual(expected(many, 'desc'));
    expect(shown(await allPages({ sort: { field: 'amount', direction: 'desc' } }, 97))).toEqual(expected([...closed, ...many], 'desc'));
  }, 60_000);

  it('walks deals_live_amount_desc forward for the descending sort and seeks in it from a cursor, with no sort step', async () => {
    const [deal] = await addDeals([[1_000, 'EUR'], [2_000, 'USD']]);
    if (deal === undefined) throw new Error('no deal');
    const planOf = async (direction: 'asc' | 'desc', after: string | undefined, from: PageStart = 'cursor') => {
      const request = await db.read((tx) => chooseConditionPlans(tx, dealListRequest(DealListQuery.parse({ sort: { field: 'amount', direction }, after })), 'deals'));
      const built = buildListQuery(dealTable, request, from);
      return db.plan(built.sql, built.params);
    };
    const cursor = (direction: 'asc' | 'desc') => encodeCursor('amount', direction, [deal.currency, deal.amount], deal.id);
    expect(await planOf('asc', undefined)).toMatch(/SCAN deals USING INDEX deals_live_amount\b(?!_desc)/);
    expect(await planOf('asc', cursor('asc'))).toMatch(/SEARCH deals USING INDEX deals_live_amount \(\(currency,amount,id\)>\(\?,\?,\?\)\)/);
    expect(await planOf('desc', undefined)).toMatch(/SCAN deals USING INDEX deals_live_amount_desc/);
    // From a cursor: the rest of its currency is one seek, and the currencies after it another.
    expect(await planOf('desc', cursor('desc'))).toMatch(/SEARCH deals USING INDEX deals_live_amount_desc \(currency=\? AND \(amount,id\)<\(\?,\?\)\)/);
    expect(await planOf('desc', cursor('desc'), 'next-groups')).toMatch(/SEARCH deals USING INDEX deals_live_amount_desc \(currency>\?\)/);
    for (const direction of ['asc', 'desc'] as const) {
      for (const after of [undefined, cursor(direction)]) expect(await planOf(direction, after)).not.toMatch(/TEMP B-TREE/);
    }
  });
});
