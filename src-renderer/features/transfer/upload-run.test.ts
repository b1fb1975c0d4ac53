// The import draft's upload: a file picked while another is still being sent
// replaces it, and the older one sends no further chunk; a stop (the
// workspace going at a lock) ends the one being sent; a file sent to resume
// an interrupted import says so to its end.
import { describe, expect, it } from 'vitest';
import { contract } from '../../../src-shared/ipc/contract';
import { InterruptedImport, maxUploadChunkBytes } from '../../../src-shared/transfer/import';
import { createApi } from '../../api/bridge-client';
import { ConnectionCell } from '../../api/connection';
import { UploadRun, type UploadState } from './upload-run';

interface Held {
  readonly channel: string;
  readonly uploadId: string | undefined;
  readonly answer: () => void;
}

/** Every call waits until the test answers it; each new upload gets its own id. */
function heldApi(held: Held[]) {
  let uploads = 0;
  return createApi({
    connection: new ConnectionCell({ status: 'ready' }),
    on: () => () => undefined,
    invoke: (channel, input) =>
      new Promise((resolve) => {
        if (channel === 'import.discardUpload') {
          const { uploadId } = contract['import.discardUpload'].input.parse(input);
          held.push({ channel, uploadId, answer: () => resolve({ ok: true, value: { discarded: true } }) });
          return;
        }
        const { uploadId, last } = contract['import.upload'].input.parse(input);
        const id = uploadId ?? `0190a5e0-0000-7000-8000-00000000000${(uploads += 1)}`;
        held.push({ channel, uploadId, answer: () => resolve({ ok: true, value: { uploadId: id, receivedBytes: 0, complete: last } }) });
      }),
  });
}

/** Answers the oldest held call, then lets the upload's next step run. */
async function answerOne(held: Held[]): Promise<void> {
  held.shift()?.answer();
  for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200 && !check(); turn += 1) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(check()).toBe(true);
}

describe('UploadRun', () => {
  const big = () => new File([new Uint8Array(maxUploadChunkBytes * 2 + 5)], 'big.csv', { type: 'text/csv' });

  it('stops sending the older file when another is picked, lets it go, and ends with the newer one', async () => {
    const held: Held[] = [];
    const api = heldApi(held);
    const run = new UploadRun();
    run.start(api, big());
    await until(() => held.length === 1);
    await answerOne(held);
    // The older file's second chunk is on its way when the second file is picked.
    await until(() => held.length === 1);
    expect(held[0]).toMatchObject({ channel: 'import.upload', uploadId: '0190a5e0-0000-7000-8000-000000000001' });
    run.start(api, new File(['Name\nAda\n'], 'small.csv', { type: 'text/csv' }));
    await until(() => held.length === 2);
    await answerOne(held);
    // Its answer come, the older upload sends no third chunk: it asks the main process to let it go.
    await until(() => held.length === 2);
    expect(held.map(({ channel, uploadId }) => ({ channel, uploadId }))).toEqual([
      { channel: 'import.upload', uploadId: undefined },
      { channel: 'import.discardUpload', uploadId: '0190a5e0-0000-7000-8000-000000000001' },
    ]);
    expect(run.current()).toMatchObject({ kind: 'uploading', name: 'small.csv' });
    await answerOne(held);
    await answerOne(held);
    await until(() => run.current().kind === 'uploaded');
    expect(run.current()).toMatchObject({ kind: 'uploaded', file: { name: 'small.csv', uploadId: '0190a5e0-0000-7000-8000-000000000002', format: 'csv' } });
    expect(held).toEqual([]);
  });

  it('stops the file being sent at a stop, goes back to idle, and is not moved by the stopped one', async () => {
    const held: Held[] = [];
    const api = heldApi(held);
    const run = new UploadRun();
    const seen: UploadState['kind'][] = [];
    run.subscribe(() => seen.push(run.current().kind));
    run.start(api, big());
    await until(() => held.length === 1);
    await answerOne(held);
    await until(() => held.length === 1);
    run.stop();
    expect(run.current()).toEqual({ kind: 'idle' });
    await answerOne(held);
    await until(() => held.length === 1);
    expect(held[0]).toMatchObject({ channel: 'import.discardUpload', uploadId: '0190a5e0-0000-7000-8000-000000000001' });
    await answerOne(held);
    expect(run.current()).toEqual({ kind: 'idle' });
    expect(seen).toEqual(['uploading', 'uploading', 'idle']);
  });

  it('carries the interrupted import a file is sent to resume, to its end, so the page that takes it resumes that job', async () => {
    const held: Held[] = [];
    const api = heldApi(held);
    const run = new UploadRun();
    const resume = InterruptedImport.parse({ jobId: '0190a5e0-0000-7000-8000-0000000000aa', entity: 'contacts', format: 'csv', total: 70_000, processed: 60_000, startedAt: 1 });
    run.start(api, new File(['Name\nAda\n'], 'people.csv', { type: 'text/csv' }), resume);
    expect(run.current()).toMatchObject({ kind: 'uploading', name: 'people.csv', resume });
    await until(() => held.length === 1);
    await answerOne(held);
    await until(() => run.current().kind === 'uploaded');
    expect(run.current()).toMatchObject({ kind: 'uploaded', file: { name: 'people.csv' }, resume });
    // A file picked to preview carries none.
    run.start(api, new File(['Name\nAda\n'], 'other.csv', { type: 'text/csv' }));
    expect(run.current()).toMatchObject({ kind: 'uploading', resume: null });
  });
});
