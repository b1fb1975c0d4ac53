// The pipeline board: one column per stage (pipeline.get), the first deals of
// each stage (deals.list filtered by stage, soonest close first), drag a card
// to another column or press ←/→ on it (or 1–9, straight to that stage) to
// move it (deals.moveStage). The card
// moves at once; the board reloads from the vault after every move so the
// totals stay the main process's own. A drop or ←/→ into a closing stage (won,
// lost) asks which one first (a drop on Won moved at once, with no way back
// but another move), and after any move the card has the focus again and
// is scrolled into view. While moves are on their way the board keeps its own
// picture: a reload that starts or answers while another move is unsaved
// would show the card back in an earlier column, so only the last move to
// settle reloads, and an answer overtaken by a newer move is dropped. A sync
// that changed deals reads the board again (when no move is on its way), so
// a teammate's move shows and a move or Undo starts from it. A deal moved
// here lately shows in its column after a reload even when it is not among
// the column's first cards. Undo
// in the moved toast is one more such move: the card goes back to its old
// column at once and has the focus there, and the totals follow the reload. When
// the columns do not all fit, a row of the stages leads to the hidden ones
// (BoardStages). A deal's change put back by an Undo toast of another page
// (app/local-changes.ts) reads the board again as a sync does. A move into a
// closing stage counts among the moves on their way from its dialog's
// confirm (before, only its answer was counted off, so it let a reload run
// while another move was still being saved).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Deal } from '../../../src-shared/domain/deal';
import type { Pipeline, PipelineStage } from '../../../src-shared/domain/pipeline';
import { useApi } from '../../app/api-context';
import { onRecordChanges } from '../../app/local-changes';
import { useNavigation } from '../../app/router';
import { Icon } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';
import { titleWhenCut } from '../../ui/cut-title';
import { Failed, Loading } from '../../ui/States';
import { errorText } from '../../ui/error-text';
import { DealsViewSwitch } from '../deals/DealsViewSwitch';
import { removedStageName, useStages } from '../deals/stages';
import { useStageMove } from '../deals/useStageMove';
import { useCreateRecord } from '../records/create-record';
import { useNameCache } from '../records/names';
import { useNewRecordAction } from '../shell/new-record';
import { BoardColumn } from './BoardColumn';
import { BoardStages, useStagesInView } from './BoardStages';
import { currenciesByUse, stageTotals } from './board-totals';

/** Cards per column; the rest are counted and reachable from the list view. */
const perColumn = 60;
/** How many deals moved here lately a reload shows in their columns, past its first cards too. */
const keptMoves = 20;
/** A stage's or a deal's name, or an account's, cut by its column: whole in a tooltip. */
const cutNames = titleWhenCut('.board-column__title h2, .deal-card__name-text, .deal-card__account .truncate, .deal-card__lost .truncate');

type Columns = ReadonlyMap<string, readonly Deal[]>;

/**
 * The board's columns: the pipeline's stages, then (after them, in this order) a column for each stage its deals are in that the pipeline
 * no longer has (removed on this device while a teammate's deal, synced in later, was still in it). Before,
 * those deals had no column: counted nowhere on the board, out of "Open deals", and no way to drag them out.
 */
export function boardStagesOf(pipeline: Pipeline, removedName: (id: string) => string): PipelineStage[] {
  const known = new Set(pipeline.stages.map((stage) => stage.id));
  const removed = [...new Set(pipeline.totals.map((total) => total.stageId).filter((id) => !known.has(id)))];
  return [
    ...pipeline.stages,
    ...removed.map((id, index): PipelineStage => ({ id, name: removedName(id), probability: 0, kind: 'open', position: pipeline.stages.length + index })),
  ];
}

