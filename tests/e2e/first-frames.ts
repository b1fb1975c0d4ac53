// What the page showed on its way to a state, not only the state it settled
// in. A MutationObserver installed before an action records, at each batch of
// DOM changes (before the browser paints them), an element's text, whether
// the focus was where it belongs, and whether the element was in the window.
// A screen that corrects itself in an effect (a stale message, an old value, a
// focus set late) after a render an IPC answer caused is caught on every run:
// React's scheduler yields to the browser after each commit and runs such a
// render's effects in a later task, so the frame between is there to be
// painted and to be seen here, however fast the effect; a read after `waitFor`
// only catches it when the timing says so.
import type { Page } from 'playwright-core';

export interface Frame {
  /** The element's text, or null while it is not in the page. */
  readonly text: string | null;
  /** Whether the focus was on the element (or on `focus`, when given). */
  readonly focused: boolean;
  /** Whether the element's box was inside the window. */
  readonly inView: boolean;
}

let watches = 0;

/**
 * Starts recording the first element matching `selector` now; the returned
 * function stops and gives each different state seen, in order (the state at
 * the start first).
 */
export async function watchFrames(page: Page, selector: string, focus?: string): Promise<() => Promise<Frame[]>> {
  watches += 1;
  const key = `__frames${watches}`;
  await page.evaluate(
    ({ key, selector, focus }) => {
      const frames: Frame[] = [];
      const record = () => {
        const element = document.querySelector(selector);
        const target = focus === undefined ? element : document.querySelector(focus);
        const box = element?.getBoundingClientRect();
        const frame: Frame = {
          text: element === null ? null : (element.textContent ?? ''),
          focused: target !== null && target === document.activeElement,
          inView: box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight,
        };
        const last = frames.at(-1);
        if (last?.text !== frame.text || last.focused !== frame.focused || last.inView !== frame.inView) frames.push(frame);
      };
      record();
      const observer = new MutationObserver(record);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      Reflect.set(window, key, { frames, observer });
    },
    { key, selector, focus },
  );
  return () =>
    page.evaluate((key) => {
      const { frames, observer } = Reflect.get(window, key) as { frames: Frame[]; observer: MutationObserver };
      observer.disconnect();
      Reflect.deleteProperty(window, key);
      return frames;
    }, key);
}
