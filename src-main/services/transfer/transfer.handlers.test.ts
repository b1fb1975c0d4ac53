// The search, import and export channels through the real core: registry
// checks, the vault, the keychain and the push events, as a renderer uses them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventName } from '../../../src-shared/ipc/events';
import { ImportPreview, ImportStatus, ImportUploadDiscarded, ImportUploadResult, InterruptedImports, type ImportProgress } from '../../../src-shared/transfer/import';
import { ExportCancelled, ExportResult, type ExportProgress } from '../../../src-shared/transfer/export';
import { SearchResult } from '../../../src-shared/search/search';
import { createCore, type Core } from '../../app/core';
import type { Sender } from '../../ipc/registry';
import { TempVaultFolder } from '../../testing/temp-vault';

const sender: Sender = { transport: 'test', origin: 'test://fieldvault' };
const password = 'channel test password 1';

describe('search, import and export channels', () => {
  let folder: TempVaultFolder;
  let core: Core;
  let progress: ImportProgress[];

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    core = createCore({ dataDir: folder.dataDir, keyStore: folder.keyStore, log: folder.log, isTrustedSender: (from) => from.transport === 'test', idleLockMs: 0 });
    progress = [];
    core.events.subscribe((event: EventName, payload) => {
      if (event === 'transfer.didProgress') progress.push(payload as ImportProgress);
    });
    expect(await core.registry.dispatch(sender, 'vault.create', { password })).toMatchObject({ ok: true });
  });

  afterEach(async () => {
    await core.close();
    const header = await folder.header().catch(() => null);
    if (header !== null) folder.keyStore.track(header.vaultId);
    await folder.dispose();
  });

  async function call<T>(channel: string, input: unknown, schema: z.ZodType<T>): Promise<T> {
    const result = await core.registry.dispatch(sender, channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return schema.parse(result.value);
  }

  async function uploadInChunks(text: string, chunkBytes: number): Promise<string> {
    const bytes = Buffer.from(text, 'utf8');
    let uploadId: string | undefined;
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      const chunk = bytes.subarray(offset, offset + chunkBytes).toString('base64');
      const last = offset + chunkBytes >= bytes.length;
      const answer = await call('import.upload', { ...(uploadId === undefined ? {} : { uploadId }), chunk, last }, ImportUploadResult);
      uploadId = answer.uploadId;
    }
    if (uploadId === undefined) throw new Error('empty upload');
    return uploadId;
  }

  it('finds a contact created through the channel by a one-character prefix of a Chinese name', async () => {
    await call('contacts.create', { name: '王小明', emails: ['wang@example.cn'] }, z.object({ id: z.string() }));
    await call('contacts.create', { name: 'José Núñez' }, z.object({ id: z.string() }));
    for (const text of ['王', '王小', '小明', 'jose', 'NUÑ']) {
      const { hits } = await call('search.query', { text }, SearchResult);
      expect(hits.length, text).toBe(1);
    }
    const { hits } = await call('search.query', { text: '王', entities: ['accounts'] }, SearchResult);
    expect(hits).toEqual([]);
    expect(await core.registry.dispatch(sender, 'search.query', { text: 'x', limit: 51 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('refuses a request its schema refuses with the path and the rule as a reason', async () => {
    const tooWide = { uploadId: '0190a5d0-ac96-774b-bcce-b302099a8057', format: 'csv', entity: 'contacts', mapping: Array.from({ length: 501 }, () => null) };
    expect(await core.registry.dispatch(sender, 'import.preview', tooWide)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'Invalid input (mapping: A file may have at most 500 columns)', reason: { code: 'invalid_request', path: 'mapping', rule: { code: 'too_big', max: 500 } } },
    });
    expect(await core.registry.dispatch(sender, 'search.query', { text: 'x', limit: 51 })).toMatchObject({
      ok: false,
      error: { reason: { code: 'invalid_request', path: 'limit', rule: { code: 'too_big', max: 50 } } },
    });
    expect(await core.registry.dispatch(sender, 'import.cancel', { jobId: '0190a5d0-ac96-774b-bcce-b302099a8057', secret: 'Ada' })).toMatchObject({
      ok: false,
      error: { reason: { code: 'invalid_request', path: 'input', rule: { code: 'invalid' } } },
    });
  });

  it('uploads in chunks, previews, imports with progress events, reports status and exports', async () => {
    const rows = Array.from({ length: 250 }, (_, index) => `Person ${index},p${index}@example.org,Firm ${index % 3}`);
    const uploadId = await uploadInChunks(['姓名,邮箱,公司', ...rows, ',missing-name@example.org,Firm 0'].join('\n'), 1000);

    const preview = await call('import.preview', { uploadId, format: 'csv', entity: 'contacts', rows: 5 }, ImportPreview);
    expect(preview).toMatchObject({ encoding: 'utf-8', totalRows: 251, headers: ['姓名', '邮箱', '公司'], mapping: ['name', 'email', 'company'], mappingProblem: null, fileProblem: null });
    expect(preview.rows[0]).toEqual({ row: 2, values: { name: 'Person 0', email: 'p0@example.org', company: 'Firm 0' }, problems: [], updates: null, record: null });

    const started = await call('import.run', { uploadId, format: 'csv', entity: 'contacts' }, ImportStatus);
    expect(started.state).toBe('running');
    const jobId = started.jobId;
    let status = started;
    for (let attempt = 0; attempt < 600 && status.state === 'running'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await call('import.status', { jobId }, ImportStatus);
    }
    expect(status).toMatchObject({ state: 'done', total: 251, processed: 251, imported: 250, rejected: 1 });
    expect(status.rejections).toEqual([{ row: 252, field: 'name', code: 'invalid', message: 'Name is required', reasons: [{ code: 'required' }] }]);
    expect(progress.slice(-2)).toEqual([
      { jobId, processed: 251, total: 251, rejected: 1, state: 'running', phase: { kind: 'finishing' } },
      { jobId, processed: 251, total: 251, rejected: 1, state: 'done', phase: null },
    ]);

    const exported = await call('export.csv', { entity: 'accounts' }, ExportResult);
    expect(exported.rows).toBe(3);
    const contacts = await call('export.csv', { entity: 'contacts', query: { sort: { field: 'name', direction: 'desc' } } }, ExportResult);
    expect(contacts.rows).toBe(250);
    expect(contacts.csv.split('\r\n')[1]).toMatch(/^"Person 99",/);
  });

  it('stops an export named by its id before its next page, or before its first when the cancel came first, with CANCELLED and no file', async () => {
    const csv = ['Name', ...Array.from({ length: 4_500 }, (_, index) => `Exported ${index}`)].join('\n');
    const started = await call('import.run', { uploadId: await uploadInChunks(csv, 2 * 1024 * 1024), format: 'csv', entity: 'contacts' }, ImportStatus);
    await expect.poll(async () => (await call('import.status', { jobId: started.jobId }, ImportStatus)).state, { timeout: 120_000, interval: 100 }).toBe('done');
    const exportId = '0190a5d0-ac96-774b-bcce-b302099a8057';
    const reports: ExportProgress[] = [];
    const cancels: Promise<unknown>[] = [];
    core.events.subscribe((event: EventName, payload) => {
      if (event !== 'export.didProgress') return;
      reports.push(payload as ExportProgress);
      // Stopped as soon as it has counted its rows, as a user pressing Stop at once.
      if (cancels.length === 0) cancels.push(core.registry.dispatch(sender, 'export.cancel', { exportId }));
    });
    const running = core.registry.dispatch(sender, 'export.csv', { entity: 'contacts', exportId });
    // One id names one running export.
    expect(await core.registry.dispatch(sender, 'export.csv', { entity: 'contacts', exportId })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    // And one export runs at a time, with an id or without (each holds its file's text until it is saved: twenty at once
    // took the main process past its heap).
    expect(await core.registry.dispatch(sender, 'export.csv', { entity: 'accounts' })).toMatchObject({
      ok: false,
      error: { code: 'BUSY', reason: { code: 'export_running' } },
    });
    expect(await running).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'The export was stopped.' } });
    expect(await Promise.all(cancels)).toEqual([{ ok: true, value: { running: true } }]);
    expect(reports[0]).toEqual({ entity: 'contacts', exportId, rows: 0, total: 4_500 });
    expect(reports.every(({ rows }) => rows < 4_500)).toBe(true);

    // Nothing runs under the id now: the cancel is kept, and the export that comes with it stops before its count.
    const before = reports.length;
    expect(await call('export.cancel', { exportId }, ExportCancelled)).toEqual({ running: false });
    expect(await core.registry.dispatch(sender, 'export.csv', { entity: 'contacts', exportId })).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(reports).toHaveLength(before);
    // Once: the next export with the id runs to its end.
    expect((await call('export.csv', { entity: 'contacts', exportId }, ExportResult)).rows).toBe(4_500);
    expect(reports.at(-1)).toEqual({ entity: 'contacts', exportId, rows: 4_500, total: 4_500 });
    // Kept cancels are a few: the oldest of seventeen is dropped, and its export runs.
    const ids = Array.from({ length: 17 }, (_, index) => `0190a5d0-ac96-774b-bcce-${String(index).padStart(12, '0')}`);
    for (const id of ids) expect(await call('export.cancel', { exportId: id }, ExportCancelled)).toEqual({ running: false });
    expect((await call('export.csv', { entity: 'accounts', exportId: ids[0] }, ExportResult)).rows).toBe(0);
    expect(await core.registry.dispatch(sender, 'export.csv', { entity: 'accounts', exportId: ids[16] })).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('lets go of an upload the page no longer wants: its next chunk and its preview are NOT_FOUND', async () => {
    const first = await call('import.upload', { chunk: Buffer.from('Name,Email\nAda,', 'utf8').toString('base64'), last: false }, ImportUploadResult);
    expect(await call('import.discardUpload', { uploadId: first.uploadId }, ImportUploadDiscarded)).toEqual({ discarded: true });
    const next = { uploadId: first.uploadId, chunk: Buffer.from('ada@example.org\n', 'utf8').toString('base64'), last: true };
    expect(await core.registry.dispatch(sender, 'import.upload', next)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // A second discard, or one of an upload never held, changes nothing.
    expect(await call('import.discardUpload', { uploadId: first.uploadId }, ImportUploadDiscarded)).toEqual({ discarded: false });
    const sent = await uploadInChunks('Name,Email\nBo,bo@example.org\n', 100);
    expect(await call('import.discardUpload', { uploadId: sent }, ImportUploadDiscarded)).toEqual({ discarded: true });
    expect(await core.registry.dispatch(sender, 'import.preview', { uploadId: sent, format: 'csv', entity: 'contacts' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', reason: { code: 'upload_gone' } },
    });
    expect(await core.registry.dispatch(sender, 'import.discardUpload', { uploadId: 'not-an-id' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('answers typed errors: unknown jobs and uploads, bad chunks, vCard as accounts, a locked vault', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await core.registry.dispatch(sender, 'import.status', { jobId: unknown })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.registry.dispatch(sender, 'import.cancel', { jobId: unknown })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.registry.dispatch(sender, 'import.preview', { uploadId: unknown, format: 'csv', entity: 'contacts' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await core.registry.dispatch(sender, 'import.upload', { chunk: 'not base64!', last: true })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const tooBig = Buffer.alloc(2 * 1024 * 1024 + 3).toString('base64');
    expect(await core.registry.dispatch(sender, 'import.upload', { chunk: tooBig, last: true })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const uploadId = await uploadInChunks('BEGIN:VCARD\nFN:Ada\nEND:VCARD\n', 100);
    const asAccounts = await core.registry.dispatch(sender, 'import.run', { uploadId, format: 'vcard', entity: 'accounts' });
    expect(asAccounts).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!asAccounts.ok) expect(asAccounts.error.message).toMatch(/contacts/);
    const unterminated = await uploadInChunks('Name,Email\nA,"a@example.org\n', 100);
    const refused = await core.registry.dispatch(sender, 'import.run', { uploadId: unterminated, format: 'csv', entity: 'contacts' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!refused.ok) {
      expect(refused.error.message).toMatch(/never closed.*line 2/);
      expect(refused.error.message).not.toContain('a@example.org');
    }

    await core.registry.dispatch(sender, 'vault.lock', {});
    for (const channel of ['search.query', 'import.upload', 'import.run', 'import.status', 'import.interrupted', 'export.csv', 'export.cancel']) {
      expect(await core.registry.dispatch(sender, channel, {}), channel).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    }
  });
  it('stops an import at its next step when the core closes, and lists it as interrupted after a restart until it is resumed', async () => {
    const csv = ['Name,Email', ...Array.from({ length: 25_000 }, (_, index) => `Closing ${index},closing${index}@example.org`)].join('\n');
    expect(await call('import.interrupted', {}, InterruptedImports)).toEqual({ jobs: [] });
    const started = await call('import.run', { uploadId: await uploadInChunks(csv, 2 * 1024 * 1024), format: 'csv', entity: 'contacts' }, ImportStatus);
    // The first 20,000-row chunk has committed and the second is being written when the app quits.
    await expect.poll(() => progress.at(-1)?.processed ?? 0, { timeout: 120_000, interval: 20 }).toBeGreaterThan(20_000);
    await core.close();
    expect(folder.log.lines.some((line) => line.includes('import.failed'))).toBe(false);

    core = createCore({ dataDir: folder.dataDir, keyStore: folder.keyStore, log: folder.log, isTrustedSender: (from) => from.transport === 'test', idleLockMs: 0 });
    expect(await core.registry.dispatch(sender, 'vault.unlock', { password })).toMatchObject({ ok: true });
    // The chunk being written rolled back: the job keeps its first chunk and reads as interrupted.
    const listed = await call('import.interrupted', {}, InterruptedImports);
    expect(listed.jobs).toEqual([{ jobId: started.jobId, entity: 'contacts', format: 'csv', total: 25_000, processed: 20_000, startedAt: expect.any(Number) as number }]);

    const resumed = await call('import.run', { uploadId: await uploadInChunks(csv, 2 * 1024 * 1024), format: 'csv', entity: 'contacts', resumeJobId: started.jobId }, ImportStatus);
    expect(resumed).toMatchObject({ jobId: started.jobId, state: 'running', processed: 20_000 });
    await expect.poll(async () => (await call('import.status', { jobId: started.jobId }, ImportStatus)).state, { timeout: 120_000, interval: 200 }).not.toBe('running');
    expect(await call('import.status', { jobId: started.jobId }, ImportStatus)).toMatchObject({ state: 'done', processed: 25_000, imported: 25_000, duplicates: 0 });
    expect(await call('import.interrupted', {}, InterruptedImports)).toEqual({ jobs: [] });
  }, 300_000);
});
