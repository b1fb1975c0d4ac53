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
});
