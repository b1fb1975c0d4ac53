import { describe, expect, it } from 'vitest';
import { changesConcern, type ChangesToRecords, type Shown } from './changed-records';

const account = '0190a000-0000-7000-8000-000000000001';
const shownContact = '0190a000-0000-7000-8000-000000000002';
const unshownContact = '0190a000-0000-7000-8000-000000000003';
const otherAccount = '0190a000-0000-7000-8000-000000000004';

/** An account's page listing one of its contacts; `partial`: the account has more contacts than the card shows. */
function accountPage(partial: boolean): Shown {
  return {
    records: [{ entity: 'accounts', id: account }],
    lists: [{ entity: 'contacts', linkedTo: account, ids: [shownContact], ...(partial ? { partial } : {}) }],
    entities: [],
  };
}

/** A sync that moved a contact the card does not show to another account. */
const movedAway: ChangesToRecords = { entities: ['contacts'], ids: { contacts: [unshownContact] }, links: { contacts: { [unshownContact]: [otherAccount] } } };
/** A sync that erased a contact the card does not show. */
const erased: ChangesToRecords = { entities: ['contacts'], ids: { contacts: [unshownContact] }, links: { contacts: { [unshownContact]: [] } } };

describe('changesConcern and a related list showing fewer rows than it holds', () => {
  it('concerns a partial list when a record beyond its rows moved away or was erased: its count changed', () => {
    expect(changesConcern(movedAway, accountPage(true))).toBe(true);
    expect(changesConcern(erased, accountPage(true))).toBe(true);
  });

  it('leaves a whole list alone when a record it does not hold moved elsewhere or was erased', () => {
    expect(changesConcern(movedAway, accountPage(false))).toBe(false);
    expect(changesConcern(erased, accountPage(false))).toBe(false);
  });

  it('leaves a partial list alone when the change names no record of its entity', () => {
    const deals: ChangesToRecords = { entities: ['deals'], ids: { deals: [unshownContact] }, links: { deals: { [unshownContact]: [otherAccount] } } };
    expect(changesConcern(deals, accountPage(true))).toBe(false);
    expect(changesConcern({ entities: ['contacts'], ids: { contacts: [] } }, accountPage(true))).toBe(false);
  });
});
