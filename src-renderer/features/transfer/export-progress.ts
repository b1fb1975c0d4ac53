// An export started here (the list's Export CSV, the Transfer page's export):
// it runs under a name of its own (exportId), so its progress events
// (export.didProgress) are told from another export's, and Stop
// (export.cancel) ends it before its next page of rows, with no file. A list
// of many thousands takes seconds, and a spinner alone does not say whether
// it moves or how much is left: it says its rows of the list's and, once they
// have gone a few seconds, about how long it has left (time-left.ts), from
// their pace since the count (its first progress, at 0 rows).
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelInput } from '../../../src-shared/ipc/contract';
import type { ExportResult } from '../../../src-shared/transfer/export';
import { BridgeError } from '../../api/errors';
import { useApi } from '../../app/api-context';
import { exportToFile } from './download';
import { Pace } from './time-left';

export interface ExportProgressWords {
  /** "Exporting… 2,000 of 48,000 rows". */
  readonly text: string;
  /** Seconds left, null until the rows' pace is known. */
  readonly secondsLeft: number | null;
}

/** The words for the export of this id while it runs, once it has counted its rows; null before and when none runs. */
function useExportProgress(exportId: string | null): ExportProgressWords | null {
  const api = useApi();
  const { t } = useTranslation();
  const [progress, setProgress] = useState<{ readonly rows: number; readonly total: number; readonly secondsLeft: number | null } | null>(null);
  useEffect(() => {
    setProgress(null);
    if (exportId === null) return undefined;
    const pace = new Pace();
    return api.on('export.didProgress', (event) => {
      if (event.exportId !== exportId) return;
      setProgress({ rows: event.rows, total: event.total, secondsLeft: pace.secondsLeft(event.rows, event.total, Date.now()) });
    });
  }, [api, exportId]);
  if (exportId === null || progress === null || progress.total === 0) return null;
  return { text: t('transfer.exportingRows', { rows: progress.rows, count: progress.total }), secondsLeft: progress.secondsLeft };
}

export interface ExportRun {
  readonly busy: boolean;
  readonly progress: ExportProgressWords | null;
  /** Exports and downloads the list under an id of its own (the request's is replaced); 'stopped' when Stop ended it first (nothing was downloaded). */
  readonly run: (request: ChannelInput<'export.csv'>) => Promise<ExportResult | 'stopped'>;
  /** Stops the running export before its next page of rows. */
  readonly stop: () => void;
}

export function useExportRun(): ExportRun {
  const api = useApi();
  const [exportId, setExportId] = useState<string | null>(null);
  const progress = useExportProgress(exportId);
  const run = useCallback(
    async (request: ChannelInput<'export.csv'>) => {
      const id = crypto.randomUUID();
      setExportId(id);
      try {
        return await exportToFile(api, { ...request, exportId: id });
      } catch (error) {
        if (error instanceof BridgeError && error.code === 'CANCELLED') return 'stopped';
        throw error;
      } finally {
        setExportId(null);
      }
    },
    [api],
  );
  const stop = useCallback(() => {
    // An export that ended meanwhile stops nothing (its id is never used again); its answer says how it ended.
    if (exportId !== null) void api.invoke('export.cancel', { exportId }).catch(() => undefined);
  }, [api, exportId]);
  return { busy: exportId !== null, progress, run, stop };
}

/**
 * The focus around an export: its button stays focusable while it runs (aria-disabled, as the activity composer's
 * Log: a disabled button can drop the focus on the page's body), Stop is the next Tab, and when the export ends a
 * focus left on nothing (Stop, gone) goes back to the button.
 */
export function useExportFocus(busy: boolean): RefObject<HTMLButtonElement | null> {
  const button = useRef<HTMLButtonElement>(null);
  const was = useRef(busy);
  useEffect(() => {
    if (was.current === busy) return;
    was.current = busy;
    const active = document.activeElement;
    if (active === null || active === document.body || !active.isConnected) button.current?.focus();
  }, [busy]);
  return button;
}
