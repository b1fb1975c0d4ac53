// The selection bar's Stage… on the deals list: one stage for every selected
// deal (the pipeline's stages in their order, by their names as shown), and
// for a lost stage its reason (LostReasonField: the team's reasons to pick);
// for a closing stage (won, lost) the close date every moved deal takes, the
// user's local day, today, until changed (as the board's move dialog offers it,
// useStageMove); a move to an open stage sends none and keeps each deal's date.
// A refusal (a deal gone meanwhile, a stage removed) shows in the dialog,
// which keeps the choice; done, it closes and the bar's Undo toast shows.
// Until the workspace's one read of the stages has answered, the dialog says
// it is reading them, or that it could not with Try again (StagesPending, as
// New deal does), not a form: its select held no stage (its first value was
// taken before the stages came) and Apply did nothing, without a word. The
// form opens on the first stage, as before and as New deal does.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PipelineStage } from '../../../src-shared/domain/pipeline';
import { Alert } from '../../ui/Alert';
import { Dialog } from '../../ui/Dialog';
import { todayIso } from '../../ui/format';
import { wordsText } from '../../ui/words';
import { BulkDialogActions, useBulkApply } from '../records/BulkEditDialogs';
import type { StageChoice } from '../records/useBulkActions';
import { CloseDateField } from './CloseDateField';
import { LostReasonField } from './LostReasonField';
import { stageLabel, useStages } from './stages';
import { StagesPending } from './StagesPending';

export interface BulkStageDialogProps {
  readonly count: number;
  /** Moves the selection (useBulkActions' moveStage): settles once done, rejects with a refusal. */
  readonly onApply: (move: StageChoice) => Promise<void>;
  readonly onClose: () => void;
}

export function BulkStageDialog(props: BulkStageDialogProps) {
  const { t } = useTranslation();
  const { pipeline } = useStages();
  if (pipeline === null) return <StagesPending title={t('bulk.stageTitle', { count: props.count })} testId="bulk-stage-dialog" onClose={props.onClose} />;
  return <BulkStageForm {...props} stages={pipeline.stages} />;
}

function BulkStageForm({ count, onApply, onClose, stages }: BulkStageDialogProps & { readonly stages: readonly PipelineStage[] }) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState(stages[0]?.id ?? '');
  const [reason, setReason] = useState('');
  /** The close date a move into a closing stage gives the deals: today until the user changes it. */
  const [closeDate, setCloseDate] = useState(() => todayIso());
  const { busy, failure, apply } = useBulkApply(onApply, onClose);
  // A stage the pipeline no longer has (read again meanwhile) is not kept behind another one's name: the select holds what it shows.
  const stage = stages.find((candidate) => candidate.id === picked) ?? stages[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Only a pipeline with no stage at all, which PipelineUpdate refuses (two at least).
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
          <select id="bulk-stage" data-testid="bulk-stage-select" value={stage?.id ?? ''} onChange={(event) => setPicked(event.target.value)}>
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
