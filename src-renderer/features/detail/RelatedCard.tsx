// A side card listing related records (contacts, deals, open tasks) with a
// link to each and an "add" action that opens a pre-linked create dialog
// (none on a record in the trash: useRecordReadOnly).
// A name or second line too long for the card ends in an ellipsis and shows
// whole in a tooltip on hover (ui/cut-title.ts).
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { relatedLimit } from '../../../src-shared/domain/details';
import { useNavigation, type EntityKind } from '../../app/router';
import { titleWhenCut } from '../../ui/cut-title';
import { Icon } from '../../ui/icons';
import { useRecordReadOnly } from './read-only';

const showCutText = titleWhenCut('.related-list__primary, .related-list__secondary');

export interface RelatedItem {
  readonly id: string;
  readonly primary: string;
  readonly secondary?: ReactNode;
  readonly trailing?: ReactNode;
  readonly leading?: ReactNode;
}

export interface RelatedCardProps {
  readonly title: string;
  readonly kind: EntityKind;
  readonly items: readonly RelatedItem[];
  readonly testId: string;
  readonly addLabel?: string;
  readonly onAdd?: () => void;
  /** The card (focusable from script: a list's last task ticked done hands it the focus). */
  readonly cardRef?: RefObject<HTMLElement | null>;
}

export function RelatedCard({ title, kind, items, testId, addLabel, onAdd, cardRef }: RelatedCardProps) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const readOnly = useRecordReadOnly();
  return (
    <section ref={cardRef} className="card related-card" data-testid={testId} tabIndex={-1} aria-labelledby={`${testId}-title`}>
      <div className="card__header">
        <h2 id={`${testId}-title`}>
          {title}
          <span className="count-badge">{items.length}</span>
        </h2>
        {onAdd === undefined || readOnly ? null : (
          <button type="button" className="button button--ghost button--small" onClick={onAdd} data-testid={`${testId}-add`}>
            <Icon name="plus" size={14} />
            {addLabel}
          </button>
        )}
      </div>
      {items.length === 0 ? (
        <p className="faint small">{t('detail.relatedEmpty')}</p>
      ) : (
        <ul className="related-list" onPointerOver={showCutText}>
          {items.map((item) => (
            <li key={item.id} className="related-list__item" data-item-id={item.id}>
              {item.leading}
              <button type="button" className="related-list__link" onClick={() => navigate({ name: 'detail', entity: kind, id: item.id })}>
                <span className="truncate related-list__primary">{item.primary}</span>
                {item.secondary === undefined ? null : <span className="truncate faint small related-list__secondary">{item.secondary}</span>}
              </button>
              {item.trailing}
            </li>
          ))}
        </ul>
      )}
      {items.length >= relatedLimit ? <p className="faint small">{t('detail.moreRelated', { count: relatedLimit })}</p> : null}
    </section>
  );
}
