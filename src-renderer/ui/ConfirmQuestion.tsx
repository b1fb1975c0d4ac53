// The question a useConfirmStep asks in place of its opener: a warning with
// the question, the answer's button and Cancel. The group holds the focus
// when it appears (the step's `question` props), so the answer is never given
// unread; Esc or Cancel close it.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from './Alert';
import type { ConfirmStep } from './useConfirmStep';

export interface ConfirmQuestionProps {
  readonly step: ConfirmStep;
  /** The group's test id; its buttons' are `${testId}ed` and `${testId.replace(/-confirm$/, '')}-cancel`. */
  readonly testId: `${string}-confirm`;
  readonly question: string;
  readonly answer: string;
  /** 'danger' for an answer that takes something away. */
  readonly tone: 'primary' | 'danger';
  readonly onAnswer: () => void;
}

export function ConfirmQuestion({ step, testId, question, answer, tone, onAnswer }: ConfirmQuestionProps) {
  const { t } = useTranslation();
  // Unique in the page: several such questions may be open at once (one per recent import).
  const questionId = useId();
  return (
    <div {...step.question} role="group" aria-labelledby={questionId} data-testid={testId}>
      <Alert tone="warning" live={false}>
        <p id={questionId}>{question}</p>
        <div className="actions">
          <button type="button" className={`button button--${tone}`} data-testid={`${testId}ed`} onClick={onAnswer}>
            {answer}
          </button>
          <button type="button" className="button button--secondary" data-testid={`${testId.replace(/-confirm$/, '')}-cancel`} onClick={step.close}>
            {t('action.cancel')}
          </button>
        </div>
      </Alert>
    </div>
  );
}
