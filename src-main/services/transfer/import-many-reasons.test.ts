// A card with more problems of one kind than a rejection lists (a photo left
// unfolded: every base64 line is "not a vCard property") is rejected with the
// first reasons and how many more there were, through the channels as a
// renderer calls them: the check's and the run's status and rejected rows
// answer, and the other cards are imported.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ImportRejectedRows, ImportStatus, ImportUploadResult, maxRejectionReasons } from '../../../src-shared/transfer/import';
import { createCore, type Core } from '../../app/core';
import type { Sender } from '../../ipc/registry';
import { TempVaultFolder } from '../../testing/temp-vault';

const sender: Sender = { transport: 'test', origin: 'test://fieldvault' };

const badLines = 25;
const file = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Ada Lovelace',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Grace Hopper',
  'PHOTO;ENCODING=b;TYPE=JPEG:',
  ...Array.from({ length: badLines }, (_, index) => `QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo${index}`),
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Alan Turing',
  'END:VCARD',
].join('\r\n');

describe('a card with more problems than a rejection lists', () => {
  let folder: TempVaultFolder;
  let core: Core;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    core = createCore({ dataDir: folder.dataDir, keyStore: folder.keyStore, log: folder.log, isTrustedSender: (from) => from.transport === 'test', idleLockMs: 0 });
    expect(await core.registry.dispatch(sender, 'vault.create', { password: 'many reasons password 1' })).toMatchObject({ ok: true });
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

  async function finished(jobId: string): Promise<ImportStatus> {
    await expect.poll(async () => (await call('import.status', { jobId }, ImportStatus)).state, { timeout: 30_000, interval: 100 }).not.toBe('running');
    return call('import.status', { jobId }, ImportStatus);
  }

  function expectCapped(problems: readonly { message: string; reasons: readonly unknown[] }[]): void {
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem?.reasons).toHaveLength(maxRejectionReasons);
    expect(problem?.reasons[0]).toEqual({ code: 'vcard_not_property', line: 9 });
    expect(problem?.reasons[maxRejectionReasons - 1]).toEqual({ code: 'more_reasons', count: badLines - (maxRejectionReasons - 1) });
    const messages = problem?.message.split('; ') ?? [];
    expect(messages).toHaveLength(maxRejectionReasons);
    expect(messages[0]).toBe('Line 9 is not a vCard property (NAME:value)');
    expect(messages[maxRejectionReasons - 1]).toBe(`${badLines - (maxRejectionReasons - 1)} more problems not listed`);
  }

  it('checks and imports the file, and reports the card with its first reasons and how many more', async () => {
    const uploadId = z.string().parse((await call('import.upload', { chunk: Buffer.from(file).toString('base64'), last: true }, ImportUploadResult)).uploadId);

    const check = await finished((await call('import.run', { uploadId, format: 'vcard', entity: 'contacts', dryRun: true }, ImportStatus)).jobId);
    expect(check).toMatchObject({ state: 'done', dryRun: true, imported: 2, rejected: 1 });
    expectCapped(check.rejections);
    const checkedRows = await call('import.rejectedRows', { jobId: null, uploadId }, ImportRejectedRows);
    expect(checkedRows.format === 'vcard' ? checkedRows.cards.map((card) => card.row) : null).toEqual([2]);

    const run = await finished((await call('import.run', { uploadId, format: 'vcard', entity: 'contacts' }, ImportStatus)).jobId);
    expect(run).toMatchObject({ state: 'done', dryRun: false, imported: 2, rejected: 1 });
    expectCapped(run.rejections);
    const rejectedRows = await call('import.rejectedRows', { jobId: run.jobId, uploadId }, ImportRejectedRows);
    if (rejectedRows.format !== 'vcard') throw new Error('a vCard file answers with cards');
    expect(rejectedRows.cards.map((card) => card.row)).toEqual([2]);
    expectCapped(rejectedRows.cards[0]?.problems ?? []);
    expect(rejectedRows.cards[0]?.text.split('\r\n')).toHaveLength(badLines + 5);

    // A report recorded before reasons were capped (every line's reason kept) is cut as it is read.
    const uncut = Array.from({ length: badLines }, (_, index) => ({ code: 'vcard_not_property', line: 9 + index }));
    const uncutMessage = uncut.map(({ line }) => `Line ${line} is not a vCard property (NAME:value)`).join('; ');
    await core.vault.connection().write((tx) => tx.run('UPDATE import_rejections SET message = ?, reasons = ? WHERE job_id = ?', [uncutMessage, JSON.stringify(uncut), run.jobId]));
    expectCapped((await call('import.status', { jobId: run.jobId }, ImportStatus)).rejections);
    const reread = await call('import.rejectedRows', { jobId: run.jobId, uploadId }, ImportRejectedRows);
    expectCapped(reread.format === 'vcard' ? (reread.cards[0]?.problems ?? []) : []);
  }, 120_000);
});
