// The selection bar's Stage… on the deals list: one stage for every selected
// deal (the pipeline's stages in their order, by their names as shown), and
// for a lost stage its reason (LostReasonField: the team's reasons to pick);
// for a closing stage (won, lost) the close date every moved deal takes, the
// user's local day, today, until changed (as the board's move dialog offers it,
// useStageMove); a move to an open stage sends none and keeps each deal's date.
// A refusal (a deal gone meanwhile, a stage removed) shows in the dialog,
// which keeps the choice; done, it closes and the bar's Undo toast shows.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../ui/Alert';
import { Dialog } from '../../ui/Dialog';
import { todayIso } from '../../ui/format';
import { wordsText } from '../../ui/words';
import { BulkDialogActions, useBulkApply } from '../records/BulkEditDialogs';
import type { StageChoice } from '../records/useBulkActions';
import { CloseDateField } from './CloseDateField';
import { LostReasonField } from './LostReasonField';
import { stageLabel, useStages } from './stages';

export interface BulkStageDialogProps {
  readonly count: number;
  /** Moves the selection (useBulkActions' moveStage): settles once done, rejects with a refusal. */
  readonly onApply: (move: StageChoice) => Promise<void>;
  readonly onClose: () => void;
}

export function BulkStageDialog({ count, onApply, onClose }: BulkStageDialogProps) {
  const { t } = useTranslation();
  const stages = useStages().pipeline?.stages ?? [];
  const [stageId, setStageId] = useState(stages[0]?.id ?? '');
  const [reason, setReason] = useState('');
  /** The close date a move into a closing stage gives the deals: today until the user changes it. */
  const [closeDate, setCloseDate] = useState(() => todayIso());
  const { busy, failure, apply } = useBulkApply(onApply, onClose);
  const stage = stages.find((candidate) => candidate.id === stageId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (stage === undefined) return;
    apply({
      stageId: stage.id,
      label: stageLabel(stage),
      lostReason: stage.kind === 'lost' && reason.trim() !== '' ? reason.trim() : undefined,
      closeDate: stage.kind === 'open' ? undefined : closeDate,
    });
  };

  return (
    <Dialog title={t('bulk.stageTitle', { count })} onClose={onClose} testId="bulk-stage-dialog" size="small" dirty={reason.trim() !== '' || closeDate !== todayIso()} busy={busy}>
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
        {stage === undefined || stage.kind === 'open' ? null : <CloseDateField id="bulk-stage-close-date" value={closeDate} onChange={setCloseDate} />}
        {failure !== null ? (
          <Alert tone="error" testId="bulk-edit-failed">
            {wordsText(failure)}
          </Alert>
        ) : null}
        <BulkDialogActions label={t('bulk.applyStage')} busy={busy} testId="bulk-stage-apply" />
      </form>
    </Dialog>
  );
}
