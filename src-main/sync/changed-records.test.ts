import { describe, expect, it } from 'vitest';
import { events } from '../../src-shared/ipc/events';
import { changesConcern, maxNamedIds } from '../../src-shared/sync/changed-records';
import { uuid7 } from '../vault/uuid7';
import { ChangedRecords } from './changed-records';

describe('changed records', () => {
  it('names each record once, and past the cap names none of that entity, in an event the renderer accepts', () => {
    const changed = new ChangedRecords();
    const deal = uuid7();
    changed.add('deals', deal);
    changed.add('deals', deal);
    for (let index = 0; index <= maxNamedIds; index += 1) changed.add('contacts', uuid7());
    changed.add('contacts', uuid7());
    const payload = { entities: changed.entities(), ids: changed.named() };
    expect(payload).toEqual({ entities: ['deals', 'contacts'], ids: { deals: [deal], contacts: null } });
    expect(events['sync.didApplyChanges'].safeParse(payload).success).toBe(true);

    const merged = ChangedRecords.of({ entity: 'contacts', recordId: deal });
    merged.addAll(changed);
    expect(merged.named()).toEqual({ contacts: null, deals: [deal] });
  });

  it('refuses an event naming more ids than the cap, or ids of an entity it does not name', () => {
    const ids = Array.from({ length: maxNamedIds + 1 }, () => uuid7());
    expect(events['sync.didApplyChanges'].safeParse({ entities: ['contacts'], ids: { contacts: ids } }).success).toBe(false);
    expect(events['sync.didApplyChanges'].safeParse({ entities: ['contacts'], ids: { contacts: [], deals: [] } }).success).toBe(false);
    expect(events['sync.didApplyChanges'].safeParse({ entities: ['contacts'], ids: {} }).success).toBe(false);
  });

  it('concerns a page that shows a named record, lists a changed entity, or shows a record of an entity named only as too many', () => {
    const [mine, other, account] = [uuid7(), uuid7(), uuid7()];
    const page = { records: [{ entity: 'contacts', id: mine }, { entity: 'accounts', id: account }], entities: ['deals'] } as const;
    expect(changesConcern({ entities: ['contacts'], ids: { contacts: [other] } }, page)).toBe(false);
    expect(changesConcern({ entities: ['contacts'], ids: { contacts: [other, mine] } }, page)).toBe(true);
    expect(changesConcern({ entities: ['accounts'], ids: { accounts: [account] } }, page)).toBe(true);
    expect(changesConcern({ entities: ['contacts'], ids: { contacts: null } }, page)).toBe(true);
    expect(changesConcern({ entities: ['deals'], ids: { deals: [other] } }, page)).toBe(true);
    expect(changesConcern({ entities: ['tasks'], ids: { tasks: null } }, page)).toBe(false);
    expect(changesConcern({ entities: [], ids: {} }, page)).toBe(false);
  });

  it('concerns a related list when a changed record is in it or links to its record, or when it cannot tell', () => {
    const [contact, listedDeal, otherDeal, newTask, otherContact] = [uuid7(), uuid7(), uuid7(), uuid7(), uuid7()];
    const page = {
      records: [{ entity: 'contacts', id: contact }],
      lists: [
        { entity: 'deals', linkedTo: contact, ids: [listedDeal] },
        { entity: 'tasks', linkedTo: contact, ids: [] },
      ],
      entities: [],
    } as const;
    // Deals that neither are in the list nor link to the contact: nothing the page shows.
    expect(changesConcern({ entities: ['deals'], ids: { deals: [otherDeal] }, links: { deals: { [otherDeal]: [otherContact] } } }, page)).toBe(false);
    // A listed deal that no longer links here (it leaves the list), or was removed ([]).
    expect(changesConcern({ entities: ['deals'], ids: { deals: [listedDeal] }, links: { deals: { [listedDeal]: [otherContact] } } }, page)).toBe(true);
    expect(changesConcern({ entities: ['deals'], ids: { deals: [listedDeal] }, links: { deals: { [listedDeal]: [] } } }, page)).toBe(true);
    // A task that links here now (it joins).
    expect(changesConcern({ entities: ['tasks'], ids: { tasks: [newTask] }, links: { tasks: { [newTask]: [otherContact, contact] } } }, page)).toBe(true);
    // Links not given for a record, or too many records to name: it may link here.
    expect(changesConcern({ entities: ['tasks'], ids: { tasks: [newTask] } }, page)).toBe(true);
    expect(changesConcern({ entities: ['tasks'], ids: { tasks: [newTask] }, links: { tasks: {} } }, page)).toBe(true);
    expect(changesConcern({ entities: ['tasks'], ids: { tasks: null } }, page)).toBe(true);
    // An entity the page neither shows by id nor lists.
    expect(changesConcern({ entities: ['activities', 'accounts'], ids: { activities: null, accounts: [uuid7()] } }, page)).toBe(false);
  });

  it('gives what each named record links to, the newest word on it, unknown once changed again without one', () => {
    const [first, second, account, contact] = [uuid7(), uuid7(), uuid7(), uuid7()];
    const pulled = new ChangedRecords();
    pulled.add('tasks', first);
    pulled.add('tasks', second);
    pulled.linked('tasks', first, [account]);
    pulled.linked('tasks', second, [contact]);
    // Not a named record: not given.
    pulled.linked('tasks', uuid7(), [account]);
    const later = new ChangedRecords();
    later.add('tasks', first);
    later.linked('tasks', first, []);
    pulled.addAll(later);
    expect(pulled.links()).toEqual({ tasks: { [first]: [], [second]: [contact] } });
    const payload = { entities: pulled.entities(), ids: pulled.named(), links: pulled.links() };
    expect(events['sync.didApplyChanges'].safeParse(payload).success).toBe(true);
    // A push's settlement names the second again, with no word on its links.
    pulled.addAll(ChangedRecords.of({ entity: 'tasks', recordId: second }));
    expect(pulled.links()).toEqual({ tasks: { [first]: [] } });
    // An event may not give links of records it does not name.
    expect(events['sync.didApplyChanges'].safeParse({ ...payload, links: { tasks: { [uuid7()]: [] } } }).success).toBe(false);
    expect(events['sync.didApplyChanges'].safeParse({ ...payload, links: { deals: {} } }).success).toBe(false);
  });
});
