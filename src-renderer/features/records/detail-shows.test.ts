import { describe, expect, it } from 'vitest';
import { withLists } from './detail-shows';

const page = [{ entity: 'accounts', id: 'a1' }] as const;

describe('withLists', () => {
  it('marks partial a list whose count is more than the rows it shows, or capped', () => {
    const rows = [{ id: 'c1' }, { id: 'c2' }];
    const shown = withLists(page, 'a1', ['contacts', 'deals', 'tasks', 'activities'], {
      contacts: rows,
      deals: rows,
      tasks: rows,
      activities: rows,
      counts: { contacts: { count: 150, capped: false }, deals: { count: 2, capped: false }, tasks: { count: 2, capped: true } },
    });
    expect(shown.lists).toEqual([
      { entity: 'contacts', linkedTo: 'a1', ids: ['c1', 'c2'], partial: true },
      { entity: 'deals', linkedTo: 'a1', ids: ['c1', 'c2'] },
      { entity: 'tasks', linkedTo: 'a1', ids: ['c1', 'c2'], partial: true },
      { entity: 'activities', linkedTo: 'a1', ids: ['c1', 'c2'] },
    ]);
  });
});
