// The owner and assignee columns of a CSV export: the names the lists show
// (the user directory's, "Me", a namesake told apart), never a user id.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { TaskDraft } from '../../../src-shared/domain/task';
import { ExportRequest } from '../../../src-shared/transfer/export';
import { TempVaultFolder } from '../../testing/temp-vault';
import type { Vault } from '../../vault/vault';
import { createContact } from '../crm/contact.service';
import { createTask } from '../crm/task.service';
import { replaceDirectory } from '../../sync/directory';
import { exportCsv } from './export.service';
import { ownerExportPolicy } from './export-policy';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;
const now = Date.UTC(2026, 4, 1, 12);

/** The rows of an export's text, which has no byte-order mark (the page puts it first: it made the text UTF-16 over IPC). */
function rowsOf(csv: string): string[][] {
  expect(csv.includes('\uFEFF'), 'a byte-order mark in the text').toBe(false);
  return parse(csv, { relax_column_count: false });
}

describe('CSV export of owners and assignees', () => {
  const colleague = 'u-0a1b2c3d4e5f6a7b';
  const namesake = 'u-111111222222';
  const otherNamesake = 'u-333333444444';
  const stranger = 'u-99aa88bb77cc';
  let folder: TempVaultFolder;
  let vault: Vault;

  beforeAll(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create('export owners password 1');
    await vault.connection().write(async (tx) => {
      await replaceDirectory(tx, 'v1', [
        { userId: colleague, displayName: 'Grace Hopper' },
        { userId: namesake, displayName: 'Sam Lee' },
        { userId: otherNamesake, displayName: 'Sam Lee' },
      ]);
      // Before enrolment this device writes as 'local-owner', whom the directory does not name.
      for (const [name, ownerId] of [['Mine', undefined], ['Grace\'s', colleague], ['Sam A', namesake], ['Sam B', otherNamesake], ['Unknown', stranger]] as const) {
        await createContact(tx, ContactDraft.parse({ name, ownerId }), now);
      }
      await createTask(tx, TaskDraft.parse({ title: 'Call back', dueAt: now, assigneeId: colleague }), now);
    });
  });

  afterAll(async () => {
    await folder.dispose();
  });

  const exported = async (request: unknown) => rowsOf((await exportCsv(ExportRequest.parse(request), { connection: vault.connection(), policy: ownerExportPolicy, sender, now })).csv);

  it('exports the name the lists show, never the internal user id', async () => {
    const [header, ...rows] = await exported({ entity: 'contacts', query: { sort: { field: 'name', direction: 'asc' } } });
    const owner = header?.indexOf('Owner') ?? -1;
    expect(rows.map((row) => [row[0], row[owner]])).toEqual([
      ["Grace's", 'Grace Hopper'],
      ['Mine', 'Me'],
      ['Sam A', 'Sam Lee (222222)'],
      ['Sam B', 'Sam Lee (444444)'],
      ['Unknown', 'User bb77cc'],
    ]);
    const [taskHeader, task] = await exported({ entity: 'tasks' });
    expect([task?.[taskHeader?.indexOf('Assignee') ?? -1], task?.[taskHeader?.indexOf('Owner') ?? -1]]).toEqual(['Grace Hopper', 'Me']);
    for (const id of [colleague, namesake, otherNamesake, stranger, 'local-owner']) expect(JSON.stringify([...rows, task])).not.toContain(id);
  });
});
