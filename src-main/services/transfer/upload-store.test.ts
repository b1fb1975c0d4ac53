import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BadInputError, NotFoundError } from '../../../src-shared/ipc/errors';
import { maxImportBytes } from '../../../src-shared/transfer/import';
import { uploadIdleMs, uploadSweepMs, UploadStore } from './upload-store';

describe('upload store', () => {
  it('assembles chunks, hashes the file and refuses to grow a complete upload', () => {
    const store = new UploadStore();
    const first = store.append(undefined, Buffer.from('Name\n'), false);
    expect(first).toMatchObject({ receivedBytes: 5, complete: false });
    expect(() => store.get(first.uploadId)).toThrow(BadInputError);
    expect(store.append(first.uploadId, Buffer.from('Ada\n'), true)).toEqual({ uploadId: first.uploadId, receivedBytes: 9, complete: true });
    const upload = store.get(first.uploadId);
    expect(upload.bytes.toString()).toBe('Name\nAda\n');
    expect(upload.sha256).toBe(createHash('sha256').update('Name\nAda\n').digest('hex'));
    expect(() => store.append(first.uploadId, Buffer.from('more'), true)).toThrow(/already complete/);
    expect(() => store.append('00000000-0000-4000-8000-000000000000', Buffer.from('x'), true)).toThrow(NotFoundError);
  });

  it('caps the size with a clear message and forgets the oversized upload', () => {
    expect(maxImportBytes).toBe(200 * 1024 * 1024);
    const store = new UploadStore(Date.now, 3 * 1024 * 1024);
    const { uploadId } = store.append(undefined, Buffer.alloc(2 * 1024 * 1024), false);
    expect(() => store.append(uploadId, Buffer.alloc(2 * 1024 * 1024), true)).toThrow(/larger than 3 MB\. Split it/);
    expect(() => store.get(uploadId)).toThrow(NotFoundError);
  });

  it('forgets uploads when cleared (vault lock) and after an hour unused', () => {
    let now = 0;
    const store = new UploadStore(() => now);
    const kept = store.append(undefined, Buffer.from('a'), true).uploadId;
    store.clear();
    expect(() => store.get(kept)).toThrow(NotFoundError);
    const idle = store.append(undefined, Buffer.from('b'), true).uploadId;
    now += uploadIdleMs + 1;
    store.append(undefined, Buffer.from('c'), true);
    expect(() => store.get(idle)).toThrow(NotFoundError);
  });

  it('overwrites the file’s bytes when it lets an upload go at the lock or after its import', () => {
    const store = new UploadStore();
    const id = store.append(undefined, Buffer.from('Name,Email\nAda,'), false).uploadId;
    store.append(id, Buffer.from('ada@example.org\n'), true);
    const held = store.get(id).bytes;
    expect(held.toString()).toBe('Name,Email\nAda,ada@example.org\n');
    // A chunk of an upload not complete yet, held by the store.
    const half = Buffer.from('Name\nBen\n');
    store.append(undefined, half, false);
    store.clear();
    expect(held.every((byte) => byte === 0)).toBe(true);
    expect(half.every((byte) => byte === 0)).toBe(true);
    const done = store.append(undefined, Buffer.from('Name\nCy\n'), true).uploadId;
    const doneBytes = store.get(done).bytes;
    expect(store.delete(done)).toBe(true);
    expect(doneBytes.every((byte) => byte === 0)).toBe(true);
  });

  it('refuses an upload unused for an hour when it is asked for, with no upload in between', () => {
    let now = 0;
    const store = new UploadStore(() => now);
    const idle = store.append(undefined, Buffer.from('Name\nAda\n'), true).uploadId;
    now += uploadIdleMs + 1;
    expect(() => store.get(idle)).toThrow(NotFoundError);
  });

  describe('with the clock and timers faked', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('lets an upload left behind go within five minutes of its hour unused, nothing else happening', () => {
      vi.useFakeTimers();
      const store = new UploadStore();
      store.append(undefined, Buffer.from('Name\nAda\n'), true);
      const used = store.append(undefined, Buffer.from('Name\nBo\n'), true).uploadId;
      vi.advanceTimersByTime(uploadIdleMs / 2);
      store.get(used);
      expect(store.held).toBe(2);
      vi.advanceTimersByTime(uploadIdleMs / 2 + uploadSweepMs);
      // The one untouched for an hour is gone; the one read half an hour in stays until its own hour.
      expect(store.held).toBe(1);
      vi.advanceTimersByTime(uploadIdleMs / 2);
      expect(store.held).toBe(0);
      // Nothing held, nothing scheduled.
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});
