// The Import page, opened again, goes on where it was left: the file chosen
// (its upload is still in main-process memory), its preview, its column
// mapping, the duplicates and accounts choices, and the newest check of it
// started there (its report, or its progress while it runs). A rep who maps
// twenty columns, looks up a contact and comes back no longer starts over.
// It is kept in memory in the workspace, so a lock drops it (the uploads go
// with the lock too); a real import started from it ends it, so coming back
// after an import never offers the same file for a second one. A file still
// being sent is the draft's too (upload-run.ts). A real import the page was
// left while it ran is kept apart (`unreported`): coming back, the page
// follows it, or shows its report if it ended meanwhile, with its file at hand
// for the rejected rows (before, its report and their download were lost).
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../../app/api-context';
import type { ColumnMapping, ImportDuplicates, ImportEntity, ImportFormat, ImportPreview } from '../../../src-shared/transfer/import';
import { UploadRun } from './upload-run';
import type { ImportJob, JobState } from './useImportJob';

/** A file handed to the main process (import.upload) and what the page knows of it. */
export interface Uploaded {
  readonly name: string;
  readonly size: number;
  readonly uploadId: string;
  readonly format: ImportFormat;
}

export interface ImportDraft {
  readonly entity: ImportEntity;
  readonly file: Uploaded;
  /** As last shown (read again when the page opens, for records written meanwhile). */
  readonly preview: ImportPreview;
  readonly mapping: ColumnMapping;
  readonly duplicates: ImportDuplicates;
  readonly createAccounts: boolean;
  /** The newest check of the file started on the page; null before one. */
  readonly checkId: string | null;
}

/** A real import that runs on the page: the file it reads (null: one sent from the interrupted-import notice). */
export interface UnreportedRun {
  readonly jobId: string;
  readonly entity: ImportEntity;
  readonly format: ImportFormat;
  readonly ready: DraftedPage['ready'];
}

/** The draft, in a holder the page reads as it opens and writes as it changes. */
export interface DraftSlot {
  current: ImportDraft | null;
  /** The real import running on the page, until the page shows its report (a page left meanwhile, once opened again). */
  unreported: UnreportedRun | null;
  /** The file being sent, or sent and not yet read by a page. */
  readonly upload: UploadRun;
}

const DraftContext = createContext<DraftSlot | null>(null);

export function ImportDraftProvider({ children }: { readonly children: ReactNode }) {
  const [slot] = useState<DraftSlot>(() => ({ current: null, unreported: null, upload: new UploadRun() }));
  // The workspace going (a lock) stops a file still being sent: the locked main process would refuse its next chunk.
  useEffect(() => () => slot.upload.stop(), [slot]);
  return <DraftContext.Provider value={slot}>{children}</DraftContext.Provider>;
}

/** The workspace's draft; outside one (a page rendered alone), one of the page's own. */
export function useImportDraft(): DraftSlot {
  const [own] = useState<DraftSlot>(() => ({ current: null, unreported: null, upload: new UploadRun() }));
  return useContext(DraftContext) ?? own;
}

/** What the page shows now, for the draft. */
export interface DraftedPage {
  readonly entity: ImportEntity;
  /** The file, its preview and mapping, once chosen and read; null while none is (or one is being uploaded, or the page opens on a run left). */
  readonly ready: Pick<ImportDraft, 'file' | 'preview' | 'mapping'> | null;
  readonly duplicates: ImportDuplicates;
  readonly createAccounts: boolean;
  readonly job: JobState;
}

/**
 * Keeps the page's file and choices in the draft as they change; a real import of the file (started, or ended) ends
 * the draft, and is kept (`unreported`) until its report (or failure) is shown.
 */
export function useKeepDraft(slot: DraftSlot, page: DraftedPage): void {
  const { entity, ready, duplicates, createAccounts, job } = page;
  useEffect(() => {
    if (job.kind === 'running' && !job.dryRun) slot.unreported = job.jobId === null ? null : { jobId: job.jobId, entity, format: job.format, ready };
    else if (job.kind !== 'idle') slot.unreported = null;
    const realRun = (job.kind === 'running' && !job.dryRun) || (job.kind === 'finished' && !job.status.dryRun);
    if (ready === null || realRun) {
      slot.current = null;
      return;
    }
    const check = job.kind === 'running' && job.dryRun ? job.jobId : job.kind === 'finished' ? job.status.jobId : null;
    const sameFile = slot.current?.file.uploadId === ready.file.uploadId;
    slot.current = { entity, file: ready.file, preview: ready.preview, mapping: ready.mapping, duplicates, createAccounts, checkId: check ?? (sameFile ? (slot.current?.checkId ?? null) : null) };
  }, [slot, entity, ready, duplicates, createAccounts, job]);
}

/**
 * As the page opens: an import or check still running (started from a page since left) is followed to its end
 * (`followed`: its list), and a real import the page was left while it ran (`left`), ended meanwhile, has its report
 * shown (import.status), its file at hand. True until the page knows which (it shows neither picker nor file
 * meanwhile); a left import whose report cannot be read, or another job running, starts the page afresh (a stable
 * `startAfresh`).
 */
export function useOpeningRun(
  slot: DraftSlot,
  job: Pick<ImportJob, 'follow' | 'show'>,
  left: UnreportedRun | null,
  followed: (entity: ImportEntity) => void,
  startAfresh: () => void,
): boolean {
  const api = useApi();
  const [restoring, setRestoring] = useState(left !== null);
  const { follow, show } = job;
  useEffect(() => {
    let current = true;
    const settle = (shown: boolean) => {
      if (!current || left === null) return;
      setRestoring(false);
      if (shown) return;
      slot.unreported = null;
      startAfresh();
    };
    api
      .invoke('import.running', {})
      .then(async (answer) => {
        if (!current) return;
        if (answer.job !== null && follow(answer.job)) {
          followed(answer.job.entity);
          settle(answer.job.jobId === left?.jobId);
        } else if (left !== null) {
          const status = await api.invoke('import.status', { jobId: left.jobId });
          if (current && status.state !== 'running') show(left.format, status);
          settle(status.state !== 'running');
        }
      })
      .catch(() => settle(false));
    return () => {
      current = false;
    };
  }, [api, slot, follow, show, left, followed, startAfresh]);
  return restoring;
}
