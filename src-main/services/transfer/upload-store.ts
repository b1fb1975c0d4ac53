// Files being imported, held in main-process memory only: customer data never
// lands in a temp file outside the encrypted vault. An upload arrives in
// base64 chunks (`import.upload`) so it fits every transport's frame limit;
// it is capped at maxImportBytes, forgotten when the vault locks, and dropped
// after an hour without use (looked for every five minutes); at the lock and
// after its import its bytes are overwritten too. Its SHA-256 identifies the file when an
// interrupted import is resumed.
import { createHash, randomUUID } from 'node:crypto';
import { BadInputError, NotFoundError } from '../../../src-shared/ipc/errors';
import { maxImportBytes, type ColumnMapping, type ImportEntity, type ImportFormat, type Rejection } from '../../../src-shared/transfer/import';

export interface Upload {
  readonly id: string;
  readonly bytes: Buffer;
  readonly sha256: string;
  /** Data rows found by a complete read of the file, by format (a preview counts them; a run reuses the count). */
  readonly rowCounts: Map<ImportFormat, number>;
  /** The rows the newest check (dry run) of the file rejected, for import.rejectedRows; null before one. */
  lastCheck: CheckedRows | null;
  /** The real imports started or resumed with it in this process: import.status names it to resume them with (`readBy`). */
  readonly jobIds: Set<string>;
}

/** What a check rejected, kept with the upload so its rows can be downloaded to fix. */
export interface CheckedRows {
  readonly format: ImportFormat;
  readonly entity: ImportEntity;
  readonly mapping: ColumnMapping;
  /** Its rejections (not its skipped duplicates), the first maxDryRunRejections of them in row order. */
  readonly rejections: readonly Rejection[];
  /** The rows it rejected, all of them. */
  readonly rejected: number;
}

interface Pending {
  chunks: Buffer[];
  size: number;
  complete: Upload | null;
  touchedAt: number;
}

export const uploadIdleMs = 60 * 60 * 1000;
/** How often idle uploads are looked for while any is held: a file left behind (another file picked, the page left) goes within this much of its hour. */
export const uploadSweepMs = 5 * 60 * 1000;
const maxUploads = 4;

export class UploadStore {
  readonly #uploads = new Map<string, Pending>();
  #sweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxBytes: number = maxImportBytes,
  ) {}

  /** Appends a chunk (a new upload when uploadId is undefined); returns the upload's id and size. */
  append(uploadId: string | undefined, chunk: Buffer, last: boolean): { uploadId: string; receivedBytes: number; complete: boolean } {
    this.#dropIdle();
    let id = uploadId;
    let pending = id === undefined ? undefined : this.#uploads.get(id);
    if (id !== undefined && pending === undefined) throw new NotFoundError('The upload');
    if (pending === undefined) {
      if (this.#uploads.size >= maxUploads) this.#dropOldest();
      id = randomUUID();
      pending = { chunks: [], size: 0, complete: null, touchedAt: this.now() };
      this.#uploads.set(id, pending);
    }
    if (id === undefined) throw new Error('An upload has no id');
    if (pending.complete !== null) throw new BadInputError('This upload is already complete; start a new one', { code: 'upload_complete' });
    if (pending.size + chunk.length > this.maxBytes) {
      this.#uploads.delete(id);
      const maxMb = Math.floor(this.maxBytes / (1024 * 1024));
      throw new BadInputError(`The file is larger than ${maxMb} MB. Split it into smaller files and import them one by one.`, { code: 'file_too_large', maxMb });
    }
    pending.chunks.push(chunk);
    pending.size += chunk.length;
    pending.touchedAt = this.now();
    this.#sweepLater();
    if (last) {
      const bytes = Buffer.concat(pending.chunks);
      pending.chunks = [];
      pending.complete = { id, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), rowCounts: new Map(), lastCheck: null, jobIds: new Set() };
    }
    return { uploadId: id, receivedBytes: pending.size, complete: last };
  }

  /** A complete upload, or NOT_FOUND / BAD_INPUT. */
  get(uploadId: string): Upload {
    this.#dropIdle();
    const pending = this.#uploads.get(uploadId);
    if (pending === undefined) throw new NotFoundError('The uploaded file (upload it again)', { code: 'upload_gone' });
    if (pending.complete === null) throw new BadInputError('The upload is not complete yet', { code: 'upload_incomplete' });
    pending.touchedAt = this.now();
    return pending.complete;
  }

  /**
   * The newest upload still held that the real import `jobId` read (started or resumed with it), so a page
   * that no longer has the file (left and opened again) can resume the job with it; null when none is.
   */
  readBy(jobId: string): string | null {
    this.#dropIdle();
    let newest: string | null = null;
    for (const [id, pending] of this.#uploads) if (pending.complete?.jobIds.has(jobId) === true) newest = id;
    return newest;
  }

  /** Lets go of every upload the real import `jobId` read (it finished: none is needed to resume it), as `delete` does. */
  deleteReadBy(jobId: string): void {
    for (const [id, pending] of this.#uploads) if (pending.complete?.jobIds.has(jobId) === true) this.delete(id);
  }

  /** Lets the upload go, sent or not, its bytes overwritten (nothing reads them any more); false when it was not held. */
  delete(uploadId: string): boolean {
    const pending = this.#uploads.get(uploadId);
    if (pending !== undefined) wipe(pending);
    return this.#uploads.delete(uploadId);
  }

  /**
   * Forgets every upload (the vault locked), its bytes overwritten: the largest plain copy of customer data
   * in the process, gone at the lock rather than when the garbage collector reuses its memory. A job reading
   * one stops at its next chunk and can write nothing (the vault is closed); the rows a preview reads from
   * zeros are refused (a NUL is garbled text).
   */
  clear(): void {
    for (const pending of this.#uploads.values()) wipe(pending);
    this.#uploads.clear();
    if (this.#sweep !== null) clearTimeout(this.#sweep);
    this.#sweep = null;
  }

  /** Uploads held, sent or not. */
  get held(): number {
    return this.#uploads.size;
  }

  /**
   * Drops idle uploads every uploadSweepMs while any is held: without it an
   * upload left behind stayed in memory until the next upload or the lock,
   * however long the vault stayed open. Does not keep the process alive.
   */
  #sweepLater(): void {
    if (this.#sweep !== null) return;
    this.#sweep = setTimeout(() => {
      this.#sweep = null;
      this.#dropIdle();
      if (this.#uploads.size > 0) this.#sweepLater();
    }, uploadSweepMs);
    this.#sweep.unref();
  }

  // Idle and oldest uploads are let go without wiping: a running import may still read one.
  #dropIdle(): void {
    const cutoff = this.now() - uploadIdleMs;
    for (const [id, pending] of this.#uploads) if (pending.touchedAt < cutoff) this.#uploads.delete(id);
  }

  #dropOldest(): void {
    let oldest: [string, number] | null = null;
    for (const [id, pending] of this.#uploads) if (oldest === null || pending.touchedAt < oldest[1]) oldest = [id, pending.touchedAt];
    if (oldest !== null) this.#uploads.delete(oldest[0]);
  }
}

function wipe(pending: Pending): void {
  for (const part of pending.chunks) part.fill(0);
  pending.complete?.bytes.fill(0);
}
