// "Download rejected rows" (or cards) of a run's or check's report: asks for
// them (import.rejectedRows, which needs the file the run read, still at
// hand), writes them as a CSV file, or a vCard file of the rejected cards,
// with their problems (rejected-rows-file.ts) and hands it to the browser; a
// toast says how many (the first 100,000 when there were more), or why it
// could not.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import { useToasts } from '../../ui/toasts';
import { downloadText } from './download';
import { useFieldLabel } from './ImportReport';
import { rejectedCardsVcf, rejectedFileName, rejectedRowsCsv } from './rejected-rows-file';

export interface RejectedRowsDownload {
  readonly busy: boolean;
  /** `jobId` null: the rows of the newest check of the upload. */
  readonly download: (jobId: string | null, uploadId: string, fileName: string) => void;
}

export function useRejectedRowsDownload(): RejectedRowsDownload {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const fieldLabel = useFieldLabel(false);
  const [busy, setBusy] = useState(false);

  const download = useCallback(
    (jobId: string | null, uploadId: string, fileName: string) => {
      if (busy) return;
      setBusy(true);
      api
        .invoke('import.rejectedRows', { jobId, uploadId })
        .then(
          (answer) => {
            const words = { rowColumn: t('transfer.rejectedFileRow'), problemColumn: t('transfer.rejectedFileProblem'), fieldLabel };
            const name = rejectedFileName(fileName, answer.format);
            if (answer.format === 'csv') downloadText(name, rejectedRowsCsv(answer, words));
            else downloadText(name, rejectedCardsVcf(answer, words), 'text/vcard;charset=utf-8');
            const count = answer.format === 'csv' ? answer.rows.length : answer.cards.length;
            const key = answer.format === 'csv' ? 'transfer.rejectedDownloaded' : 'transfer.rejectedCardsDownloaded';
            toasts.show({
              message: { key: answer.more ? `${key}First` : key, params: { count } },
              tone: 'success',
              testId: 'rejected-downloaded',
            });
          },
          (error: unknown) => toasts.show({ message: { error }, tone: 'error', testId: 'rejected-download-failed' }),
        )
        .finally(() => setBusy(false));
    },
    [busy, api, t, fieldLabel, toasts],
  );
  return { busy, download };
}
