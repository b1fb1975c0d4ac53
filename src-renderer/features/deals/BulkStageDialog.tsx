// The selection bar's Stage… on the deals list: one stage for every selected
// deal (the pipeline's stages in their order, by their names as shown), and
// for a lost stage its reason (LostReasonField: the team's reasons to pick).
// A refusal (a deal gone meanwhile, a stage removed) shows in the dialog,
// which keeps the choice; done, it closes and the bar's Undo toast shows.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../ui/Alert';
import { Dialog } from '../../ui/Dialog';
import { wordsText, type Words } from '../../ui/words';
import { LostReasonField } from './LostReasonField';
import { stageLabel, useStages } from './stages';

export interface BulkStageDialogProps {
  readonly count: number;
  /** Moves the selection (useBulkActions' moveStage): settles once done, rejects with a refusal. */
  readonly onApply: (stage: { readonly id: string; readonly label: string }, lostReason: string | undefined) => Promise<void>;
  readonly onClose: () => void;
}

export function BulkStageDialog({ count, onApply, onClose }: BulkStageDialogProps) {
  const { t } = useTranslation();
  const stages = useStages().pipeline?.stages ?? [];
  const [stageId, setStageId] = useState(stages[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Words | null>(null);
  const stage = stages.find((candidate) => candidate.id === stageId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || stage === undefined) return;
    setBusy(true);
    setFailure(null);
    const lostReason = stage.kind === 'lost' && reason.trim() !== '' ? reason.trim() : undefined;
    onApply({ id: stage.id, label: stageLabel(stage) }, lostReason).then(onClose, (error: unknown) => {
      setFailure({ error });
      setBusy(false);
    });
  };

  return (
    <Dialog title={t('bulk.stageTitle', { count })} onClose={onClose} testId="bulk-stage-dialog" size="small" dirty={reason.trim() !== ''}>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="bulk-stage">{t('bulk.newStage')}</label>
          <select id="bulk-stage" data-testid="bulk-stage-select" value={stageId} onChange={(event) => setStageId(event.target.value)}>
            {stages.map((option) => (
              <option key={option.id} value={option.id}>
                {stageLabel(option)}
              </option>
            ))}
          </select>
        </div>
        {stage?.kind === 'lost' ? <LostReasonField value={reason} onChange={setReason} autoFocus={false} /> : null}
        {failure !== null ? (
          <Alert tone="error" testId="bulk-edit-failed">
            {wordsText(failure)}
          </Alert>
        ) : null}
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="button button--primary" data-testid="bulk-stage-apply" aria-disabled={busy}>
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            {t('bulk.applyStage')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
