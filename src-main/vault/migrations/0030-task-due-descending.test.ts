import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { TaskListQuery } from '../../../src-shared/domain/task';
import { buildListQuery } from '../../services/crm/list-query';
import { taskListRequest, taskTable } from '../../services/crm/task.repo';
import { migrate, schemaVersion } from '../migrate';
import { indexColumns, queryPlan, useFreshConnection } from '../fixtures/fresh-connection';

const contact = '0190a5d0-ac96-774b-bcce-0000000000cc';

/** The Tasks list's page by due time, latest first, under `filter`. */
function latestFirst(filter: z.input<typeof TaskListQuery>['filter']): { sql: string; params: string[] } {
  const { sql, params } = buildListQuery(taskTable, taskListRequest(TaskListQuery.parse({ filter, sort: { field: 'dueAt', direction: 'desc' } })));
  return { sql, params: params.map(String) };
}

describe('migration 0030-task-due-descending', () => {
  const vault = useFreshConnection('m0030');

  it('adds live indexes over the descending due key, which the latest-first sort walks with no sort step, undated tasks last', async () => {
    await migrate(vault.connection, 29);
    await vault.connection.write(async (tx) => {
      for (const [index, dueAt] of [300, null, 500, null, 100].entries()) {
        await tx.run(
          `INSERT INTO tasks (id, title, due_at, assignee_id, contact_id, owner_id, created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, 'rep-1', ?, 'rep-1', 1, 'rep-1', 2, 'rep-1')`,
          [`0190a5d0-ac96-774b-bcce-00000000000${String(index)}`, `Task ${String(index)}`, dueAt, contact],
        );
      }
    });
    const cases: [string, z.input<typeof TaskListQuery>['filter']][] = [
      ['due', {}],
      ['status', { statuses: ['open'] }],
      ['assignee', { assigneeId: 'rep-1' }],
      ['owner', { ownerId: 'rep-1' }],
      ['contact', { contactId: contact }],
    ];
    for (const [, filter] of cases) {
      const { sql, params } = latestFirst(filter);
      expect(await queryPlan(vault.connection, sql, params), JSON.stringify(filter)).toMatch(/TEMP B-TREE/);
    }

    await migrate(vault.connection, 30);
    expect(await vault.connection.read(schemaVersion)).toBe(30);
    const definition = (name: string) => vault.connection.read(async (tx) => (await tx.get<{ sql: string }>('SELECT sql FROM sqlite_master WHERE name = ?', [name]))?.sql);
    expect(await definition('tasks_live_due_desc')).toBe('CREATE INDEX tasks_live_due_desc ON tasks (coalesce(due_at, -9007199254740991), id) WHERE deleted_at IS NULL');
    expect(await indexColumns(vault.connection, 'tasks_live_status_desc')).toEqual(['status', 'id']);
    for (const [name, filter] of cases) {
      const { sql, params } = latestFirst(filter);
      const plan = await queryPlan(vault.connection, sql, params);
      expect(plan, JSON.stringify(filter)).toMatch(new RegExp(`(SCAN|SEARCH) tasks USING INDEX tasks_live_${name}_desc`));
      expect(plan, JSON.stringify(filter)).not.toMatch(/TEMP B-TREE/);
    }
    const { sql, params } = latestFirst({});
    const rows = await vault.connection.read((tx) => tx.all<{ title: string }>(sql.replace(/^SELECT .* FROM tasks/, 'SELECT title FROM tasks'), params));
    expect(rows.map((row) => row.title)).toEqual(['Task 2', 'Task 0', 'Task 4', 'Task 3', 'Task 1']);
  });
});
