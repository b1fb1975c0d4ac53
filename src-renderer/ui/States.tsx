// The three states every data view has besides "loaded": loading (skeleton
// or spinner), failed (message and retry), and empty (what to do next).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from './Alert';
import { Icon, type IconName } from './icons';

export function Loading({ testId, label }: { readonly testId?: string; readonly label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state--loading" role="status" aria-live="polite" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('status.loading')}</span>
    </div>
  );
}

export interface FailedProps {
  readonly message: string;
  readonly title?: string;
  readonly onRetry?: () => void;
  readonly testId?: string;
}

export function Failed({ message, title, onRetry, testId }: FailedProps) {
  const { t } = useTranslation();
  return (
    <div className="state">
      <Alert tone="error" title={title ?? t('status.failed')} testId={testId}>
        <p>{message}</p>
        {onRetry === undefined ? null : (
          <button type="button" className="button button--secondary button--small" onClick={onRetry}>
            {t('action.retry')}
          </button>
        )}
      </Alert>
    </div>
  );
}

export interface EmptyProps {
  readonly icon: IconName;
  readonly title: string;
  readonly body?: string;
  readonly action?: ReactNode;
  readonly testId?: string;
}

export function Empty({ icon, title, body, action, testId }: EmptyProps) {
  return (
    <div className="empty" data-testid={testId}>
      <span className="empty__icon" aria-hidden="true">
        <Icon name={icon} size={22} />
      </span>
      <p className="empty__title">{title}</p>
      {body === undefined ? null : <p className="muted">{body}</p>}
      {action === undefined ? null : <div className="empty__action">{action}</div>}
    </div>
  );
}
