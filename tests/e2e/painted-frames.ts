// What the page looked like in each frame it painted. `watchFrames`
// (first-frames.ts) sees every DOM change but not a scroll, nor when the
// browser paints; this samples the page once a frame at the last moment
// script runs before the paint: a ResizeObserver callback. A probe element,
// resized in every animation frame, makes the browser call this observer in
// each frame after the page's own animation-frame callbacks, its layout and
// the page's own ResizeObservers (those created before it run first), so what
// the probe reads is what that frame shows. A screen that is right only after
// a scroll or a render a frame later (a requestAnimationFrame fix-up, a
// setState in a ResizeObserver callback that React renders in a later task)
// leaves the wrong frame here.
import type { Page } from 'playwright-core';

let watches = 0;

/**
 * Starts sampling `probe` (a self-contained function, run in the page) in
 * every painted frame; the returned function stops and gives each different
 * sample, in order.
 */
export async function watchPaints<T>(page: Page, probe: () => T): Promise<() => Promise<T[]>> {
  watches += 1;
  const key = `__paints${watches}`;
  // A string, so the probe's own source runs in the page (page.evaluate serialises a function the same way).
  await page.evaluate(`(() => {
    const probe = (${String(probe)});
    const samples = [];
    let last = '';
    const element = document.createElement('div');
    element.setAttribute('aria-hidden', 'true');
    element.style.cssText = 'position: fixed; left: -10px; top: -10px; height: 1px; width: 1px; pointer-events: none;';
    document.documentElement.append(element);
    let running = true;
    const observer = new ResizeObserver(() => {
      const sample = probe();
      const text = JSON.stringify(sample);
      if (text !== last) samples.push(sample);
      last = text;
    });
    observer.observe(element);
    const grow = () => {
      if (!running) return;
      element.style.width = element.style.width === '1px' ? '2px' : '1px';
      requestAnimationFrame(grow);
    };
    requestAnimationFrame(grow);
    window[${JSON.stringify(key)}] = {
      samples,
      stop: () => {
        running = false;
        observer.disconnect();
        element.remove();
      },
    };
  })()`);
  return () =>
    page.evaluate((key) => {
      const { samples, stop } = Reflect.get(window, key) as { samples: T[]; stop: () => void };
      stop();
      Reflect.deleteProperty(window, key);
      return samples;
    }, key);
}
