// The file being sent to the main process for the Import page (upload.ts),
// kept in the workspace's import draft rather than in the page: a page left
// while a large file (up to 200 MB) is sent finds, when it comes back, the
// upload still moving, or the file sent and its preview read then. Nothing is
// kept of the file's bytes once sent; a lock drops the draft and this with it.
// A file sent to resume an interrupted import is sent here too (`resume`), so
// it has Stop and is followed across pages as well; once sent, the page that
// takes it runs the resumed job instead of reading a preview.
import type { InterruptedImport } from '../../../src-shared/transfer/import';
import type { FieldVaultApi } from '../../api/bridge-client';
import type { Uploaded } from './import-draft';
import { detectFormat, headOf, uploadFile } from './upload';

/** The interrupted import a file is sent to resume; null for a file picked to preview. */
export type Resuming = InterruptedImport | null;

export type UploadState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'uploading'; readonly name: string; readonly sent: number; readonly size: number; readonly resume: Resuming }
  /** Sent, and not yet taken by a page (which reads its preview, or resumes the import). */
  | { readonly kind: 'uploaded'; readonly file: Uploaded; readonly resume: Resuming }
  | { readonly kind: 'failed'; readonly error: unknown; readonly resume: Resuming };

const idle: UploadState = { kind: 'idle' };

/**
 * One upload at a time: a file picked while another is sent replaces it; the older one sends no further chunk and
 * the main process lets go of what it had of it (before, it went on to its end, unseen, and stayed held for an hour).
 */
export class UploadRun {
  #state: UploadState = idle;
  #upload = 0;
  #sending: AbortController | null = null;
  readonly #listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly current = (): UploadState => this.#state;

  /** Sends the file (to resume `resume`, when given); its progress and end are the state's. */
  start(api: FieldVaultApi, picked: File, resume: Resuming = null): void {
    this.#sending?.abort();
    const sending = (this.#sending = new AbortController());
    const upload = (this.#upload += 1);
    const set = (state: UploadState) => {
      if (upload === this.#upload) this.#set(state);
    };
    const { name, size } = picked;
    set({ kind: 'uploading', name, sent: 0, size, resume });
    void (async () => {
      try {
        const uploadId = await uploadFile(api, picked, (sent) => set({ kind: 'uploading', name, sent, size, resume }), sending.signal);
        set({ kind: 'uploaded', file: { name, size, uploadId, format: detectFormat(name, await headOf(picked)) }, resume });
      } catch (error) {
        set({ kind: 'failed', error, resume });
      } finally {
        if (this.#sending === sending) this.#sending = null;
      }
    })();
  }

  /** Stops the file being sent, if one is (the rep's Stop, or the workspace going at a lock); the state goes back to idle. */
  stop(): void {
    if (this.#sending === null) return;
    this.#sending.abort();
    this.#sending = null;
    this.#upload += 1;
    this.#set(idle);
  }

  /** The page has taken this end (sent or failed): the state goes back to idle. */
  take(state: UploadState): void {
    if (this.#state === state) this.#set(idle);
  }

  #set(state: UploadState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}
