// How far an export started here has got (the export.didProgress push): a
// list of many thousands takes seconds, and a spinner alone does not say
// whether it moves or how much is left.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportProgress } from '../../../src-shared/transfer/export';
import { useApi } from '../../app/api-context';

/** "Exporting… 2,000 of 48,000 rows" while busy, once the export has counted its rows; null before and when idle. */
export function useExportProgressText(busy: boolean): string | null {
  const api = useApi();
  const { t } = useTranslation();
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!busy) return undefined;
    return api.on('export.didProgress', setProgress);
  }, [api, busy]);
  if (!busy || progress === null || progress.total === 0) return null;
  return t('transfer.exportingRows', { rows: progress.rows, count: progress.total });
}
