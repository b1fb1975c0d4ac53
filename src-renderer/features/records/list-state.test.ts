// List filters as typed ↔ the shared list-query shapes, and the checks that
// map a schema problem to the control that caused it.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { z } from 'zod';
import { SavedView } from '../../../src-shared/domain/saved-view';
import { createApi } from '../../api/bridge-client';
import { ConnectionCell } from '../../api/connection';
import { accountListSpec } from '../accounts/account-list-spec';
import { activityListSpec } from '../activities/activity-list-spec';
import { contactListSpec } from '../contacts/contact-list-spec';
import { dealListSpec } from '../deals/deal-list-spec';
import { taskListSpec } from '../tasks/task-list-spec';
import type { ListSpec } from './list-spec';
import { countActiveFilters, dateRangeOf, daysOfTimeRange, emptyFilter, emptyKindOf, nextSort, noneByHand, reselectedState, sameListState, splitTags, timeRangeOf } from './list-state';

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

  it('keeps a saved view’s days when it is opened in another time zone, and reads views saved before in the zone they were saved in', () => {
    const filter = { ...emptyFilter, dateField: 'createdAt', from: '2026-03-10', to: '2026-03-10' };
    try {
      vi.stubEnv('TZ', 'America/New_York');
      const saved = timeRangeOf(filter, 'createdAt', 'utc');
      const before = timeRangeOf(filter, 'createdAt');
      expect(daysOfTimeRange(saved)).toEqual({ from: '2026-03-10', to: '2026-03-10' });
      expect(daysOfTimeRange(before)).toEqual({ from: '2026-03-10', to: '2026-03-10' });
      for (const elsewhere of ['Europe/Berlin', 'Asia/Tokyo', 'Pacific/Honolulu', 'UTC']) {
        vi.stubEnv('TZ', elsewhere);
        // Before, a view kept the New York moments, which read as 10–11 March in Berlin and Tokyo, 9–10 in Honolulu.
        expect(daysOfTimeRange(saved), elsewhere).toEqual({ from: '2026-03-10', to: '2026-03-10' });
        // Opened, the view's days filter the list by that zone's own days.
        expect(timeRangeOf(filter, 'createdAt')?.from, elsewhere).toBe(new Date(2026, 2, 10).getTime());
      }
      vi.stubEnv('TZ', 'Asia/Tokyo');
      expect(daysOfTimeRange(timeRangeOf(filter, 'createdAt'))).toEqual({ from: '2026-03-10', to: '2026-03-10' });
      expect(daysOfTimeRange(timeRangeOf({ ...filter, from: '0001-01-01' }, 'createdAt', 'utc'))).toEqual({ from: '0001-01-01', to: '2026-03-10' });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('has every list save a view’s days as UTC days, which the view gives back as typed', async () => {
    const specs: readonly [Pick<ListSpec<never>, 'defaultState' | 'saveView' | 'fromView' | 'viewEntity'>, string][] = [
      [accountListSpec, 'createdAt'],
      [activityListSpec, 'occurredAt'],
      [contactListSpec, 'updatedAt'],
      [dealListSpec, 'createdAt'],
      [taskListSpec, 'dueAt'],
    ];
    // Saved where local days are not UTC days.
    vi.stubEnv('TZ', 'Asia/Tokyo');
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    for (const [spec, field] of specs) {
      const state = { ...spec.defaultState, filter: { ...spec.defaultState.filter, dateField: field, from: '2026-03-10', to: '2026-03-12' } };
      let sent: unknown;
      const api = createApi({
        connection: new ConnectionCell({ status: 'ready' }),
        on: () => () => undefined,
        invoke: (channel, input) => {
          sent = input;
          return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'not answered here' } });
        },
      });
      await spec.saveView(api, 'Week', state).catch(() => undefined);
      const { query } = z.object({ query: z.object({ filter: z.record(z.string(), z.unknown()) }).loose() }).parse(sent);
      expect(query.filter[field], spec.viewEntity).toEqual({ from: Date.UTC(2026, 2, 10), to: Date.UTC(2026, 2, 13) - 1 });
      const view = SavedView.parse({ id: '0190a5d0-ac96-774b-bcce-b302099a8051', name: 'Week', entity: spec.viewEntity, query, ownerId: '0190a5d0-ac96-774b-bcce-b302099a8052', isDefault: false, createdAt: 1, updatedAt: 1 });
      expect(spec.fromView(view)?.filter, spec.viewEntity).toMatchObject({ dateField: field, from: '2026-03-10', to: '2026-03-12' });
    }
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

  it('keeps on a selected built-in tab clicked again only what was set by hand: a sort alone does not keep the stage it was opened on', () => {
    const tab = dealListSpec.defaultState;
    const opened = { ...tab, filter: { ...tab.filter, stageIds: ['lead'] }, sort: { field: 'amount', direction: 'desc' as const } };
    expect(reselectedState(opened, tab, { sort: true, filter: false })).toEqual({ ...tab, sort: opened.sort });
    expect(reselectedState(opened, tab, { sort: false, filter: true })).toEqual({ ...tab, filter: opened.filter });
    expect(reselectedState(opened, tab, noneByHand)).toEqual(tab);
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
  });

  it('says "the trash is empty" only for a trash filtered by nothing; a filtered trash says nothing matches', () => {
    // Opening the trash clears the filters: one there is the user's own, and may hide deleted records.
    const contacts = { ...contactListSpec.defaultState, deleted: 'only' as const };
    expect(emptyKindOf(contacts, contactListSpec.defaultState)).toBe('trash');
    expect(emptyKindOf({ ...contacts, filter: { ...emptyFilter, tags: 'vip' } }, contactListSpec.defaultState)).toBe('filtered');
    // A date field with no dates filters nothing.
    expect(emptyKindOf({ ...contacts, filter: { ...emptyFilter, dateField: 'createdAt' } }, contactListSpec.defaultState)).toBe('trash');
    // The tasks list starts filtered to open tasks; in the trash the same filter is still one that can hide records.
    const tasks = taskListSpec.defaultState;
    expect(emptyKindOf({ ...tasks, deleted: 'only', filter: emptyFilter }, tasks)).toBe('trash');
    expect(emptyKindOf({ ...tasks, deleted: 'only' }, tasks)).toBe('filtered');
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
