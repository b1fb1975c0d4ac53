// Toasts that come while a modal dialog is open, in Chromium against the real
// headless shell and vault: a task reminder that falls due while the New
// contact dialog is open (showModal makes all outside it inert) shows inside
// that dialog, in a polite live region that is not inert, so Chromium's
// accessibility tree holds it and a screen reader announces it; the focus
// stays in the dialog's field, F6 goes into the toast and back, and the
// "Discard your unsaved changes?" question over the dialog takes the toasts
// over it in turn. They sit at the dialog's foot, below its buttons. Closed,
// the dialog leaves the toasts on the page as before.
// Before, the toasts stayed behind the dialog: inert, unheard, out of reach.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, focusedTestId, openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';

const password = 'heard over a dialog';

/** Where a toast is, as a screen reader meets it: in which open dialog, whether inert, in a polite live region, and whether Chromium's accessibility tree ignores it. */
async function whereIs(page: Page, testId: string) {
  const dom = await page.getByTestId(testId).evaluate((toast) => ({
    dialog: toast.closest('dialog[open]')?.getAttribute('data-testid') ?? null,
    inert: toast.closest('[inert]') !== null,
    polite: toast.closest('[aria-live="polite"]') !== null,
  }));
  const session = await page.context().newCDPSession(page);
  try {
    const { root } = await session.send('DOM.getDocument', { depth: 0 });
    // The toast's words as Chromium hands them to screen readers: text nodes of the tree, none ignored (inert ones are).
    const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector: `[data-testid="${testId}"]` });
    const { nodes } = await session.send('Accessibility.queryAXTree', { nodeId, role: 'StaticText' });
    const words = nodes.filter((node) => String(node.name?.value ?? '').startsWith('Reminder:'));
    // The region they are in: a polite live region in the tree, not ignored.
    const region = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector: `.toasts:has([data-testid="${testId}"])` });
    const [regionNode] = (await session.send('Accessibility.getPartialAXTree', { nodeId: region.nodeId, fetchRelatives: false })).nodes;
    const live: unknown = regionNode?.properties?.find((property) => property.name === 'live')?.value.value;
    const liveRegionHeard = regionNode?.ignored === false && live === 'polite';
    return { ...dom, liveRegionHeard, ignoredByScreenReaders: words.length === 0 || words.some((node) => node.ignored) };
  } finally {
    await session.detach();
  }
}

describe('a toast that comes while a modal dialog is open', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('is announced from inside the dialog, reachable by F6, without taking the focus', async () => {
    await page.getByTestId('today').waitFor(ui);
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-contact');
    await dialog.waitFor(ui);
    await dialog.getByTestId('field-name').fill('Nora New');
    expect(await focusedTestId(page)).toBe('field-name');

    const remindAt = Date.now() + 1_500;
    expect(await route.invoke('tasks.create', { title: 'Call the printer', remindAt, dueAt: remindAt + 3_600_000 })).toMatchObject({ ok: true });
    const toast = page.getByTestId('reminder-toast');
    await toast.waitFor(ui);
    await expect.poll(() => toast.textContent(), ui).toContain('Reminder: Call the printer');

    expect(await whereIs(page, 'reminder-toast')).toEqual({ dialog: 'new-contact', inert: false, polite: true, liveRegionHeard: true, ignoredByScreenReaders: false });
    expect(await dialog.ariaSnapshot()).toContain('status');
    expect(await dialog.ariaSnapshot()).toContain('Reminder: Call the printer');
    // Shown at the dialog's foot, inside its box and below its buttons, not over them.
    const [toastBox, dialogBox, createBox] = await Promise.all([toast.boundingBox(), dialog.boundingBox(), dialog.getByTestId('new-contact-submit').boundingBox()]);
    expect(toastBox !== null && dialogBox !== null && createBox !== null).toBe(true);
    if (toastBox === null || dialogBox === null || createBox === null) return;
    expect(toastBox.y + toastBox.height).toBeLessThanOrEqual(dialogBox.y + dialogBox.height + 1);
    expect(toastBox.y).toBeGreaterThanOrEqual(createBox.y + createBox.height);
    // The focus stayed where the user was typing.
    expect(await focusedTestId(page)).toBe('field-name');

    // F6 goes into the toast and back to the field.
    await page.keyboard.press('F6');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="reminder-toast"]') !== null), ui).toBe(true);
    await page.keyboard.press('F6');
    await expect.poll(() => focusedTestId(page), ui).toBe('field-name');

    // The question over the dialog takes the toasts over it; "Keep editing" gives them back to the dialog.
    await page.keyboard.press('Escape');
    await page.getByTestId('discard-changes').waitFor(ui);
    await expect.poll(() => whereIs(page, 'reminder-toast'), ui).toEqual({ dialog: 'discard-changes', inert: false, polite: true, liveRegionHeard: true, ignoredByScreenReaders: false });
    await page.getByTestId('discard-changes-keep').click();
    await page.getByTestId('discard-changes').waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => whereIs(page, 'reminder-toast'), ui).toEqual({ dialog: 'new-contact', inert: false, polite: true, liveRegionHeard: true, ignoredByScreenReaders: false });
    expect(await dialog.getByTestId('field-name').inputValue()).toBe('Nora New');
  });

  it('leaves the toasts on the page, working, once the dialog closes', async () => {
    await closeDialogs(page);
    expect(app.pageErrors).toEqual([]);
    const toast = page.getByTestId('reminder-toast');
    await expect.poll(() => whereIs(page, 'reminder-toast'), ui).toEqual({ dialog: null, inert: false, polite: true, liveRegionHeard: true, ignoredByScreenReaders: false });
    expect(await page.locator('dialog .toasts').count()).toBe(0);
    await toast.getByTestId('reminder-toast-dismiss').click();
    await toast.waitFor({ state: 'detached', timeout: ui.timeout });
  });
});
