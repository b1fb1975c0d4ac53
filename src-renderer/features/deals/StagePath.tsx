// The deal's stage as a path of steps (Lead → Qualified → … → Won / Lost);
// clicking a step moves the deal there through deals.moveStage (each step
// names its stage in data-stage-id, for the page to focus it after an Undo).
// The current step is aria-disabled, not disabled: it stays focusable and
// ignores activation, so the step a keyboard user just pressed Enter on
// keeps the focus once the deal is in its stage (a disabled button dropped
// it to the page's body).
import { useTranslation } from 'react-i18next';
import type { PipelineStage } from '../../../src-shared/domain/pipeline';
import { stageLabel } from './stages';

export interface StagePathProps {
  readonly stages: readonly PipelineStage[];
  readonly current: string;
  readonly disabled: boolean;
  readonly onMove: (stage: PipelineStage) => void;
}

export function StagePath({ stages, current, disabled, onMove }: StagePathProps) {
  const { t } = useTranslation();
  const currentIndex = stages.findIndex((stage) => stage.id === current);
  return (
    <ol className="stage-path" aria-label={t('field.stage')} data-testid="stage-path">
      {stages.map((stage, index) => {
        const isCurrent = stage.id === current;
        const state = isCurrent ? 'current' : index < currentIndex && stage.kind === 'open' ? 'done' : 'todo';
        return (
          <li key={stage.id} className={`stage-path__step stage-path__step--${state} stage-path__step--${stage.kind}`}>
            <button
              type="button"
              aria-current={isCurrent ? 'step' : undefined}
              aria-disabled={isCurrent || undefined}
              disabled={disabled}
              data-testid={`stage-step-${stage.id}`}
              data-stage-id={stage.id}
              onClick={() => {
                if (!isCurrent) onMove(stage);
              }}
            >
              {stageLabel(stage)}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
