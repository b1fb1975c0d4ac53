// The New deal dialog, and the deals list's Stage… (BulkStageDialog), before
// the pipeline's stages have come: the workspace
// reads them once, and a read that failed is not tried again on its own.
// Reading, or the failure with Try again, rather than the form: its Stage
// select showed the first stage while holding none ("This field is
// required" under "Lead"), or held no stage at all, with no word why.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog';
import { Failed, Loading } from '../../ui/States';
import { wordsText } from '../../ui/words';
import { useStages } from './stages';

export function StagesPending({ title, testId, onClose }: { readonly title: string; readonly testId: string; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const { failure, reload } = useStages();
  const [retrying, setRetrying] = useState(false);
  const retry = () => {
    setRetrying(true);
    void reload().finally(() => setRetrying(false));
  };
  return (
    <Dialog title={title} onClose={onClose} testId={testId} size="small">
      {failure === null || retrying ? (
        <Loading testId="stages-loading" />
      ) : (
        <Failed title={t('pipeline.stagesFailed')} message={wordsText({ error: failure })} onRetry={retry} testId="stages-failed" />
      )}
    </Dialog>
  );
}
