// List filters as typed ↔ the shared list-query shapes, and the checks that
// map a schema problem to the control that caused it.
import { describe, expect, it } from 'vitest';
import { SavedView } from '../../../src-shared/domain/saved-view';
import { contactListSpec } from '../contacts/contact-list-spec';
import { dealListSpec } from '../deals/deal-list-spec';
import { taskListSpec } from '../tasks/task-list-spec';
import { countActiveFilters, dateRangeOf, daysOfTimeRange, emptyFilter, emptyKindOf, nextSort, sameListState, splitTags, timeRangeOf } from './list-state';

describe('list state', () => {
  it('turns a typed day range into an inclusive local time range and back', () => {
    const filter = { ...emptyFilter, dateField: 'createdAt', from: '2026-03-01', to: '2026-03-31' };
    const range = timeRangeOf(filter, 'createdAt');
    expect(range?.from).toBe(new Date(2026, 2, 1).getTime());
    expect(range?.to).toBe(new Date(2026, 3, 1).getTime() - 1);
    expect(daysOfTimeRange(range)).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(timeRangeOf(filter, 'updatedAt')).toBeUndefined();
    expect(dateRangeOf({ ...filter, dateField: 'expectedCloseDate' }, 'expectedCloseDate')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
  });

  it('keeps a year below 100 in a typed day range, not 1900 years later', () => {
    const filter = { ...emptyFilter, dateField: 'createdAt', from: '0001-01-01', to: '0099-12-31' };
    const range = timeRangeOf(filter, 'createdAt');
    expect(new Date(range?.from ?? Number.NaN).getFullYear()).toBe(1);
    expect(daysOfTimeRange(range)).toEqual({ from: '0001-01-01', to: '0099-12-31' });
  });

  it('counts active filters and splits tags', () => {
    expect(countActiveFilters(emptyFilter)).toBe(0);
    expect(countActiveFilters({ ...emptyFilter, tags: 'a', stageIds: ['lead'], dateField: 'createdAt', from: '2026-01-01' })).toBe(3);
    expect(splitTags(' a, ,b ')).toEqual(['a', 'b']);
    expect(splitTags(' , ')).toBeUndefined();
    // What a Chinese keyboard types between tags: ，、；
    expect(splitTags('重要，VIP、华北；north')).toEqual(['重要', 'VIP', '华北', 'north']);
  });

  it('tells a list that differs from a saved view from one that shows the same (the view bar offers "Update" only then)', () => {
    const tasks = taskListSpec.defaultState;
    expect(sameListState(tasks, { ...tasks, filter: { ...tasks.filter } })).toBe(true);
    // The same query typed or chosen otherwise: choices in another order, spaces around tags, a date field without dates.
    expect(sameListState({ ...tasks, filter: { ...tasks.filter, statuses: [...tasks.filter.statuses].reverse(), tags: 'a,b' } }, { ...tasks, filter: { ...tasks.filter, tags: ' a , b ' } })).toBe(true);
    expect(sameListState({ ...tasks, filter: { ...tasks.filter, dateField: 'dueAt' } }, tasks)).toBe(true);
    // Real changes.
    expect(sameListState({ ...tasks, sort: { ...tasks.sort, direction: tasks.sort.direction === 'asc' ? 'desc' : 'asc' } }, tasks)).toBe(false);
    expect(sameListState({ ...tasks, sort: { ...tasks.sort, field: `${tasks.sort.field}x` } }, tasks)).toBe(false);
    expect(sameListState({ ...tasks, deleted: 'only' }, tasks)).toBe(false);
    expect(sameListState({ ...tasks, filter: { ...tasks.filter, statuses: ['done'] } }, tasks)).toBe(false);
  });

  it('says "nothing matches these filters" only once the user changed the filters from the list’s defaults', () => {
    // The tasks list starts filtered to open tasks: a new user has filtered nothing.
    const tasks = taskListSpec.defaultState;
    expect(countActiveFilters(tasks.filter)).toBe(1);
    expect(emptyKindOf(tasks, tasks)).toBe('entity');
    expect(emptyKindOf({ ...tasks, filter: { ...tasks.filter, statuses: ['in_progress', 'open'] } }, tasks)).toBe('entity');
    expect(emptyKindOf({ ...tasks, filter: { ...tasks.filter, statuses: ['done'] } }, tasks)).toBe('filtered');
    expect(emptyKindOf({ ...tasks, filter: { ...tasks.filter, tags: ' urgent ' } }, tasks)).toBe('filtered');
    expect(emptyKindOf({ ...tasks, filter: { ...tasks.filter, dateField: 'dueAt' } }, tasks)).toBe('entity');
    expect(emptyKindOf({ ...tasks, filter: { ...tasks.filter, dateField: 'dueAt', to: '2026-12-01' } }, tasks)).toBe('filtered');
    // Clearing the default filter shows every task: still nothing the user narrowed, and none at all, open or done.
    expect(emptyKindOf({ ...tasks, filter: emptyFilter }, tasks)).toBe('everything');
    const deals = dealListSpec.defaultState;
    expect(emptyKindOf(deals, deals)).toBe('entity');
    expect(emptyKindOf({ ...deals, filter: emptyFilter }, deals)).toBe('everything');
    const contacts = contactListSpec.defaultState;
    expect(emptyKindOf(contacts, contacts)).toBe('entity');
    expect(emptyKindOf({ ...contacts, filter: { ...emptyFilter, territory: 'North' } }, contacts)).toBe('filtered');
    expect(emptyKindOf({ ...tasks, deleted: 'only' }, tasks)).toBe('trash');
  });

  it('checks a state with the entity’s shared schema and names the control at fault', () => {
    const backwards = { ...contactListSpec.defaultState, filter: { ...emptyFilter, dateField: 'createdAt', from: '2026-05-02', to: '2026-05-01' } };
    const checked = contactListSpec.check(backwards);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(Object.keys(checked.errors)).toEqual(['dateRange']);

    const badStage = { ...dealListSpec.defaultState, filter: { ...emptyFilter, stageIds: ['Not A Stage'] } };
    const stage = dealListSpec.check(badStage);
    expect(stage.ok).toBe(false);
    if (!stage.ok) expect(Object.keys(stage.errors)).toEqual(['stage']);

    expect(dealListSpec.check({ ...dealListSpec.defaultState, filter: { ...emptyFilter, stageIds: ['lead'] } }).ok).toBe(true);
  });

  it('filters tasks by assignee: counted, checked at its own control, kept in a saved view', () => {
    const state = { ...taskListSpec.defaultState, filter: { ...taskListSpec.defaultState.filter, assigneeId: 'user-tess' } };
    expect(countActiveFilters(state.filter)).toBe(2);
    expect(sameListState(state, taskListSpec.defaultState)).toBe(false);
    const checked = taskListSpec.check(state);
    expect(checked.ok && checked.query).toMatchObject({ filter: { assigneeId: 'user-tess', statuses: ['open', 'in_progress'] } });
    const bad = taskListSpec.check({ ...state, filter: { ...state.filter, assigneeId: 'not a user' } });
    expect(bad.ok ? [] : Object.keys(bad.errors)).toEqual(['assignee']);
    const view = SavedView.parse({ id: '0190f3a0-0000-7000-8000-000000000001', name: 'Tess', entity: 'tasks', query: checked.ok ? checked.query : {}, ownerId: 'user-me', isDefault: false, createdAt: 1, updatedAt: 1 });
    const back = taskListSpec.fromView(view);
    expect(back === null ? null : sameListState(back, state)).toBe(true);
  });

  it('starts a column’s sort where a rep looks first, and turns it round on the next click', () => {
    const byName = { field: 'name', direction: 'asc' } as const;
    const first = (field: string) => nextSort(byName, field).direction;
    // Soonest first: a task with no due date sorts after every dated one, so descending showed the undated first.
    expect([first('dueAt'), first('expectedCloseDate'), first('territory'), first('title')]).toEqual(['asc', 'asc', 'asc', 'asc']);
    expect([first('amount'), first('createdAt'), first('updatedAt'), first('occurredAt')]).toEqual(['desc', 'desc', 'desc', 'desc']);
    expect(nextSort(byName, 'name')).toEqual({ field: 'name', direction: 'desc' });
    expect(nextSort({ field: 'dueAt', direction: 'desc' }, 'dueAt')).toEqual({ field: 'dueAt', direction: 'asc' });
  });

  it('exports what the list shows, without paging', () => {
    const request = dealListSpec.exportRequest({ ...dealListSpec.defaultState, filter: { ...emptyFilter, stageIds: ['won'], territory: 'North' } });
    expect(request).toEqual({
      entity: 'deals',
      query: { sort: { field: 'expectedCloseDate', direction: 'asc' }, deleted: 'exclude', filter: { stageIds: ['won'], territory: 'North' } },
    });
  });
});
