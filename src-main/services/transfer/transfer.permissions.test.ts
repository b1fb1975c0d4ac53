import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { NotFoundError, NotPermittedError } from '../../../src-shared/ipc/errors';
import type { Permission } from '../../../src-shared/rbac/permissions';
import { ExportRequest } from '../../../src-shared/transfer/export';
import { ImportPreviewQuery, ImportRun, type RunningImport } from '../../../src-shared/transfer/import';
import type { CallContext } from '../../ipc/registry';
import type { AccessPolicy } from '../../policy/access.policy';
import { TempVaultFolder } from '../../testing/temp-vault';
import { readAccessLog } from '../access/access-log';
import { createContact } from '../crm/contact.service';
import { ownerExportPolicy, type ExportPolicy } from './export-policy';
import { createTransfer, type Transfer } from './transfer.handlers';

const context: CallContext = { sender: { transport: 'test', origin: 'test://fieldvault' } };
const uploadId = '00000000-0000-4000-8000-000000000000';

describe('import and export permissions per entity', () => {
  let folder: TempVaultFolder;
  let transfer: Transfer;

  const granted: Permission[] = ['contacts:write', 'contacts:export'];
  const policy: AccessPolicy = {
    authorize(permission) {
      if (!granted.includes(permission)) throw new NotPermittedError(permission);
    },
  };

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    transfer = createTransfer({ vault: folder.vault(), policy, log: folder.log, onProgress: () => undefined });
  });

  afterEach(async () => {
    transfer.close();
    await folder.dispose();
  });

  it('needs <entity>:write to import, and accounts:write when contacts may create accounts', async () => {
    const run = (input: object) => transfer.handlers['import.run'](ImportRun.parse({ uploadId, format: 'csv', ...input }), context);
    await expect(run({ entity: 'accounts' })).rejects.toThrow(/accounts:write/);
    await expect(run({ entity: 'contacts' })).rejects.toThrow(/accounts:write/);
    // Permitted: it gets as far as looking for the upload.
    await expect(run({ entity: 'contacts', createAccounts: false })).rejects.toThrow(NotFoundError);
    await expect(transfer.handlers['import.preview'](ImportPreviewQuery.parse({ uploadId, format: 'csv', entity: 'accounts' }), context)).rejects.toThrow(
      NotPermittedError,
    );
  });

  it("authorises a resume against the job's own createAccounts, not the request's", async () => {
    const vault = folder.vault();
    await vault.create('transfer permissions password 1');
    const own = createTransfer({ vault, policy, log: folder.log, onProgress: () => undefined });
    try {
      const csv = Buffer.from('Name,Company\nResumed Person,Resumed Co\n');
      /** A job started by the service (which asks no permission), then left cancelled before its end. */
      const stopped = async (createAccounts: boolean) => {
        const { uploadId: first } = own.imports.uploads.append(undefined, csv, true);
        const started = await own.imports.run(ImportRun.parse({ uploadId: first, format: 'csv', entity: 'contacts', createAccounts }));
        await own.imports.settled(started.jobId);
        await vault.connection().write((tx) => tx.run("UPDATE import_jobs SET state = 'cancelled', committed_rows = 0, imported_rows = 0 WHERE id = ?", [started.jobId]));
        // The run put its file away: the resume chooses it again.
        return { jobId: started.jobId, file: own.imports.uploads.append(undefined, csv, true).uploadId };
      };
      const resume = (job: { jobId: string; file: string }, createAccounts: boolean) =>
        own.handlers['import.run'](ImportRun.parse({ uploadId: job.file, format: 'csv', entity: 'contacts', createAccounts, resumeJobId: job.jobId }), context);
      // Its job creates accounts: the request saying it does not is no way round accounts:write.
      await expect(resume(await stopped(true), false)).rejects.toThrow(/accounts:write/);
      // Its job creates none: the request's default (true) asks for no accounts:write.
      const plain = await stopped(false);
      expect(await resume(plain, true)).toMatchObject({ jobId: plain.jobId, state: 'running' });
      await own.imports.settled(plain.jobId);
    } finally {
      own.close();
    }
  });

  it('needs <entity>:export to export', async () => {
    await expect(transfer.handlers['export.csv'](ExportRequest.parse({ entity: 'deals' }), context)).rejects.toThrow(/deals:export/);
    // Permitted: it gets as far as the (locked) vault.
    await expect(transfer.handlers['export.csv'](ExportRequest.parse({ entity: 'contacts' }), context)).rejects.toMatchObject({ code: 'LOCKED' });
  });

  describe('an export of the fields hidden until shown', () => {
    const canary = 'CANARY-Export-Notes-Philippa-9021';
    const at = Date.UTC(2026, 4, 1, 12);
    /** What the export policy heard: a refused export must not get as far as it. */
    const heard: string[] = [];
    /** Set: the policy refuses the outcome, after every row was read (an audit sink that failed). */
    let failAfter = false;
    const watching: ExportPolicy = {
      beforeExport: (exportContext) => {
        heard.push('before');
        return ownerExportPolicy.beforeExport(exportContext);
      },
      afterExport: () => {
        heard.push('after');
        return failAfter ? Promise.reject(new NotPermittedError('contacts:export')) : Promise.resolve();
      },
    };

    async function exporting(): Promise<{ own: Transfer; vault: ReturnType<TempVaultFolder['vault']>; progress: number[] }> {
      const vault = folder.vault();
      await vault.create('transfer permissions password 1');
      await vault.connection().write((tx) => createContact(tx, ContactDraft.parse({ name: 'Philippa Noted', notes: `${canary} owes a call` }), at));
      const progress: number[] = [];
      const own = createTransfer({ vault, policy, log: folder.log, onProgress: () => undefined, exportPolicy: watching, now: () => at, onExportProgress: (event) => progress.push(event.rows) });
      return { own, vault, progress };
    }
    const withNotes = ExportRequest.parse({ entity: 'contacts', includeSensitive: true });

    afterEach(() => {
      heard.length = 0;
      failAfter = false;
      const index = granted.indexOf('contacts:reveal');
      if (index >= 0) granted.splice(index, 1);
    });

    it('needs <entity>:reveal too, and without it builds nothing and logs nothing', async () => {
      const { own, vault, progress } = await exporting();
      try {
        const refused = own.handlers['export.csv'](withNotes, context);
        await expect(refused).rejects.toThrow(NotPermittedError);
        await expect(refused).rejects.toThrow(/contacts:reveal/);
        expect({ heard, progress }).toEqual({ heard: [], progress: [] });
        expect(await vault.connection().read(readAccessLog)).toEqual([]);
        // Without the hidden fields, contacts:export is enough, and nothing hidden was read: no entry either.
        const plain = await own.handlers['export.csv'](ExportRequest.parse({ entity: 'contacts' }), context);
        expect(plain.rows).toBe(1);
        expect(plain.csv).not.toContain(canary);
        expect(await vault.connection().read(readAccessLog)).toEqual([]);
      } finally {
        own.close();
      }
    });

    it('writes one access-log entry per hidden field of a file made, with no value and no one record id, before the policy hears of it', async () => {
      granted.push('contacts:reveal');
      const { own, vault } = await exporting();
      try {
        // The file was made and its entry written, then the policy failed: the entry stays (written before the
        // policy heard of the export, so an audited export never lacks its entries; export-changes.test.ts).
        failAfter = true;
        await expect(own.handlers['export.csv'](withNotes, context)).rejects.toThrow(NotPermittedError);
        expect(heard).toEqual(['before', 'after']);
        const entry = { at, userId: 'local-owner', action: 'export', entity: 'contacts', recordId: '', field: 'notes' } as const;
        expect(await vault.connection().read(readAccessLog)).toEqual([{ seq: 1, ...entry }]);
        failAfter = false;
        const file = await own.handlers['export.csv'](withNotes, context);
        expect(file.csv).toContain(canary);
        const entries = await vault.connection().read(readAccessLog);
        expect(entries).toEqual([
          { seq: 1, ...entry },
          { seq: 2, ...entry },
        ]);
        const rows = await vault.connection().read((tx) => tx.all('SELECT * FROM access_log'));
        expect(JSON.stringify(rows)).not.toContain(canary);
        expect(folder.log.lines.join('\n')).not.toContain(canary);
      } finally {
        own.close();
      }
    });
  });

  it("needs the checked entity's write permission for the rows a check rejected", async () => {
    const vault = folder.vault();
    await vault.create('transfer permissions password 1');
    const own = createTransfer({ vault, policy, log: folder.log, onProgress: () => undefined });
    try {
      const check = async (entity: 'accounts' | 'contacts', csv: string) => {
        const { uploadId: checked } = own.imports.uploads.append(undefined, Buffer.from(csv), true);
        // As a user who may import them would have checked it (the service itself asks no permission).
        const started = await own.imports.run(ImportRun.parse({ uploadId: checked, format: 'csv', entity, dryRun: true }));
        await own.imports.settled(started.jobId);
        return checked;
      };
      const accounts = await check('accounts', 'Name,Industry\n,Retail\n');
      await expect(own.handlers['import.rejectedRows']({ jobId: null, uploadId: accounts }, context)).rejects.toThrow(/accounts:write/);
      const contacts = await check('contacts', 'Name,Email\n,a@example.org\nFine,b@example.org\n');
      expect(await own.handlers['import.rejectedRows']({ jobId: null, uploadId: contacts }, context)).toMatchObject({ format: 'csv', rows: [{ row: 2 }] });
    } finally {
      own.close();
    }
  });

  it('needs <entity>:delete to undo an import, and accounts:delete when it created accounts too', async () => {
    const vault = folder.vault();
    await vault.create('transfer permissions password 1');
    const own = createTransfer({ vault, policy, log: folder.log, onProgress: () => undefined });
    try {
      const imported = async (csv: string, createAccounts: boolean) => {
        const { uploadId: file } = own.imports.uploads.append(undefined, Buffer.from(csv), true);
        const started = await own.imports.run(ImportRun.parse({ uploadId: file, format: 'csv', entity: 'contacts', createAccounts }));
        await own.imports.settled(started.jobId);
        return started.jobId;
      };
      const plain = await imported('Name,Email\nUndo Me,u@example.org\n', false);
      const withAccount = await imported('Name,Company\nUndo Too,New Co\n', true);
      const undo = (jobId: string) => own.handlers['import.undo']({ jobId, restore: false }, context);
      await expect(undo(plain)).rejects.toThrow(/contacts:delete/);
      granted.push('contacts:delete');
      expect(await undo(plain)).toMatchObject({ contacts: 1, accounts: 0 });
      await expect(undo(withAccount)).rejects.toThrow(/accounts:delete/);
      granted.push('accounts:delete');
      expect(await undo(withAccount)).toMatchObject({ contacts: 1, accounts: 1 });
      // The recent imports: only of the entities the user may import.
      const { uploadId: firms } = own.imports.uploads.append(undefined, Buffer.from('Name\nListed Firm\n'), true);
      await own.imports.settled((await own.imports.run(ImportRun.parse({ uploadId: firms, format: 'csv', entity: 'accounts' }))).jobId);
      const recent = await own.handlers['import.recent']({}, context);
      expect(recent.jobs.map((job) => job.jobId)).toEqual([withAccount, plain]);
    } finally {
      for (const extra of ['contacts:delete', 'accounts:delete'] as const) {
        const at = granted.indexOf(extra);
        if (at >= 0) granted.splice(at, 1);
      }
      own.close();
    }
  });

  it('names the import running now to a page opened meanwhile, of an entity the user may import only, and none once it ended', async () => {
    const vault = folder.vault();
    await vault.create('transfer permissions password 1');
    const asked: { granted: Promise<RunningImport>; withheld: Promise<RunningImport> }[] = [];
    const whileFinishing: Promise<RunningImport>[] = [];
    const own: Transfer = createTransfer({
      vault,
      policy,
      log: folder.log,
      // Asked at the job's first progress (its first 1,000 rows in): with accounts:write, then without it; and
      // again when it says it is finishing.
      onProgress: (progress) => {
        if (progress.phase?.kind === 'finishing') whileFinishing.push(own.handlers['import.running']({}, context));
        if (progress.phase?.kind !== 'rows' || progress.processed === 0 || asked.length > 0) return;
        const withGrant = own.handlers['import.running']({}, context);
        granted.splice(granted.indexOf('accounts:write'), 1);
        asked.push({ granted: withGrant, withheld: own.handlers['import.running']({}, context) });
        granted.push('accounts:write');
      },
    });
    granted.push('accounts:write');
    try {
      const csv = ['Name', ...Array.from({ length: 3000 }, (_, index) => `Running Firm ${index}`)].join('\n');
      const { uploadId: file } = own.imports.uploads.append(undefined, Buffer.from(csv), true);
      const started = await own.imports.run(ImportRun.parse({ uploadId: file, format: 'csv', entity: 'accounts' }));
      await own.imports.settled(started.jobId);
      const [during] = asked;
      expect(await during?.granted).toEqual({
        job: { jobId: started.jobId, dryRun: false, entity: 'accounts', format: 'csv', total: 3000, processed: 1000, startedAt: expect.any(Number) as number, phase: { kind: 'rows' } },
      });
      expect(await during?.withheld).toEqual({ job: null });
      expect(await Promise.all(whileFinishing)).toEqual([{ job: expect.objectContaining({ jobId: started.jobId, processed: 3000, phase: { kind: 'finishing' } }) as unknown }]);
      expect(await own.handlers['import.running']({}, context)).toEqual({ job: null });
    } finally {
      const at = granted.indexOf('accounts:write');
      if (at >= 0) granted.splice(at, 1);
      own.close();
    }
  });
});