function findIn(columns: Columns, id: string): Deal | undefined {
  for (const deals of columns.values()) {
    const found = deals.find((deal) => deal.id === id);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The columns with `deal` taken out of its column and shown as `next` at the top of next's. */
function placed(columns: Columns, deal: Deal, next: Deal): Columns {
  const result = new Map(columns);
  result.set(deal.stageId, (columns.get(deal.stageId) ?? []).filter((item) => item.id !== deal.id));
  result.set(next.stageId, [next, ...(result.get(next.stageId) ?? [])]);
  return result;
}

export function PipelineBoard() {
  const { t } = useTranslation();
  const api = useApi();
  const names = useNameCache();
  const { navigate } = useNavigation();
  const creator = useCreateRecord();
  const { pipeline, failure, reload: reloadStages } = useStages();
  const [columns, setColumns] = useState<Columns | null>(null);
  const [failedStages, setFailedStages] = useState<ReadonlySet<string>>(new Set());
  const generation = useRef(0);
  /**
   * The card to focus (and bring into view) once the board shows the vault's answer. `always`: Undo was
   * pressed for it; otherwise only while the focus is still on that card or lost to the page (a keyboard
   * user who went on, to another card or into the toast say, keeps the focus where they took it).
   */
  const focusAfterLoad = useRef<{ readonly id: string; readonly always: boolean } | null>(null);
  /** Moves shown on the board and not yet answered by the vault. */
  const pendingMoves = useRef(0);
  /** Counts moves started, so a reload can tell that one began while it read the vault. */
  const movesStarted = useRef(0);
  const removedName = useCallback((id: string) => t('filter.removedChoice', { value: removedStageName(id) }), [t]);
  const stages = useMemo(() => (pipeline === null ? [] : boardStagesOf(pipeline, removedName)), [pipeline, removedName]);
  /** Columns of stages the pipeline no longer has: deals leave them, none go in (the vault would refuse the stage). */
  const removedStages = useMemo(() => new Set(stages.slice(pipeline?.stages.length ?? 0).map((stage) => stage.id)), [stages, pipeline]);
  const boardRef = useRef<HTMLDivElement>(null);
  const sides = useStagesInView(boardRef, pipeline === null ? 0 : stages.length);
  const counts = useMemo(() => {
    const byStage = new Map<string, number>();
    for (const total of pipeline?.totals ?? []) byStage.set(total.stageId, (byStage.get(total.stageId) ?? 0) + total.dealCount);
    return byStage;
  }, [pipeline]);
  const currencies = useMemo(() => currenciesByUse(pipeline?.totals ?? []), [pipeline]);
  const hidden = sides === null ? [] : [...sides.values()];

  // Deals moved (or moved back) on this board lately, newest first: a reload shows them (loadColumns).
  const movedHere = useRef<readonly string[]>([]);
  const keepShown = useCallback((id: string) => {
    movedHere.current = [id, ...movedHere.current.filter((moved) => moved !== id)].slice(0, keptMoves);
  }, []);

  const loadColumns = useCallback(
    async (forStages: readonly PipelineStage[]) => {
      generation.current += 1;
      const mine = generation.current;
      const startedBefore = movesStarted.current;
      // The deals' names are learnt from a current answer only, asked for after the last sync's changes (names.tsx).
      const asOf = names.stamp();
      const failed = new Set<string>();
      const entries = await Promise.all(
        forStages.map(async (stage) => {
          try {
            const page = await api.invoke('deals.list', {
              filter: { stageIds: [stage.id] },
              // An open column shows the deals closing soonest; a Won or Lost column the ones closed last (soonest
              // closing there is oldest: a column of 60 wins from years ago hid the deal a teammate won today).
              sort: stage.kind === 'open' ? { field: 'expectedCloseDate', direction: 'asc' } : { field: 'updatedAt', direction: 'desc' },
              limit: perColumn,
            });
            return [stage.id, page.items] as const;
          } catch {
            failed.add(stage.id);
            return [stage.id, [] as readonly Deal[]] as const;
          }
        }),
      );
      // A deal moved here lately shows in its column even when that column's first cards are others (a deal won
      // today into a Won column of 60 earlier wins): before, the reload after the move took the card away.
      const byStage = new Map(entries.map(([stageId, deals]) => [stageId, [...deals]]));
      const shown = new Set<string>(entries.flatMap(([, deals]) => deals.map((deal) => deal.id)));
      for (const id of movedHere.current.filter((moved) => !shown.has(moved)).reverse()) {
        const deal = await api.invoke('deals.get', { id }).then(
          (detail) => detail.deal,
          () => null,
        );
        if (deal === null || deal.deletedAt !== null) movedHere.current = movedHere.current.filter((moved) => moved !== id);
        else byStage.get(deal.stageId)?.unshift(deal);
      }
      if (generation.current !== mine || movesStarted.current !== startedBefore || pendingMoves.current > 0) return;
      for (const [, deals] of entries) for (const deal of deals) names.learn(deal.id, deal.name, asOf);
      setColumns(byStage);
      setFailedStages(failed);
    },
    [api, names],
  );

  const refresh = useCallback(async () => {
    const next = await reloadStages();
    if (next !== null) await loadColumns(boardStagesOf(next, removedName));
  }, [loadColumns, reloadStages, removedName]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // A sync that changed deals (a teammate's move, say), or an Undo pressed in a toast of another page's
  // (an amount edited on the deal's page), reads the board again; while a move of this board is on its
  // way, its settling reads it (a reload now would show the card back where it was).
  useEffect(
    () =>
      onRecordChanges(api, ({ entities }) => {
        if (entities.includes('deals') && pendingMoves.current === 0) void refresh();
      }),
    [api, refresh],
  );

  // After a move or a reload the moved card is a new element in another column. Focused before the
  // browser handles the next key (a layout effect, in the same task as the key that moved it), so a
  // second quick ←/→ moves it again instead of landing on the page.
  useLayoutEffect(() => {
    const wanted = focusAfterLoad.current;
    if (wanted === null || columns === null) return;
    const card = document.querySelector<HTMLElement>(`[data-deal-id="${wanted.id}"]`);
    if (card === null) return;
    focusAfterLoad.current = null;
    const active = document.activeElement;
    // Still on the moved card (or lost with its old element): it goes on with the card. On another card the
    // user went on to, or anywhere else, it stays there.
    const onCard = active instanceof HTMLElement && active.closest('[data-deal-id]')?.getAttribute('data-deal-id') === wanted.id;
    const free = active === null || active === document.body || active.tagName === 'MAIN' || onCard;
    if (!wanted.always && !free) return;
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [columns]);

  const settled = useCallback(
    (deal: { readonly id: string }) => {
      keepShown(deal.id);
      if (focusAfterLoad.current?.id !== deal.id) focusAfterLoad.current = { id: deal.id, always: false };
      pendingMoves.current = Math.max(0, pendingMoves.current - 1);
      if (pendingMoves.current === 0) void refresh();
    },
    [refresh],
  );
  /** Undo pressed in a moved toast: the card goes back to its column at once, as a move does, and takes the focus. */
  const undoing = useCallback((before: Pick<Deal, 'id' | 'stageId' | 'probability' | 'lostReason'>) => {
    keepShown(before.id);
    pendingMoves.current += 1;
    movesStarted.current += 1;
    focusAfterLoad.current = { id: before.id, always: true };
    setColumns((current) => {
      const shown = current === null ? undefined : findIn(current, before.id);
      return current === null || shown === undefined ? current : placed(current, shown, { ...shown, ...before });
    });
  }, []);
  /** A move into a closing stage, confirmed in the dialog: on its way until `settled`, as a move to an open stage is. */
  const confirmed = useCallback(() => {
    pendingMoves.current += 1;
    movesStarted.current += 1;
  }, []);
  const move = useStageMove(settled, settled, undoing, confirmed);
  useNewRecordAction(() => creator.open({ kind: 'deal' }));

  function findDeal(id: string): Deal | undefined {
    return columns === null ? undefined : findIn(columns, id);
  }

  /** Moves to an open stage, showing the card in its new column at once; the reload after the answer corrects anything. */
  function moveTo(deal: Deal, stage: PipelineStage) {
    if (deal.stageId === stage.id) return;
    pendingMoves.current += 1;
    movesStarted.current += 1;
    // With the probability the vault gives it there, so that a second quick move's Undo puts back the right one, and
    // no lost reason (the vault clears it: an open stage; the card said "Lost: …" until the reload).
    setColumns((current) => (current === null ? current : placed(current, deal, { ...deal, stageId: stage.id, probability: stage.probability, lostReason: '' })));
    focusAfterLoad.current = { id: deal.id, always: false };
    move.request(deal, stage);
  }

  /** An open stage takes the deal at once; a closing stage is only offered, beside the other closing stages. */
  function offer(deal: Deal, target: PipelineStage) {
    if (removedStages.has(target.id) || deal.stageId === target.id) return;
    if (target.kind === 'open') {
      moveTo(deal, target);
      return;
    }
    if (deal.stageId === target.id) return;
    const closing = stages.filter((stage) => stage.kind !== 'open' && stage.id !== deal.stageId && !removedStages.has(stage.id));
    move.choose(deal, closing, target);
  }

  /** ←/→: to the next stage, as a drop there would. */
  function step(deal: Deal, direction: -1 | 1) {
    const index = stages.findIndex((stage) => stage.id === deal.stageId);
    const target = stages[index + direction];
    if (target !== undefined) offer(deal, target);
  }

  /** 1–9: straight to the stage at that place, as a drop there would (one move, however far). */
  function jump(deal: Deal, place: number) {
    const target = stages[place - 1];
    if (target !== undefined) offer(deal, target);
  }

  return (
    <div className="page page--board" data-testid="pipeline-board">
      <PageHeader
        title={t('pipeline.title')}
        subtitle={<span className="muted">{t('pipeline.moveHint')}</span>}
        actions={
          <>
            <DealsViewSwitch current="board" />
            <button type="button" className="button button--primary" onClick={() => creator.open({ kind: 'deal' })}>
              <Icon name="plus" size={16} />
              {t('entity.deal.new')}
              <kbd>{t('keys.n')}</kbd>
            </button>
          </>
        }
      />
      {failure !== null && pipeline === null ? <Failed message={errorText(failure)} onRetry={() => void refresh()} /> : null}
      {pipeline === null && failure === null ? <Loading /> : null}
      <BoardStages board={boardRef} stages={stages} counts={counts} sides={sides} />
      {pipeline === null ? null : (
        <div
          ref={boardRef}
          className={`board${hidden.includes('before') ? ' board--more-before' : ''}${hidden.includes('after') ? ' board--more-after' : ''}`}
          role="list"
          onPointerOver={cutNames}
        >
          {stages.map((stage) => (
            <div role="listitem" key={stage.id} className="board__slot" data-stage-id={stage.id}>
              <BoardColumn
                stage={stage}
                removed={!pipeline.stages.some((known) => known.id === stage.id)}
                totals={stageTotals(pipeline.totals, stage.id, currencies)}
                deals={columns?.get(stage.id) ?? null}
                failed={failedStages.has(stage.id)}
                onRetry={() => void refresh()}
                onDropDeal={(id) => {
                  const deal = findDeal(id);
                  if (deal !== undefined) offer(deal, stage);
                }}
                onOpen={(deal) => navigate({ name: 'detail', entity: 'deal', id: deal.id })}
                onStep={step}
                onJump={jump}
                onShowAll={() => navigate({ name: 'list', entity: 'deal', stageIds: [stage.id] })}
              />
            </div>
          ))}
        </div>
      )}
      {move.dialog}
    </div>
  );
}
