// Toasts in Chromium against the real headless shell and vault, at 1280×800
// and 900×700, with the page's clock held still: after a run of new records
// no more than three toasts show, the last row of a long list scrolls clear of
// them, a plain confirmation goes after its 3 s, and an Undo toast outlives a
// run of confirmations and the plain lifetime, and is still reachable by
// keyboard in the polite region screen readers announce; toasts on screen
// when the language is switched in Settings follow the switch. A run of
// saved views shows one "View saved" (a toast of the same key takes the
// place of the one shown), where they stacked over the list at 900 px.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { createContacts, fillAndCreate, openSection, ui } from './crm-steps';
import { setLanguage, sizes } from './layout-steps';

const password = 'notices that know their place';
/** What the toasts promise (src-renderer/ui/toasts.tsx). */
const cap = 3;
const plainMs = 3_000;
const lingeringMs = 8_000;

interface Box {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/** The contacts table scrolled to its end: its last row's box (and whether it is the list's last), and the toasts' boxes. */
async function atTheEnd(page: Page) {
  const table = page.getByTestId('contact-table');
  await table.evaluate((element) => (element.scrollTop = element.scrollHeight));
  const rowCount = Number(await table.getAttribute('aria-rowcount'));
  await stepUntil(page, async () => (await table.locator(`[aria-rowindex="${rowCount}"]`).count()) === 1);
  return table.evaluate((table) => {
    const box = (element: Element): Box => {
      const rect = element.getBoundingClientRect();
      return { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right };
    };
    const rows = Array.from(table.querySelectorAll('[data-testid="contact-table-row"]'));
    const last = rows.reduce<Element | null>(
      (found, row) => (found === null || Number(row.getAttribute('aria-rowindex')) > Number(found.getAttribute('aria-rowindex')) ? row : found),
      null,
    );
    return {
      lastIndex: Number(last?.getAttribute('aria-rowindex') ?? -1),
      rowCount: Number(table.getAttribute('aria-rowcount')),
      row: last === null ? null : box(last),
      table: box(table),
      toasts: Array.from(document.querySelectorAll('.toast')).map(box),
    };
  });
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * Moves the held clock on a frame at a time (at most a second of the page's time, well inside a toast's
 * life) until `ready`: the list's table waits for timers of its own before it draws its rows. The rows come
 * from the vault in real time, however slowly on a slow machine: readiness is waited for as long as any
 * other step, only the page's clock is bounded.
 */
async function stepUntil(page: Page, ready: () => Promise<boolean>): Promise<void> {
  let frames = 0;
  await expect
    .poll(async () => {
      if (await ready()) return true;
      if (frames < 60) {
        frames += 1;
        await page.clock.runFor(16);
      }
      return ready();
    }, { ...ui, interval: 16 })
    .toBe(true);
}

async function backToList(page: Page): Promise<void> {
  await openSection(page, 'contacts');
  await stepUntil(page, async () => (await page.getByTestId('contact-table-row').count()) > 0);
}

describe('toasts', () => {
  const app = useApp({
    context: { viewport: sizes[0] },
    // The page's timers run on a clock the test can stop and move on.
    beforeLoad: (page) => page.clock.install(),
    password,
  });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    // A list longer than the window, so its last row sits at the bottom of the table once scrolled to.
    const lines = ['Name'];
    for (let index = 1; index <= 40; index += 1) lines.push(`Listed Person ${String(index).padStart(2, '0')}`);
    await openSection(page, 'transfer');
    await page.getByTestId('import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n'), 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'people.csv' }).waitFor(ui);
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '40' }).waitFor(ui);
    await openSection(page, 'contacts');
    // The newest toast goes last.
    await page.locator('.toast').last().waitFor({ state: 'detached', ...ui });
    // From here on the page's time moves only when the test says so.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
  });

  for (const size of sizes) {
    it(`shows at most ${cap} after a run of new records at ${size.width}×${size.height}, off the list's last row, each gone after ${plainMs / 1000} s`, async () => {
      await page.setViewportSize(size);
      await createContacts(page, Array.from({ length: 5 }, (_, index) => `Run ${size.width} Person ${index + 1}`));
      await backToList(page);
      const toasts = page.getByTestId('created-toast');
      expect(await toasts.count()).toBe(cap);
      // The newest is among them.
      await toasts.filter({ hasText: 'Contact created' }).last().waitFor(ui);

      const end = await atTheEnd(page);
      expect(end.lastIndex).toBe(end.rowCount);
      expect(end.row).not.toBeNull();
      if (end.row === null) return;
      // The row is inside the table's box, and no toast lies over it.
      expect(end.row.bottom).toBeLessThanOrEqual(end.table.bottom);
      expect(end.toasts).toHaveLength(cap);
      expect(end.toasts.filter((toast) => end.row !== null && overlaps(toast, end.row))).toEqual([]);

      await page.clock.runFor(plainMs + 200);
      await expect.poll(() => page.locator('.toast').count(), ui).toBe(0);
      expect(pageErrors).toEqual([]);
    });
  }

  it('keeps an Undo toast through a run of confirmations and past the plain lifetime, in the polite region, reachable by keyboard', async () => {
    await page.setViewportSize(sizes[1]);
    await createContacts(page, ['Undo Person']);
    await page.getByTestId('detail-delete').click();
    const undo = page.getByTestId('deleted-toast-action');
    await undo.waitFor(ui);
    await createContacts(page, ['After Undo 1', 'After Undo 2', 'After Undo 3']);
    expect(await page.locator('.toast').count()).toBe(cap);
    expect(await undo.isVisible()).toBe(true);
    // Said through the page's polite announcer (ui/toast-announcer.tsx); the toasts themselves are no live region.
    expect(await page.locator('.toasts').getAttribute('aria-live')).toBeNull();
    const region = page.locator('[data-toast-announcer="page"] [role="status"]');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    // Not atomic, as a status region is by default: a new toast is read, not every toast said before again.
    const session = await page.context().newCDPSession(page);
    try {
      const { root } = await session.send('DOM.getDocument', { depth: 0 });
      const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-toast-announcer="page"] [role="status"]' });
      const { nodes } = await session.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      const atomic: unknown = nodes[0]?.properties?.find((property) => property.name === 'atomic')?.value.value;
      expect(atomic).toBe(false);
    } finally {
      await session.detach();
    }

    // The pointer still rests where the last dialog's Create button was, maybe
    // under the toasts now: that does not hold them, the confirmations go.
    await page.clock.runFor(plainMs + 200);
    await expect.poll(() => page.getByTestId('created-toast').count(), ui).toBe(0);
    expect(await undo.isVisible()).toBe(true);
    // A pointer moved onto the toasts holds the Undo past its time, until it leaves.
    await undo.hover();
    await page.clock.runFor(lingeringMs + 1_000);
    expect(await undo.isVisible()).toBe(true);
    await page.mouse.move(5, 5);
    await undo.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('restored-toast').waitFor(ui);
    await page.clock.runFor(lingeringMs);
    await expect.poll(() => page.locator('.toast').count(), ui).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('words the toasts on screen in the language just chosen in Settings, and back', async () => {
    await page.setViewportSize(sizes[0]);
    await createContacts(page, ['Switch Person']);
    await page.getByTestId('detail-delete').click();
    const deleted = page.getByTestId('deleted-toast');
    const created = page.getByTestId('created-toast');
    await deleted.waitFor(ui);
    expect(await deleted.locator('.toast__message').textContent()).toBe('Contact deleted');
    expect(await created.locator('.toast__message').textContent()).toBe('Contact created');

    await setLanguage(page, 'zh-CN');
    // The clock is held: the same two toasts, now in Chinese, the created one's inner word too.
    await expect.poll(() => deleted.locator('.toast__message').textContent(), ui).toBe('联系人已删除');
    expect(await page.getByTestId('deleted-toast-action').textContent()).toBe('撤销');
    expect(await created.locator('.toast__message').textContent()).toBe('已创建联系人');
    expect(await page.locator('.toast').count()).toBe(2);

    await setLanguage(page, 'en');
    await expect.poll(() => deleted.locator('.toast__message').textContent(), ui).toBe('Contact deleted');
    expect(await page.getByTestId('deleted-toast-action').textContent()).toBe('Undo');
    await page.clock.runFor(lingeringMs + 200);
    await expect.poll(() => page.locator('.toast').count(), ui).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('lets the last card of a full pipeline column be scrolled clear of the toasts', async () => {
    await page.setViewportSize(sizes[0]);
    // Won deals: the column under the toasts at the window's bottom right.
    const deals = 9;
    for (let index = 1; index <= deals; index += 1) {
      await openSection(page, 'deals');
      await page.getByTestId('list-new').click();
      await fillAndCreate(page, 'deal', { name: `Won Deal ${index}`, stageId: 'won' });
      await page.getByTestId('deal-detail').waitFor(ui);
    }
    await openSection(page, 'deals');
    await page.getByTestId('deals-view-board').click();
    const column = page.getByTestId('column-won');
    await stepUntil(page, async () => (await column.getByTestId('deal-card').count()) === deals);
    expect(await page.locator('.toast').count()).toBe(cap);

    const end = await column.evaluate((element) => {
      const box = (found: Element): Box => {
        const rect = found.getBoundingClientRect();
        return { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right };
      };
      const cards = element.querySelector('.board-column__cards');
      if (cards === null) return null;
      cards.scrollTop = cards.scrollHeight;
      const last = Array.from(cards.querySelectorAll('[data-testid="deal-card"]')).at(-1);
      return {
        scrolls: cards.scrollHeight > cards.clientHeight,
        cards: box(cards),
        last: last === undefined ? null : box(last),
        toasts: Array.from(document.querySelectorAll('.toast')).map(box),
      };
    });
    expect(end?.scrolls).toBe(true);
    expect(end?.last).not.toBeNull();
    expect(end?.toasts).toHaveLength(cap);
    // The toasts lie over the column's bottom, but not over its last card.
    expect(end?.toasts.some((toast) => end.cards.bottom > toast.top && toast.left < end.cards.right && end.cards.left < toast.right)).toBe(true);
    expect(end?.toasts.filter((toast) => end.last !== null && overlaps(toast, end.last))).toEqual([]);

    await page.clock.runFor(plainMs + 200);
    await expect.poll(() => page.locator('.toast').count(), ui).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('shows one "View saved" for a run of saved views at 900×700, gone 3 s after the last save', async () => {
    await page.setViewportSize(sizes[1]);
    await openSection(page, 'contacts');
    const saved = page.getByTestId('view-saved-toast');
    for (let index = 1; index <= 4; index += 1) {
      await page.getByTestId('view-save').click();
      await page.getByTestId('view-name').fill(`Run view ${index}`);
      await page.getByTestId('view-name').press('Enter');
      await page.getByRole('tab', { name: `Run view ${index}`, selected: true }).waitFor(ui);
      await page.clock.runFor(1_000);
    }
    // Four saves inside one toast's life: one toast, not a stack over the list.
    expect(await saved.count()).toBe(1);
    expect(await page.locator('.toast').count()).toBe(1);
    expect(await saved.locator('.toast__message').textContent()).toBe('View saved');
    // Its clock started again with the last save.
    await page.clock.runFor(plainMs - 1_500);
    expect(await saved.count()).toBe(1);
    await page.clock.runFor(1_700);
    await expect.poll(() => page.locator('.toast').count(), ui).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
