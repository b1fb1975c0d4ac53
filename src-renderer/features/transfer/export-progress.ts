// Rows an export has read so far (the export.didProgress push), while an
// export started here is running: a list of many thousands takes seconds,
// and a spinner alone does not say whether it moves.
import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';

export function useExportProgress(busy: boolean): number {
  const api = useApi();
  const [rows, setRows] = useState(0);
  useEffect(() => {
    setRows(0);
    if (!busy) return undefined;
    return api.on('export.didProgress', (progress) => setRows(progress.rows));
  }, [api, busy]);
  return rows;
}
