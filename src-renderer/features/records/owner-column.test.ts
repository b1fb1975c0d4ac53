// Every list has an Owner column that shows where there is room and goes
// first where there is not: a list's table has about 61.9 rem at 1280 px and
// 71.9 rem at 1440 px and wider (the page is at most 1440 px wide).
import { describe, expect, it } from 'vitest';
import { accountListSpec } from '../accounts/account-list-spec';
import { activityListSpec } from '../activities/activity-list-spec';
import { contactListSpec } from '../contacts/contact-list-spec';
import { dealListSpec } from '../deals/deal-list-spec';
import { taskListSpec } from '../tasks/task-list-spec';
import { columnsThatFit } from './fit-columns';
import type { Column } from './list-spec';

/** Each list's columns, as fit-columns.ts reads them. */
const lists: Readonly<Record<string, readonly Pick<Column<never>, 'id' | 'width' | 'dropOrder'>[]>> = {
  contacts: contactListSpec.columns,
  accounts: accountListSpec.columns,
  deals: dealListSpec.columns,
  tasks: taskListSpec.columns,
  activities: activityListSpec.columns,
};
const at1280 = 61.9;
const at1440 = 71.9;

describe('the lists’ Owner column', () => {
  it.each(Object.entries(lists))('shows on %s at 1440 px and wider, with every other column', (_name, columns) => {
    const ids = columns.map((column) => column.id);
    expect(ids).toContain('owner');
    expect(columnsThatFit(columns, at1440).map((column) => column.id)).toEqual(ids);
  });

  it.each(Object.entries(lists))('goes first on %s when there is no room for it, before any other column', (_name, columns) => {
    const others = columns.filter((column) => column.id !== 'owner');
    for (const rem of [at1280, 50, 40, 30]) {
      const shown = columnsThatFit(columns, rem).map((column) => column.id);
      const without = columnsThatFit(others, rem).map((column) => column.id);
      // Where the others fit without it, it alone goes; anywhere, the others shown are the ones shown with no Owner column at all.
      expect(shown.filter((id) => id !== 'owner')).toEqual(without);
    }
  });
});
