// A deal on the board: draggable (HTML5 drag and drop) and, for keyboard
// users, movable while focused: ←/→ one stage, 1–9 straight to that stage
// (Lead to Negotiation is one saved move with one Undo, not three). ↑/↓ go to
// the card above or below in its column, Home/End to the column's first and
// last; Alt+←/→ to the card at the same place in the nearest stage that way
// with cards (the last when it has fewer), moving nothing: before, a keyboard
// user reached another column only by Tab through every card before it.
// Enter opens the deal. A lost deal's card says why it was lost, when
// the reason was given (two lines at most, whole in a tooltip when cut); only
// in a lost stage: a reason a deal of another stage still holds (created with
// one, synced) said "Lost: Price" on an open or won card. In a stage this
// device no longer has (kind unknown: stages do not sync) a deal at 0 % with a
// reason says it too, a teammate's lost stage (BoardColumn showsLostReason).
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Deal } from '../../../src-shared/domain/deal';
import { formatIsoDate, formatMoney } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { RecordName, useRecordName } from '../records/names';
import { BoardAmount } from './BoardAmount';

export const dealDragType = 'application/x-fieldvault-deal';

export interface DealCardProps {
  readonly deal: Deal;
  readonly stageName: string;
  /** The deal's stage is a lost one: only there does the card say why it was lost. */
  readonly lost: boolean;
  readonly onOpen: () => void;
  readonly onStep: (direction: -1 | 1) => void;
  /** 1–9 pressed: straight to the stage at that place (1 is the first). */
  readonly onJump: (place: number) => void;
}

/** The card `key` goes to from `card` within its column: null when there is none that way, undefined when the key is not one of ↑/↓/Home/End. */
function cardFor(card: HTMLElement, key: string): HTMLElement | null | undefined {
  const cards = card.parentElement === null ? [] : [...card.parentElement.querySelectorAll<HTMLElement>(':scope > [data-testid="deal-card"]')];
  const at = cards.indexOf(card);
  switch (key) {
    case 'ArrowUp':
      return cards[at - 1] ?? null;
    case 'ArrowDown':
      return cards[at + 1] ?? null;
    case 'Home':
      return cards[0] ?? null;
    case 'End':
      return cards.at(-1) ?? null;
    default:
      return undefined;
  }
}

/** Alt+←/→: the card at `card`'s place in the nearest column that way with cards (its last when it has fewer), or null. */
function cardBeside(card: HTMLElement, direction: -1 | 1): HTMLElement | null {
  const column = card.parentElement;
  const slot = card.closest<HTMLElement>('.board__slot');
  const board = slot?.parentElement ?? null;
  const slots = board === null ? [] : [...board.querySelectorAll<HTMLElement>(':scope > .board__slot')];
  const place = column === null ? 0 : [...column.querySelectorAll(':scope > [data-testid="deal-card"]')].indexOf(card);
  for (let at = slots.indexOf(slot ?? card) + direction; at >= 0 && at < slots.length; at += direction) {
    const cards = [...(slots[at]?.querySelectorAll<HTMLElement>('[data-testid="deal-card"]') ?? [])];
    if (cards.length > 0) return cards[Math.min(place, cards.length - 1)] ?? null;
  }
  return null;
}

export function DealCard({ deal, stageName, lost, onOpen, onStep, onJump }: DealCardProps) {
  const { t } = useTranslation();
  const amount = formatMoney(deal.amount, deal.currency);
  const lostReason = lost ? deal.lostReason : '';
  const accountName = useRecordName('account', deal.accountId);
  const spoken = {
    name: deal.name,
    account: typeof accountName === 'string' && accountName !== '' ? accountName : t('noAccount'),
    amount,
    date: formatIsoDate(deal.expectedCloseDate),
  };

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.target !== event.currentTarget || event.ctrlKey || event.metaKey) return;
    if (event.altKey) {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      // Also keeps Chromium from going back in the history (Alt+←).
      event.preventDefault();
      const beside = cardBeside(event.currentTarget, event.key === 'ArrowLeft' ? -1 : 1);
      beside?.focus();
      beside?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      return;
    }
    const next = cardFor(event.currentTarget, event.key);
    if (next !== undefined) {
      event.preventDefault();
      next?.focus();
      next?.scrollIntoView({ block: 'nearest' });
    } else if (/^[1-9]$/.test(event.key)) {
      event.preventDefault();
      onJump(Number(event.key));
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      onStep(event.key === 'ArrowLeft' ? -1 : 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onOpen();
    }
  }

  return (
    <article
      className="deal-card"
      draggable
      tabIndex={0}
      data-testid="deal-card"
      data-deal-id={deal.id}
      // Whose deal, when it closes and why it was lost, as the card shows them: the name, amount and stage alone
      // left a screen-reader user unable to tell two customers' "Annual renewal" apart before moving one.
      aria-label={
        lostReason === ''
          ? t('pipeline.cardLabel', { ...spoken, stage: stageName })
          : t('pipeline.cardLabelLost', { ...spoken, stage: stageName, reason: lostReason })
      }
      aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Home End Alt+ArrowLeft Alt+ArrowRight 1 2 3 4 5 6 7 8 9 Enter"
      onDragStart={(event) => {
        event.dataTransfer.setData(dealDragType, deal.id);
        event.dataTransfer.setData('text/plain', deal.id);
        event.dataTransfer.effectAllowed = 'move';
        event.currentTarget.classList.add('is-dragging');
      }}
      onDragEnd={(event) => event.currentTarget.classList.remove('is-dragging')}
      onDoubleClick={onOpen}
      onKeyDown={onKeyDown}
    >
      <button type="button" className="deal-card__name" tabIndex={-1} onClick={onOpen}>
        <span className="deal-card__name-text" dir="auto">{deal.name}</span>
      </button>
      <span className="deal-card__account">
        <Icon name="account" size={13} />
        <RecordName kind="account" id={deal.accountId} fallback={t('noAccount')} />
      </span>
      {lostReason === '' ? null : (
        <span className="deal-card__lost" data-testid="deal-card-lost">
          <span className="truncate">{t('pipeline.lostBecause', { reason: lostReason })}</span>
        </span>
      )}
      <span className="deal-card__footer">
        <BoardAmount minor={deal.amount} currency={deal.currency} className="deal-card__amount" />
        <span className="faint small nowrap">{formatIsoDate(deal.expectedCloseDate)}</span>
      </span>
    </article>
  );
}
