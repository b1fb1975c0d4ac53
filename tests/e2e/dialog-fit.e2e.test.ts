// Dialogs in a short window, measured in Chromium against the real headless
// shell and vault: a dialog taller than the window keeps its title and its
// buttons in view and scrolls its body, not itself. The UI walkthrough found
// "New task" at 1280×800 with Create and Cancel half below the dialog's edge,
// and at 900×700 out of view until the whole dialog was scrolled.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, fillAndCreate, openSection, ui, type Section } from './crm-steps';
import { shot, sizes } from './layout-steps';

const password = 'every button in view';
const windows = [...sizes, { width: 900, height: 560 }] as const;

/** What of the open dialog is out of view: the dialog past the window, its own scrolling, its title or buttons cut. */
function dialogDefects(dialog: Locator): Promise<string[]> {
  return dialog.evaluate((element) => {
    const found: string[] = [];
    const box = element.getBoundingClientRect();
    const round = (value: number) => Math.round(value);
    if (box.top < -0.5 || box.bottom > window.innerHeight + 0.5) found.push(`the dialog spans ${round(box.top)}–${round(box.bottom)} px of a ${window.innerHeight} px window`);
    if (element.scrollHeight > element.clientHeight + 1) found.push(`the dialog itself scrolls (${element.scrollHeight} px in ${element.clientHeight})`);
    if (element.scrollTop !== 0) found.push('the dialog is scrolled');
    const inView = (part: Element, name: string) => {
      const rect = part.getBoundingClientRect();
      const top = Math.max(box.top, 0);
      const bottom = Math.min(box.bottom, window.innerHeight);
      if (rect.top < top - 0.5 || rect.bottom > bottom + 0.5) found.push(`${name} spans ${round(rect.top)}–${round(rect.bottom)} px, the dialog in view ${round(top)}–${round(bottom)} px`);
    };
    const title = element.querySelector('.dialog__header h2:not(.visually-hidden)');
    if (title !== null) inView(title, 'the title');
    for (const button of Array.from(element.querySelectorAll('.form-actions button'))) inView(button, `“${button.textContent}”`);
    return found;
  });
}

/** Scrolls the open dialog's body to its end: `last` is then in view, above the buttons, and the dialog itself has not moved. */
async function scrolledToEnd(dialog: Locator, last: Locator): Promise<string[]> {
  await dialog.locator('.dialog__body').evaluate((body) => {
    body.scrollTop = body.scrollHeight;
  });
  const found = await last.evaluate((field) => {
    const problems: string[] = [];
    const dialogElement = field.closest('dialog');
    const body = field.closest('.dialog__body');
    if (dialogElement === null || body === null) return ['not in a dialog body'];
    if (dialogElement.scrollTop !== 0) problems.push('the dialog itself scrolled');
    if (body.scrollTop === 0) problems.push('the body did not scroll');
    const rect = field.getBoundingClientRect();
    const visible = body.getBoundingClientRect();
    const actions = body.querySelector('.form-actions')?.getBoundingClientRect();
    const bottom = Math.min(visible.bottom, actions?.top ?? visible.bottom, window.innerHeight);
    if (rect.top < visible.top - 0.5 || rect.bottom > bottom + 0.5) problems.push(`the last field spans ${Math.round(rect.top)}–${Math.round(rect.bottom)} px, the body shows ${Math.round(visible.top)}–${Math.round(bottom)} px`);
    return problems;
  });
  return found;
}

describe('dialogs taller than the window', () => {
  const app = useApp({ context: { viewport: sizes[0] }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: 'Cold-chain sensors' });
    await page.getByTestId('deal-detail').waitFor(ui);
  });

  it('keeps New task’s Create and Cancel in view and scrolls its body to the last field, at 1280×800, 900×700 and 900×560', async () => {
    const found: string[] = [];
    for (const size of windows) {
      await page.setViewportSize(size);
      await openSection(page, 'tasks');
      await page.getByTestId('list-new').click();
      const dialog = page.getByTestId('new-task');
      await dialog.waitFor(ui);
      const where = `${size.width}×${size.height}`;
      await shot(page, `new-task-${size.width}x${size.height}`);
      for (const defect of await dialogDefects(dialog)) found.push(`${where}: ${defect}`);
      for (const name of ['Create', 'Cancel']) {
        const button = dialog.getByRole('button', { name, exact: true });
        // Clickable where it is: nothing of the dialog lies over its middle.
        const covered = await button.evaluate((element) => {
          const rect = element.getBoundingClientRect();
          const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
          return hit === null || !element.contains(hit);
        });
        if (covered) found.push(`${where}: “${name}” is covered`);
      }
      for (const defect of await scrolledToEnd(dialog, dialog.getByTestId('field-tags'))) found.push(`${where}: ${defect}`);
      await shot(page, `new-task-${size.width}x${size.height}-end`);
      await closeDialogs(page);
    }
    await page.setViewportSize(sizes[0]);
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('keeps every other dialog’s title and buttons in view at 900×560', async () => {
    await page.setViewportSize(windows[2]);
    const found: string[] = [];
    const check = async (testId: string) => {
      const dialog = page.getByTestId(testId);
      await dialog.waitFor(ui);
      await shot(page, `dialog-${testId}-900x560`);
      for (const defect of await dialogDefects(dialog)) found.push(`${testId}: ${defect}`);
      await closeDialogs(page);
    };
    const sections: readonly (readonly [Section, string])[] = [
      ['contacts', 'new-contact'],
      ['accounts', 'new-account'],
      ['deals', 'new-deal'],
      ['activities', 'new-activity'],
    ];
    for (const [section, testId] of sections) {
      await openSection(page, section);
      await page.getByTestId('list-new').click();
      await check(testId);
    }
    // A deal's lost reason and its contact picker.
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Cold-chain sensors' }).click();
    await page.getByTestId('deal-detail').waitFor(ui);
    await page.getByTestId('stage-step-lost').click();
    await check('lost-reason');
    await page.getByTestId('deal-detail').getByRole('button', { name: 'Add contact' }).click();
    await check('link-contact');
    // The sync status, the shortcuts and search.
    await page.getByTestId('sync-status').click();
    await check('sync-details');
    await page.keyboard.press('Shift+?');
    await check('shortcut-help');
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-dialog').waitFor(ui);
    for (const defect of await dialogDefects(page.getByTestId('search-dialog'))) found.push(`search-dialog: ${defect}`);
    await closeDialogs(page);
    await page.setViewportSize(sizes[0]);
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
