// One stage of the board: its deal count, the amount and weighted amount in
// its first currency (the board's main one, see board-totals.ts) and, behind
// a button, in its other currencies; its cards; and a drop target for dragged
// deals. The other currencies stay folded so the cards show at the top of a
// short window whatever the number of currencies; opened, they follow the
// button (which stays where it was, under the first total) in a box of their
// own that scrolls when they are many. Past its first deals, a column links
// to the deals list filtered to its stage ("N more in the list view").
import { useId, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Deal } from '../../../src-shared/domain/deal';
import type { PipelineStage, StageTotal } from '../../../src-shared/domain/pipeline';
import { formatMoney } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { stageLabel } from '../deals/stages';
import { BoardAmount } from './BoardAmount';
import { DealCard, dealDragType } from './DealCard';

export interface BoardColumnProps {
  readonly stage: PipelineStage;
  /** The stage's totals, the one to show first (`stageTotals`). */
  readonly totals: readonly StageTotal[];
  readonly deals: readonly Deal[] | null;
  readonly failed: boolean;
  /** Reads the board again (the column's Try again when it failed). */
  readonly onRetry: () => void;
  readonly onDropDeal: (dealId: string) => void;
  readonly onOpen: (deal: Deal) => void;
  readonly onStep: (deal: Deal, direction: -1 | 1) => void;
  /** 1–9 pressed on a card: to the board's stage at that place. */
  readonly onJump: (deal: Deal, place: number) => void;
  /** "N more in the list view": the deals list filtered to this stage (the column shows its first deals only). */
  readonly onShowAll: () => void;
  /** A stage this device no longer has (boardStagesOf): its kind is unknown here, stages do not sync. */
  readonly removed?: boolean;
}

/**
 * Whether a card in `stage` says why its deal was lost. In a removed stage (a teammate's lost stage this device
 * does not have, drawn as open) a deal at 0 % with a reason was lost: before, its card hid "Lost: …".
 */
export function showsLostReason(stage: PipelineStage, removed: boolean, deal: Deal): boolean {
  return stage.kind === 'lost' || (removed && deal.probability === 0 && deal.lostReason !== '');
}

function carriesDeal(event: DragEvent<HTMLElement>): boolean {
  return event.dataTransfer.types.includes(dealDragType);
}

function TotalLine({ total }: { readonly total: StageTotal }) {
  const { t } = useTranslation();
  return (
    <span className="board-column__total">
      <BoardAmount minor={total.amount} currency={total.currency} className="board-column__amount" />
      <span className="faint small board-column__weighted">{t('pipeline.weighted', { amount: formatMoney(total.weightedAmount, total.currency, true) })}</span>
    </span>
  );
}

export function BoardColumn({ stage, totals, deals, failed, onRetry, onDropDeal, onOpen, onStep, onJump, onShowAll, removed = false }: BoardColumnProps) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const [allCurrencies, setAllCurrencies] = useState(false);
  const othersId = useId();
  const [first, ...others] = totals;
  const count = totals.reduce((sum, total) => sum + total.dealCount, 0);
  const name = stageLabel(stage);
  // A column whose read failed holds no deals ([]) but is not empty: no "Drop deals here", no "N more".
  const loaded = deals !== null && !failed;
  const hidden = loaded ? count - deals.length : 0;

  return (
    <section
      className={`board-column board-column--${stage.kind}${over ? ' is-over' : ''}`}
      aria-labelledby={`stage-${stage.id}`}
      data-testid={`column-${stage.id}`}
      // Focused by the row of stages above the board when it has no card to take the focus (BoardStages.tsx).
      tabIndex={-1}
      data-stage-column
      onDragOver={(event) => {
        if (!carriesDeal(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={(event) => {
        const next = event.relatedTarget;
        if (!(next instanceof Node) || !event.currentTarget.contains(next)) setOver(false);
      }}
      onDrop={(event) => {
        setOver(false);
        const id = event.dataTransfer.getData(dealDragType);
        if (id === '') return;
        event.preventDefault();
        onDropDeal(id);
      }}
    >
      <header className="board-column__header">
        <div className="board-column__title">
          <h2 id={`stage-${stage.id}`}>{name}</h2>
          <span className="count-badge" data-testid="column-count">
            {count}
          </span>
        </div>
        <div className="board-column__totals" data-testid="column-total">
          {first === undefined ? <span className="faint small">{t('status.none')}</span> : <TotalLine total={first} />}
          {others.length === 0 ? null : (
            <>
              <button
                type="button"
                className="link-button board-column__currencies"
                aria-expanded={allCurrencies}
                aria-controls={othersId}
                data-testid="column-currencies"
                onClick={() => setAllCurrencies(!allCurrencies)}
              >
                <Icon name="chevronDown" size={14} />
                {allCurrencies ? t('pipeline.fewerCurrencies') : t('pipeline.moreCurrencies', { count: others.length })}
              </button>
              <div id={othersId} className="board-column__other-totals" hidden={!allCurrencies} data-testid="column-other-totals">
                {others.map((total) => (
                  <TotalLine key={total.currency} total={total} />
                ))}
              </div>
            </>
          )}
        </div>
        <div className="board-column__bar" aria-hidden="true" />
      </header>
      <div className="board-column__cards">
        {deals === null && !failed ? <span className="skeleton skeleton--card" aria-hidden="true" /> : null}
        {failed ? (
          <div className="board-column__failed" data-testid="column-failed">
            <p className="field__error">{t('status.failed')}</p>
            <button type="button" className="button button--secondary button--small" onClick={onRetry}>
              {t('action.retry')}
            </button>
          </div>
        ) : null}
        {loaded && deals.length === 0 ? <p className="board-column__empty">{t('pipeline.emptyColumn')}</p> : null}
        {(deals ?? []).map((deal) => (
          <DealCard key={deal.id} deal={deal} stageName={name} lost={showsLostReason(stage, removed, deal)} onOpen={() => onOpen(deal)} onStep={(direction) => onStep(deal, direction)} onJump={(place) => onJump(deal, place)} />
        ))}
        {hidden > 0 ? (
          // A link to the rest: a column shows its first deals only, and the rest (4,940 of 5,000) were out of reach.
          <p className="small board-column__more">
            <button type="button" className="link-button" data-testid="column-more" onClick={onShowAll}>
              {t('pipeline.moreDeals', { count: hidden })}
            </button>
          </p>
        ) : null}
      </div>
    </section>
  );
}
