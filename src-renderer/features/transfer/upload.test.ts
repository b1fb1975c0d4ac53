// The renderer's half of an import upload: base64 that round-trips any bytes,
// format detection, and chunking at the contract's limit.
import { describe, expect, it } from 'vitest';
import { contract } from '../../../src-shared/ipc/contract';
import { maxUploadChunkBytes } from '../../../src-shared/transfer/import';
import { createApi } from '../../api/bridge-client';
import { ConnectionCell } from '../../api/connection';
import { detectFormat, toBase64, uploadFile } from './upload';

describe('toBase64', () => {
  const decode = (base64: string) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));

  it('round-trips every byte value and large buffers', () => {
    const all = Uint8Array.from({ length: 256 }, (_, index) => index);
    expect(toBase64(all)).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(decode(toBase64(all))).toEqual(all);
    const big = Uint8Array.from({ length: 200_003 }, (_, index) => (index * 7919) % 256);
    expect(decode(toBase64(big))).toEqual(big);
    expect(toBase64(new TextEncoder().encode('Man'))).toBe('TWFu');
  });
});

describe('detectFormat', () => {
  it('recognises vCard by extension or content, CSV otherwise', () => {
    const text = (value: string) => new TextEncoder().encode(value);
    expect(detectFormat('people.vcf', text('x'))).toBe('vcard');
    expect(detectFormat('people.txt', text('\uFEFF BEGIN:VCARD\r\nVERSION:3.0'))).toBe('vcard');
    expect(detectFormat('people.csv', text('name,email\n'))).toBe('csv');
  });
});

/** An api that answers import.upload (one upload id for all) and import.discardUpload, and records both. */
function recordingApi(calls: Array<{ channel: string; uploadId?: string; bytes?: number; last?: boolean }>) {
  return createApi({
    connection: new ConnectionCell({ status: 'ready' }),
    on: () => () => undefined,
    invoke: (channel, input) => {
      if (channel === 'import.discardUpload') {
        calls.push({ channel, uploadId: contract['import.discardUpload'].input.parse(input).uploadId });
        return Promise.resolve({ ok: true, value: { discarded: true } });
      }
      expect(channel).toBe('import.upload');
      const { uploadId, chunk, last } = contract['import.upload'].input.parse(input);
      calls.push({ channel, uploadId, bytes: atob(chunk).length, last });
      const received = calls.reduce((sum, call) => sum + (call.bytes ?? 0), 0);
      return Promise.resolve({ ok: true, value: { uploadId: uploadIdSent, receivedBytes: received, complete: last } });
    },
  });
}
const uploadIdSent = '0190a5e0-0000-7000-8000-000000000001';

describe('uploadFile', () => {
  it('sends no chunk after an abort and asks the main process to let go of the ones it sent', async () => {
    const calls: Array<{ channel: string; uploadId?: string; bytes?: number; last?: boolean }> = [];
    const stop = new AbortController();
    const reason = new Error('another file was picked');
    const sending = uploadFile(recordingApi(calls), new Uint8Array(maxUploadChunkBytes * 3), () => stop.abort(reason), stop.signal);
    await expect(sending).rejects.toBe(reason);
    expect(calls).toEqual([
      { channel: 'import.upload', uploadId: undefined, bytes: maxUploadChunkBytes, last: false },
      { channel: 'import.discardUpload', uploadId: uploadIdSent },
    ]);
    // Aborted before its first chunk: nothing is sent, nothing to let go of.
    calls.length = 0;
    await expect(uploadFile(recordingApi(calls), new Uint8Array(10), undefined, stop.signal)).rejects.toBe(reason);
    expect(calls).toEqual([]);
  });

  it('sends chunks of at most the contract limit, the first without an id, the last marked last', async () => {
    const calls: Array<{ uploadId?: string; bytes: number; last: boolean }> = [];
    const api = createApi({
      connection: new ConnectionCell({ status: 'ready' }),
      on: () => () => undefined,
      invoke: (channel, input) => {
        expect(channel).toBe('import.upload');
        const { uploadId, chunk, last } = contract['import.upload'].input.parse(input);
        calls.push({ uploadId, bytes: atob(chunk).length, last });
        const received = calls.reduce((sum, call) => sum + call.bytes, 0);
        return Promise.resolve({ ok: true, value: { uploadId: '0190a5e0-0000-7000-8000-000000000001', receivedBytes: received, complete: last } });
      },
    });
    const size = maxUploadChunkBytes * 2 + 10;
    const sent: number[] = [];
    const id = await uploadFile(api, new Uint8Array(size), (bytes) => sent.push(bytes));
    expect(id).toBe('0190a5e0-0000-7000-8000-000000000001');
    expect(calls.map((call) => call.bytes)).toEqual([maxUploadChunkBytes, maxUploadChunkBytes, 10]);
    expect(calls.map((call) => call.last)).toEqual([false, false, true]);
    expect(calls[0]?.uploadId).toBeUndefined();
    expect(calls[1]?.uploadId).toBe(id);
    expect(sent).toEqual([maxUploadChunkBytes, maxUploadChunkBytes * 2, size]);
  });
});
