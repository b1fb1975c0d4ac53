// The top of a detail page: back, avatar or icon, title and subtitle, the
// page's actions and Delete; for a record in the trash (useRecordReadOnly),
// neither actions nor Delete but a banner with Restore; for a teammate's
// record (useRecordOwnedByTeammate), no Delete and a notice saying why.
// Restored, the banner goes and the focus with it: the title takes it (Tab
// then reaches the actions back), unless the user took it somewhere else.
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../../app/i18n';
import { useNavigation, type Route } from '../../app/router';
import { Alert } from '../../ui/Alert';
import { Icon } from '../../ui/icons';
import { useRecordOwnedByTeammate, useRecordReadOnly } from './read-only';

export interface DetailHeaderProps {
  readonly title: string;
  readonly subtitle?: ReactNode;
  readonly leading: ReactNode;
  readonly listRoute: Route;
  /** Offered only while the record is not in the trash. */
  readonly actions?: ReactNode;
  readonly onDelete: () => void;
  readonly onRestore: () => void;
  /** What the notice on a teammate's record says, when not that only its owner can change it. */
  readonly teammateNotice?: MessageKey;
}

export function DetailHeader(props: DetailHeaderProps) {
  const { t } = useTranslation();
  const { back } = useNavigation();
  const deleted = useRecordReadOnly();
  const teammates = useRecordOwnedByTeammate();
  const title = useRef<HTMLHeadingElement>(null);
  const wasDeleted = useRef(deleted);
  useLayoutEffect(() => {
    const restored = wasDeleted.current && !deleted;
    wasDeleted.current = deleted;
    const active = document.activeElement;
    if (restored && (active === null || active === document.body)) title.current?.focus();
  }, [deleted]);
  return (
    <>
      <div className="detail-header">
        <button type="button" className="button button--ghost button--icon" aria-label={t('detail.back')} title={t('detail.back')} data-testid="detail-back" onClick={() => back(props.listRoute)}>
          <Icon name="chevronLeft" />
        </button>
        {props.leading}
        <div className="detail-header__titles">
          <h1 className="detail-header__title" data-testid="detail-title" tabIndex={-1} ref={title}>
            {/* The record's name as typed: a Hebrew or Arabic one reads right to left, the header staying as laid out. */}
            <bdi>{props.title}</bdi>
          </h1>
          {props.subtitle === undefined ? null : <div className="detail-header__subtitle">{props.subtitle}</div>}
        </div>
        <div className="detail-header__actions">
          {deleted ? null : props.actions}
          {deleted || teammates ? null : (
            <button type="button" className="button button--ghost" data-testid="detail-delete" onClick={props.onDelete}>
              <Icon name="trash" size={16} />
              {t('detail.delete')}
            </button>
          )}
        </div>
      </div>
      {deleted ? (
        <Alert tone="warning" testId="trashed-banner">
          <p>
            {t('detail.deletedBanner')}{' '}
            <button type="button" className="link-button" data-testid="detail-restore" onClick={props.onRestore}>
              {t('detail.restore')}
            </button>
          </p>
        </Alert>
      ) : null}
      {teammates ? (
        <Alert tone="info" testId="teammate-notice">
          <p>{t(props.teammateNotice ?? 'detail.teammateNotice')}</p>
        </Alert>
      ) : null}
    </>
  );
}
