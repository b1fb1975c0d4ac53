// The focus ring on a toast's buttons, in Chromium against the real headless
// shell, light and dark: F6 takes the focus into the newest toast, and the
// ring drawn around its button stands out from the toast at 3:1 or more
// (WCAG 1.4.11), on a plain toast (its Undo and its close button) and on the
// red error toast. Before, the ring was the accent colour everywhere: about
// 1:1 on the red error toast, under 3:1 on the others.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { setTheme } from './layout-steps';

const password = 'a ring that shows on a toast';
const busy = { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' } as const;

/** A computed colour's sRGB channels (0–1) and alpha: rgb()/rgba() or color(srgb …). */
function channels(color: string): { readonly rgb: readonly [number, number, number]; readonly alpha: number } {
  const srgb = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)/.exec(color);
  if (srgb !== null) return { rgb: [Number(srgb[1]), Number(srgb[2]), Number(srgb[3])], alpha: srgb[4] === undefined ? 1 : Number(srgb[4]) };
  const rgb = /^rgba?\((\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?)(?:,\s*([\d.]+))?\)/.exec(color);
  if (rgb === null) throw new Error(`unreadable colour ${color}`);
  return { rgb: [Number(rgb[1]) / 255, Number(rgb[2]) / 255, Number(rgb[3]) / 255], alpha: rgb[4] === undefined ? 1 : Number(rgb[4]) };
}

function luminance(rgb: readonly number[]): number {
  const [r = 0, g = 0, b = 0] = rgb.map((value) => (value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast of a ring drawn at `opacity` (its colour's alpha too) over an opaque background. */
function ringContrast(ring: string, background: string, opacity: number): number {
  const over = channels(background).rgb;
  const { rgb, alpha } = channels(ring);
  const weight = alpha * opacity;
  const drawn = rgb.map((value, at) => value * weight + (over[at] ?? 0) * (1 - weight));
  const [light, dark] = [luminance(drawn), luminance(over)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

interface Ring {
  readonly className: string;
  readonly visible: boolean;
  readonly style: string;
  readonly ring: string;
  readonly background: string;
  readonly opacity: number;
}

/** The focused element's ring, the toast it is in (its background) and the opacity it is drawn at. */
function focusedRing(page: Page): Promise<Ring | null> {
  return page.evaluate(() => {
    const active = document.activeElement;
    const toast = active?.closest('.toast');
    if (!(active instanceof HTMLElement) || toast === null || toast === undefined) return null;
    let opacity = 1;
    for (let at: Element | null = active; at !== null && at !== toast.parentElement; at = at.parentElement) {
      opacity *= Number(getComputedStyle(at).opacity);
    }
    const style = getComputedStyle(active);
    return {
      className: active.className,
      visible: active.matches(':focus-visible'),
      style: style.outlineStyle,
      ring: style.outlineColor,
      background: getComputedStyle(toast).backgroundColor,
      opacity,
    };
  });
}

describe('the focus ring in a toast', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    for (const name of ['Ring Person 1', 'Ring Person 2']) expect(await route.invoke('contacts.create', { name })).toMatchObject({ ok: true });
  }, 120_000);

  /** The first contact selected and the Delete key pressed on its row. */
  async function deleteFirstRow(): Promise<void> {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').first().focus();
    await page.keyboard.press('Space');
    await page.getByTestId('bulk-count').waitFor(ui);
    await page.keyboard.press('Delete');
  }

  /** The ring of the focused toast button, at least 3:1 against its toast. */
  async function expectRingShows(what: string): Promise<void> {
    // The toast fades in: its ring is read once drawn at full strength.
    await page.evaluate(() =>
      Promise.all(Array.from(document.querySelectorAll('.toast')).flatMap((toast) => toast.getAnimations({ subtree: true }).map((animation) => animation.finished))),
    );
    const ring = await focusedRing(page);
    expect(ring, what).not.toBeNull();
    if (ring === null) return;
    expect(ring.visible, what).toBe(true);
    expect(ring.style, what).toBe('solid');
    const ratio = ringContrast(ring.ring, ring.background, ring.opacity);
    expect(ratio, `${what}: ${ring.ring} on ${ring.background} at opacity ${String(ring.opacity)}`).toBeGreaterThanOrEqual(3);
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`shows the ring on a plain toast’s Undo and close button, ${theme}`, async () => {
      await setTheme(page, theme);
      await deleteFirstRow();
      const toast = page.getByTestId('bulk-deleted-toast');
      await toast.waitFor(ui);
      await page.keyboard.press('F6');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? ''), ui).toBe('bulk-deleted-toast-action');
      await expectRingShows(`Undo, ${theme}`);
      await page.keyboard.press('Tab');
      await expectRingShows(`close, ${theme}`);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      await page.getByTestId('bulk-restored-toast').waitFor(ui);
      expect(pageErrors).toEqual([]);
    });

    it(`shows the ring on the error toast’s button, ${theme}`, async () => {
      await setTheme(page, theme);
      route.failing.set('contacts.deleteMany', busy);
      await deleteFirstRow();
      const toast = page.getByTestId('bulk-failed');
      await toast.waitFor(ui);
      expect(await toast.getAttribute('class')).toContain('toast--error');
      await page.keyboard.press('F6');
      await expect.poll(async () => (await focusedRing(page))?.className ?? '', ui).toContain('toast__');
      await expectRingShows(`error toast, ${theme}`);
      await page.keyboard.press('Enter');
      await toast.waitFor({ state: 'detached', timeout: ui.timeout });
      route.release();
      expect(pageErrors).toEqual([]);
    });
  }
});
