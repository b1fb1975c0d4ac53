// How far an export started here has got (the export.didProgress push): a
// list of many thousands takes seconds, and a spinner alone does not say
// whether it moves or how much is left. Once its rows have gone a few seconds
// it also says about how long it has left (time-left.ts), from their pace
// since the count (its first progress, at 0 rows).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import { Pace } from './time-left';

export interface ExportProgressWords {
  /** "Exporting… 2,000 of 48,000 rows". */
  readonly text: string;
  /** Seconds left, null until the rows' pace is known. */
  readonly secondsLeft: number | null;
}

/** The words for an export while busy, once it has counted its rows; null before and when idle. */
export function useExportProgress(busy: boolean): ExportProgressWords | null {
  const api = useApi();
  const { t } = useTranslation();
  const [progress, setProgress] = useState<{ readonly rows: number; readonly total: number; readonly secondsLeft: number | null } | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!busy) return undefined;
    const pace = new Pace();
    return api.on('export.didProgress', ({ rows, total }) => {
      setProgress({ rows, total, secondsLeft: pace.secondsLeft(rows, total, Date.now()) });
    });
  }, [api, busy]);
  if (!busy || progress === null || progress.total === 0) return null;
  return { text: t('transfer.exportingRows', { rows: progress.rows, count: progress.total }), secondsLeft: progress.secondsLeft };
}
