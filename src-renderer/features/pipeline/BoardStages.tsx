// The way to the board's hidden stages. When the stage columns do not fit
// side by side (six of them at 900 px), the board scrolls sideways, which a
// hidden scrollbar does not show: a row above it then names every stage with
// its deal count, marks those out of view with the way to them, and scrolls a
// stage's column into view when clicked; the board's edges fade where columns
// are hidden. Nothing of this shows while every column is in view. The focus
// goes along to the column's first card (to the column itself when it has
// none): left on the button, the next Tab went to the first Lead card and
// scrolled the board back, and a Lost card was reachable only column by
// column with Alt+→.
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
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

/** Frames without a move of the board's scroll position after which `useStagesInView` stops measuring each frame. */
const stillFrames = 10;

/** What may scroll the board: the wheel, a touch, a key, a click (of a stage in the row), the focus moving to a card. */
const scrollCauses = ['wheel', 'pointerdown', 'keydown', 'click', 'focusin'] as const;

/**
 * Follows which stage columns the board shows as it scrolls and resizes; `key`
 * changes when its columns do. The row and the fades change in the frame that
 * shows the new scroll position or size, not one frame later: the render is
 * done at once (flushSync) in the frame's rendering steps, before it is
 * painted, not left to a task after the paint.
 * - A size: in a ResizeObserver callback (after layout). It watches the
 *   board's parent, not the board: the row takes its height from the board
 *   when it appears, and a box whose size changes in its own observer's
 *   callback makes the browser report a ResizeObserver loop error. The
 *   board's width follows its parent's and its columns have a fixed least
 *   width, so whether they fit changes only with that size or the columns.
 * - A scroll: in requestAnimationFrame, each frame from the input that may
 *   start it (or its first scroll event) until the position has stayed put for
 *   a few frames. A scroll event alone comes too late: a smooth scroll (a
 *   stage's button, the wheel) moves the position after the frame's scroll
 *   events are sent, so its event comes in the next frame, after the paint.
 */
export function useStagesInView(board: RefObject<HTMLElement | null>, key: unknown): StagesInView {
  const [sides, setSides] = useState<StagesInView>(null);
  const shown = useRef<StagesInView>(null);
  useLayoutEffect(() => {
    const element = board.current;
    if (element === null) return undefined;
    const area = element.parentElement ?? element;
    const update = (now: boolean) => {
      const next = measure(element);
      if (same(shown.current, next)) return;
      shown.current = next;
      if (now) flushSync(() => setSides(next));
      else setSides(next);
    };
    let frame: number | null = null;
    let still = 0;
    let position = element.scrollLeft;
    const eachFrame = () => {
      frame = null;
      update(true);
      still = element.scrollLeft === position ? still + 1 : 0;
      position = element.scrollLeft;
      if (still < stillFrames) frame = requestAnimationFrame(eachFrame);
    };
    const follow = () => {
      still = 0;
      frame ??= requestAnimationFrame(eachFrame);
    };
    const onScroll = () => {
      update(true);
      follow();
    };
    update(false);
    const observer = new ResizeObserver(() => update(true));
    observer.observe(area);
    element.addEventListener('scroll', onScroll, { passive: true });
    for (const cause of scrollCauses) area.addEventListener(cause, follow, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', onScroll);
      for (const cause of scrollCauses) area.removeEventListener(cause, follow);
      if (frame !== null) cancelAnimationFrame(frame);
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
      // Without scrolling: the board's own (smooth) scroll brings the column, the focus must not jump it there first.
      const target = slot.querySelector<HTMLElement>('[data-testid="deal-card"]') ?? slot.querySelector<HTMLElement>('[data-stage-column]');
      target?.focus({ preventScroll: true });
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
