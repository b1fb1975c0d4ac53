// The Import page follows the file its draft sends (upload-run.ts), so a page
// left meanwhile finds it moving, or sent, when it comes back: its progress is
// shown, and once sent (also while no page was open) it is handed on (its
// preview read, or the interrupted import it was sent for resumed). A sent file
// is taken from the draft once what it was handed to has settled on this page,
// not before: a page left while the preview of a large file was read (the
// whole file, to count its rows) took it and lost it, and the page opened
// again showed an empty picker. Left meanwhile, the file stays sent, and the
// next page hands it on again.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useMounted } from '../../ui/useMounted';
import type { UploadRun, UploadState } from './upload-run';

type Settled = Extract<UploadState, { kind: 'uploaded' | 'failed' }>;

export interface SentFileSteps {
  /** A chunk went (or the page opened on a file still being sent). */
  readonly sending: (state: Extract<UploadState, { kind: 'uploading' }>) => void;
  /** Sent or failed: what the page does with it; the file leaves the draft once the promise settles. */
  readonly settled: (state: Settled) => Promise<void>;
}

/** The draft's upload as it is now, each new state handed to `steps` once. */
export function useSentFile(run: UploadRun, steps: SentFileSteps): UploadState {
  const upload = useSyncExternalStore(run.subscribe, run.current);
  const seen = useRef<UploadState | null>(null);
  const shown = useMounted();
  useEffect(() => {
    if (seen.current === upload) return;
    seen.current = upload;
    if (upload.kind === 'uploading') steps.sending(upload);
    if (upload.kind !== 'uploaded' && upload.kind !== 'failed') return;
    const take = () => {
      if (shown.current) run.take(upload);
    };
    steps.settled(upload).then(take, take);
  });
  return upload;
}
