// The renderer's half of an import upload: base64 that round-trips any bytes,
// format detection, and chunking at the contract's limit.
import { describe, expect, it } from 'vitest';
import { contract } from '../../../src-shared/ipc/contract';
import { maxImportBytes, maxUploadChunkBytes } from '../../../src-shared/transfer/import';
import { createApi } from '../../api/bridge-client';
import { ConnectionCell } from '../../api/connection';
import { detectFormat, FileTooLargeError, toBase64, uploadFile } from './upload';

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

interface Call {
  readonly channel: string;
  readonly uploadId?: string;
  readonly bytes?: number;
  readonly last?: boolean;
}

/** An api that answers import.upload (one upload id for all) and import.discardUpload, and records both (and the bytes sent). */
function recordingApi(calls: Call[], received: Uint8Array[] = []) {
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
      received.push(Uint8Array.from(atob(chunk), (char) => char.charCodeAt(0)));
      calls.push({ channel, uploadId, bytes: received.at(-1)?.length ?? 0, last });
      return Promise.resolve({ ok: true, value: { uploadId: uploadIdSent, receivedBytes: 0, complete: last } });
    },
  });
}
const uploadIdSent = '0190a5e0-0000-7000-8000-000000000001';

/** A picked file that records the ranges the upload reads of it. */
function recordingFile(bytes: Uint8Array<ArrayBuffer>, reads: Array<[number, number]>) {
  const blob = new Blob([bytes]);
  return {
    size: blob.size,
    slice: (start?: number, end?: number) => {
      reads.push([start ?? 0, end ?? blob.size]);
      return blob.slice(start, end);
    },
  };
}

describe('uploadFile', () => {
  it('sends no chunk after an abort and asks the main process to let go of the ones it sent', async () => {
    const calls: Call[] = [];
    const stop = new AbortController();
    const reason = new Error('another file was picked');
    const sending = uploadFile(recordingApi(calls), new Blob([new Uint8Array(maxUploadChunkBytes * 3)]), () => stop.abort(reason), stop.signal);
    await expect(sending).rejects.toBe(reason);
    expect(calls).toEqual([
      { channel: 'import.upload', uploadId: undefined, bytes: maxUploadChunkBytes, last: false },
      { channel: 'import.discardUpload', uploadId: uploadIdSent },
    ]);
    // Aborted before its first chunk: nothing is sent, nothing to let go of.
    calls.length = 0;
    await expect(uploadFile(recordingApi(calls), new Blob([new Uint8Array(10)]), undefined, stop.signal)).rejects.toBe(reason);
    expect(calls).toEqual([]);
  });

  it('reads and sends one chunk at a time, of at most the contract limit, the first without an id, the last marked last', async () => {
    const calls: Call[] = [];
    const received: Uint8Array[] = [];
    const reads: Array<[number, number]> = [];
    const size = maxUploadChunkBytes * 2 + 10;
    const bytes = Uint8Array.from({ length: size }, (_, index) => (index * 7919) % 251);
    const sent: number[] = [];
    const id = await uploadFile(recordingApi(calls, received), recordingFile(bytes, reads), (count) => sent.push(count));
    expect(id).toBe(uploadIdSent);
    // The file is never read whole: each read is the chunk that goes next.
    expect(reads).toEqual([
      [0, maxUploadChunkBytes],
      [maxUploadChunkBytes, maxUploadChunkBytes * 2],
      [maxUploadChunkBytes * 2, size],
    ]);
    expect(calls.map((call) => call.bytes)).toEqual([maxUploadChunkBytes, maxUploadChunkBytes, 10]);
    expect(calls.map((call) => call.last)).toEqual([false, false, true]);
    expect(calls[0]?.uploadId).toBeUndefined();
    expect(calls[1]?.uploadId).toBe(id);
    expect(sent).toEqual([maxUploadChunkBytes, maxUploadChunkBytes * 2, size]);
    const whole = new Uint8Array(size);
    let offset = 0;
    for (const chunk of received) {
      whole.set(chunk, offset);
      offset += chunk.length;
    }
    // Byte by byte, not toEqual: a deep equality of two 4 MiB arrays took over a minute on a loaded machine.
    expect(whole.findIndex((byte, index) => byte !== bytes[index])).toBe(-1);
  });

  it('refuses a file over the limit before reading or sending any of it', async () => {
    const calls: Call[] = [];
    const reads: Array<[number, number]> = [];
    const tooBig = { size: maxImportBytes + 1, slice: recordingFile(new Uint8Array(0), reads).slice };
    await expect(uploadFile(recordingApi(calls), tooBig)).rejects.toBeInstanceOf(FileTooLargeError);
    expect(reads).toEqual([]);
    expect(calls).toEqual([]);
  });
});
