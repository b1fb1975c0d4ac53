// The board's row of stages (BoardStages.tsx) in the frames Chromium paints,
// against the real headless shell and vault: the row, its marks of the
// stages out of view and the board's fades agree with where the columns are
// in every frame after the window is resized and the board scrolled
// sideways, not one frame later. A sample is taken in a ResizeObserver
// callback in each frame (after its requestAnimationFrame callbacks and
// layout, after the app's own observer), and again when what the app renders
// there resizes the board: the frame's last sample is what it painted. The page logs no error, a
// ResizeObserver loop error included.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';

const password = 'every stage in its frame';
const wide = { width: 1600, height: 900 } as const;
const narrow = { width: 900, height: 700 } as const;

/** What a painted frame got wrong, by frame number. */
type Mismatches = Record<number, string>;

/** Starts sampling the board in every frame; the returned function stops and gives the frames whose painted state was wrong. */
async function sampleBoardFrames(page: Page): Promise<() => Promise<{ frames: number; wrong: Mismatches; errors: string[] }>> {
  await page.evaluate(() => {
    const board = document.querySelector<HTMLElement>('.board');
    if (board === null) throw new Error('no board');
    const slack = 1;
    let frame = 0;
    let stopped = false;
    const last = new Map<number, string>();
    const errors: string[] = [];
    /** '' when the row and the fades agree with the columns, else what disagrees. */
    const check = (): string => {
      const strip = document.querySelector('[data-testid="board-stages"]');
      const overflows = board.scrollWidth > board.clientWidth + slack;
      if (!overflows) return strip === null ? '' : 'a row of stages while every column is in view';
      if (strip === null) return 'no row of stages while columns are out of view';
      const view = board.getBoundingClientRect();
      const wrong: string[] = [];
      const sides = new Set<string>();
      for (const slot of Array.from(board.querySelectorAll<HTMLElement>('[data-stage-id]'))) {
        const box = slot.getBoundingClientRect();
        const side = box.left < view.left - slack ? 'before' : box.right > view.right + slack ? 'after' : 'in';
        sides.add(side);
        const id = slot.dataset['stageId'] ?? '';
        const button = strip.querySelector(`[data-testid="board-stage-${id}"]`);
        if (button?.classList.contains(`board-stages__stage--${side}`) !== true) wrong.push(`${id} is ${side}, marked ${button?.className ?? 'nothing'}`);
      }
      for (const side of ['before', 'after']) if (board.classList.contains(`board--more-${side}`) !== sides.has(side)) wrong.push(`fade ${side}`);
      return wrong.join('; ');
    };
    const sample = () => {
      if (!stopped) last.set(frame, check());
    };
    // A box out of the flow that changes width each frame: its observer runs after each frame's layout. It
    // sits deeper than the board, or its notices would hide a ResizeObserver loop error of the board's: the
    // browser sends a box's later change in the same frame only when it is deeper than every box it told of.
    const ticker = document.createElement('div');
    ticker.style.cssText = 'position: fixed; top: 0; left: 0; height: 1px; width: 1px; visibility: hidden; pointer-events: none;';
    const slot = board.querySelector('[data-stage-id]');
    if (slot === null) throw new Error('no column');
    slot.append(ticker);
    const tick = () => {
      if (stopped) return;
      frame += 1;
      ticker.style.width = `${(frame % 2) + 1}px`;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    // Made after the app's observer, so it runs after it in the same round; the board's too, so it runs again when the app's render resizes the board.
    const observer = new ResizeObserver(sample);
    observer.observe(ticker);
    observer.observe(board);
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    Reflect.set(window, '__boardFrames', () => {
      stopped = true;
      observer.disconnect();
      ticker.remove();
      window.removeEventListener('error', onError);
      const wrong: Record<number, string> = {};
      for (const [at, text] of last) if (text !== '') wrong[at] = text;
      return { frames: frame, wrong, errors };
    });
  });
  return () => page.evaluate(() => (Reflect.get(window, '__boardFrames') as () => { frames: number; wrong: Mismatches; errors: string[] })());
}

/** Waits for `count` frames to be painted. */
function frames(page: Page, count: number): Promise<void> {
  return page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        let left = count;
        const tick = () => {
          left -= 1;
          if (left <= 0) resolve();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    count,
  );
}

/** Whether the board's column of `id` is inside the board's box. */
function columnInView(page: Page, id: string): Promise<boolean> {
  return page.evaluate((id) => {
    const board = document.querySelector('.board')?.getBoundingClientRect();
    const box = document.querySelector(`[data-stage-id="${id}"]`)?.getBoundingClientRect();
    return board !== undefined && box !== undefined && box.left >= board.left - 0.5 && box.right <= board.right + 0.5;
  }, id);
}

describe('the board’s row of stages, frame by frame', () => {
  const app = useApp({ context: { viewport: wide }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await openSection(page, 'deals');
    await page.getByTestId('deals-view-board').click();
    await page.locator('.board [data-stage-id]').nth(5).waitFor(ui);
    await frames(page, 2);
  });

  it('shows the row in the frame the window narrows to hide columns, and drops it in the frame it widens again', async () => {
    expect(await page.getByTestId('board-stages').count()).toBe(0);
    const stop = await sampleBoardFrames(page);
    await page.setViewportSize(narrow);
    await frames(page, 3);
    expect(await page.getByTestId('board-stages').count()).toBe(1);
    await page.setViewportSize(wide);
    await frames(page, 3);
    expect(await page.getByTestId('board-stages').count()).toBe(0);
    await page.setViewportSize(narrow);
    await frames(page, 3);
    const seen = await stop();
    expect(seen.frames).toBeGreaterThan(5);
    expect(seen.wrong).toEqual({});
    expect(seen.errors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('marks the stages in the frames the board scrolls sideways, by a stage’s button and by the wheel', async () => {
    await page.setViewportSize(narrow);
    await page.getByTestId('board-stages').waitFor(ui);
    const stop = await sampleBoardFrames(page);
    // The button scrolls smoothly, a frame at a time.
    await page.getByTestId('board-stage-lost').click();
    await expect.poll(() => columnInView(page, 'lost'), ui).toBe(true);
    await frames(page, 3);
    await page.getByTestId('board-stage-lead').click();
    await expect.poll(() => columnInView(page, 'lead'), ui).toBe(true);
    await frames(page, 3);
    // A sideways wheel over the board.
    const box = await page.locator('.board').boundingBox();
    if (box === null) throw new Error('no board box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let step = 0; step < 6; step += 1) {
      await page.mouse.wheel(120, 0);
      await frames(page, 1);
    }
    await expect.poll(() => columnInView(page, 'lost'), ui).toBe(true);
    await frames(page, 3);
    const seen = await stop();
    expect(seen.frames).toBeGreaterThan(10);
    expect(seen.wrong).toEqual({});
    expect(seen.errors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
