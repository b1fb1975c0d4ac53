// A side card listing related records (contacts, deals, open tasks) with a
// link to each and an "add" action that opens a pre-linked create dialog
// (none on a record in the trash: useRecordReadOnly). A capped list (the
// first relatedLimit) carries its true count (`total`, "10,000+" past
// listCountCap): the badge says it, and past the cap the card says how many it
// shows and links to the whole list ("Show all": its list filtered by this record).
// A name or second line too long for the card ends in an ellipsis and shows
// whole in a tooltip on hover (ui/cut-title.ts).
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListCount } from '../../../src-shared/domain/common';
import { relatedLimit } from '../../../src-shared/domain/details';
import { useNavigation, type EntityKind, type ListLink } from '../../app/router';
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
  /** How many the whole list holds, when `items` may be its first relatedLimit only. */
  readonly total?: ListCount;
  /** The record the whole list is of: "Show all" opens the `kind` list filtered by it. */
  readonly showAll?: ListLink;
}

export function RelatedCard({ title, kind, items, testId, addLabel, onAdd, cardRef, total, showAll }: RelatedCardProps) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const readOnly = useRecordReadOnly();
  // Without a count, a full list may hold more ("100+"); the rows shown are at least that many in any case.
  const count = total === undefined ? { count: items.length, capped: items.length >= relatedLimit } : !total.capped && total.count < items.length ? { count: items.length, capped: false } : total;
  const more = count.capped || count.count > items.length;
  return (
    <section ref={cardRef} className="card related-card" data-testid={testId} tabIndex={-1} aria-labelledby={`${testId}-title`}>
      <div className="card__header">
        <h2 id={`${testId}-title`}>
          {title}
          <span className="count-badge" data-testid={`${testId}-count`}>
            {count.capped ? t('detail.relatedCountMore', { count: count.count }) : t('detail.relatedCount', { count: count.count })}
          </span>
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
                <span className="truncate related-list__primary" dir="auto">{item.primary}</span>
                {item.secondary === undefined ? null : <span className="truncate faint small related-list__secondary">{item.secondary}</span>}
              </button>
              {item.trailing}
            </li>
          ))}
        </ul>
      )}
      {more ? (
        <p className="faint small related-card__more">
          {count.capped ? t('detail.moreRelatedCapped', { shown: items.length, count: count.count }) : t('detail.moreRelated', { shown: items.length, count: count.count })}
        </p>
      ) : null}
      {more && showAll !== undefined ? (
        <button type="button" className="button button--ghost button--small related-card__all" data-testid={`${testId}-all`} onClick={() => navigate({ name: 'list', entity: kind, linked: showAll })}>
          {t('detail.showAll')}
          <Icon name="chevronRight" size={14} />
        </button>
      ) : null}
    </section>
  );
}
