// The way to the board's hidden stages. When the stage columns do not fit
// side by side (six of them at 900 px), the board scrolls sideways, which a
// hidden scrollbar does not show: a row above it then names every stage with
// its deal count, marks those out of view with the way to them, and scrolls a
// stage's column into view when clicked; the board's edges fade where columns
// are hidden. Nothing of this shows while every column is in view.
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { PipelineStage } from '../../../src-shared/domain/pipeline';
import { Icon } from '../../ui/icons';
import { stageLabel } from '../deals/stages';

/** Where a stage's column is, seen from the board's box. */
export type StageSide = 'before' | 'in' | 'after';

/** Each stage's column side by stage id, or null while every column is in view. */
export type StagesInView = ReadonlyMap<string, StageSide> | null;

const slack = 1;

function measure(board: HTMLElement): StagesInView {
  if (board.scrollWidth <= board.clientWidth + slack) return null;
  const view = board.getBoundingClientRect();
  const sides = new Map<string, StageSide>();
  for (const slot of Array.from(board.querySelectorAll<HTMLElement>('[data-stage-id]'))) {
    const box = slot.getBoundingClientRect();
    const side: StageSide = box.left < view.left - slack ? 'before' : box.right > view.right + slack ? 'after' : 'in';
    sides.set(slot.dataset['stageId'] ?? '', side);
  }
  return sides;
}

const same = (a: StagesInView, b: StagesInView): boolean =>
  a === b || (a !== null && b !== null && a.size === b.size && [...a].every(([id, side]) => b.get(id) === side));

/** Follows which stage columns the board shows as it scrolls and resizes; `key` changes when its columns do. */
export function useStagesInView(board: RefObject<HTMLElement | null>, key: unknown): StagesInView {
  const [sides, setSides] = useState<StagesInView>(null);
  useLayoutEffect(() => {
    const element = board.current;
    if (element === null) return undefined;
    const update = () => {
      const next = measure(element);
      setSides((current) => (same(current, next) ? current : next));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    element.addEventListener('scroll', update, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', update);
    };
  }, [board, key]);
  return sides;
}

export interface BoardStagesProps {
  readonly board: RefObject<HTMLElement | null>;
  readonly stages: readonly PipelineStage[];
  readonly counts: ReadonlyMap<string, number>;
  readonly sides: StagesInView;
}

export function BoardStages({ board, stages, counts, sides }: BoardStagesProps) {
  const { t } = useTranslation();
  const show = useCallback(
    (id: string) => {
      const element = board.current;
      const slot = element?.querySelector(`[data-stage-id="${CSS.escape(id)}"]`);
      if (element === null || element === undefined || slot === null || slot === undefined) return;
      const view = element.getBoundingClientRect();
      const box = slot.getBoundingClientRect();
      const by = box.left < view.left ? box.left - view.left : box.right > view.right ? box.right - view.right : 0;
      element.scrollBy({ left: by });
    },
    [board],
  );
  if (sides === null) return null;
  return (
    <nav className="board-stages" aria-label={t('pipeline.stages')} data-testid="board-stages">
      {stages.map((stage) => {
        const side = sides.get(stage.id) ?? 'in';
        return (
          <button
            key={stage.id}
            type="button"
            className={`board-stages__stage board-stages__stage--${side}`}
            data-testid={`board-stage-${stage.id}`}
            title={t('pipeline.scrollToStage', { stage: stageLabel(stage) })}
            onClick={() => show(stage.id)}
          >
            {side === 'before' ? <Icon name="chevronLeft" size={14} /> : null}
            {stageLabel(stage)}
            <span className="count-badge">{counts.get(stage.id) ?? 0}</span>
            {side === 'after' ? <Icon name="chevronRight" size={14} /> : null}
          </button>
        );
      })}
    </nav>
  );
}
