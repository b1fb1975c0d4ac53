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
// Each toast is said once, where it is heard when it comes: one that comes as
// its dialog closes (Save) is said on the page, and an error is not said again
// at each dialog opened or closed (before, the region drawn anew held it). Tab
// from a toast's last button stays in the dialog, a click on the toasts' strip
// is no backdrop click, and a dismissed toast gives the focus to the dialog's
// field, not to its × (the next Enter closed the dialog).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, focusedTestId, openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';

const password = 'heard over a dialog';

interface Said {
  readonly text: string;
  /** The open dialog it was said in, null on the page. */
  readonly where: string | null;
  /** Said where a screen reader hears it: still in the page, not inert under a modal. */
  readonly heard: boolean;
}

/**
 * Records from now on what Chromium announces, as it does: words added to a live region that was in the page
 * before (one arriving with its words is not read), and an alert inserted (read each time it is). Heard only when
 * still in the page and inside the top modal, if any (the last open in document order: the question comes last).
 */
async function recordSaid(page: Page): Promise<() => Promise<Said[]>> {
  await page.evaluate(() => {
    const log: Said[] = [];
    Reflect.set(window, '__said', log);
    const live = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]';
    const heard = (element: Element) => {
      const top = Array.from(document.querySelectorAll('dialog')).filter((dialog) => dialog.matches(':modal')).at(-1);
      return element.isConnected && (top === undefined || top.contains(element));
    };
    const say = (element: Element, text: string) => log.push({ text, where: element.closest('dialog')?.getAttribute('data-testid') ?? null, heard: heard(element) });
    new MutationObserver((records) => {
      const added = records.flatMap((record) => Array.from(record.addedNodes));
      for (const record of records) {
        for (const node of Array.from(record.addedNodes)) {
          const text = node.textContent ?? '';
          if (text === '') continue;
          const alerts = node instanceof Element ? [node, ...Array.from(node.querySelectorAll('[role="alert"]'))].filter((element) => element.matches('[role="alert"]')) : [];
          if (alerts.length > 0) {
            for (const alert of alerts) say(alert, alert.textContent ?? '');
            continue;
          }
          const parent = record.target instanceof Element ? record.target : record.target.parentElement;
          const region = parent?.closest(live) ?? null;
          if (region !== null && !added.some((other) => other.contains(region))) say(region, text);
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => [...(Reflect.get(window, '__said') as Said[])]);
}

/** Where a toast is, as a screen reader meets it: in which open dialog, whether inert, and whether Chromium's accessibility tree ignores it. */
async function whereIs(page: Page, testId: string) {
  const dom = await page.getByTestId(testId).evaluate((toast) => ({
    dialog: toast.closest('dialog[open]')?.getAttribute('data-testid') ?? null,
    inert: toast.closest('[inert]') !== null,
  }));
  const session = await page.context().newCDPSession(page);
  try {
    const { root } = await session.send('DOM.getDocument', { depth: 0 });
    // The toast's words as Chromium hands them to screen readers: text nodes of the tree, none ignored (inert ones are).
    const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector: `[data-testid="${testId}"]` });
    const { nodes } = await session.send('Accessibility.queryAXTree', { nodeId, role: 'StaticText' });
    const words = nodes.filter((node) => String(node.name?.value ?? '').startsWith('Reminder:'));
    return { ...dom, ignoredByScreenReaders: words.length === 0 || words.some((node) => node.ignored) };
  } finally {
    await session.detach();
  }
}

describe('a toast that comes while a modal dialog is open', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  let page: Page;
  let said: () => Promise<Said[]> = () => Promise.resolve([]);
  /** What was said of the toasts whose words include `words` (other live regions speak too). */
  const saidOf = async (words: string) => (await said()).filter((item) => item.text.includes(words));

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
    said = await recordSaid(page);

    const remindAt = Date.now() + 1_500;
    expect(await route.invoke('tasks.create', { title: 'Call the printer', remindAt, dueAt: remindAt + 3_600_000 })).toMatchObject({ ok: true });
    const toast = page.getByTestId('reminder-toast');
    await toast.waitFor(ui);
    await expect.poll(() => toast.textContent(), ui).toContain('Reminder: Call the printer');

    expect(await whereIs(page, 'reminder-toast')).toEqual({ dialog: 'new-contact', inert: false, ignoredByScreenReaders: false });
    expect(await dialog.ariaSnapshot()).toContain('Reminder: Call the printer');
    // Said once, from inside the dialog, where it is heard.
    await expect.poll(() => saidOf('Reminder:'), ui).toEqual([{ text: 'Reminder: Call the printer', where: 'new-contact', heard: true }]);
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
    await expect.poll(() => whereIs(page, 'reminder-toast'), ui).toEqual({ dialog: 'discard-changes', inert: false, ignoredByScreenReaders: false });
    await page.getByTestId('discard-changes-keep').click();
    await page.getByTestId('discard-changes').waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => whereIs(page, 'reminder-toast'), ui).toEqual({ dialog: 'new-contact', inert: false, ignoredByScreenReaders: false });
    expect(await dialog.getByTestId('field-name').inputValue()).toBe('Nora New');
  });

  it('leaves the toasts on the page, working, once the dialog closes', async () => {
    await closeDialogs(page);
    expect(app.pageErrors).toEqual([]);
    const toast = page.getByTestId('reminder-toast');
    await expect.poll(() => whereIs(page, 'reminder-toast'), ui).toEqual({ dialog: null, inert: false, ignoredByScreenReaders: false });
    expect(await page.locator('dialog .toasts').count()).toBe(0);
    // Said once in all: not again as the question came and went, nor as the dialog closed.
    expect(await saidOf('Reminder:')).toEqual([{ text: 'Reminder: Call the printer', where: 'new-contact', heard: true }]);
    await toast.getByTestId('reminder-toast-dismiss').click();
    await toast.waitFor({ state: 'detached', timeout: ui.timeout });
  });

  it('says a toast that comes as its dialog closes once, on the page, and an error once, whatever dialogs open and close', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await page.getByTestId('new-contact').getByTestId('field-name').fill('Sam Saved');
    said = await recordSaid(page);
    await page.getByTestId('new-contact-submit').click();
    const created = page.getByTestId('created-toast');
    await created.waitFor(ui);
    const createdText = (await created.locator('.toast__message').textContent()) ?? '';
    await page.waitForTimeout(1_500);
    expect(await saidOf(createdText)).toEqual([{ text: createdText, where: null, heard: true }]);
    await expect.poll(() => page.locator('.toast').count(), { timeout: 20_000 }).toBe(0);

    // An error toast (the delete refused), then a dialog opened and closed over it.
    route.failing.set('contacts.delete', { code: 'INTERNAL', message: 'Something went wrong.' });
    said = await recordSaid(page);
    await page.getByTestId('detail-delete').click();
    const error = page.locator('.toast--error');
    await error.waitFor(ui);
    const errorText = (await error.locator('.toast__message').textContent()) ?? '';
    await page.waitForTimeout(500);
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await page.getByTestId('new-contact').waitFor(ui);
    await expect.poll(() => error.evaluate((toast) => toast.closest('dialog')?.getAttribute('data-testid') ?? null), ui).toBe('new-contact');
    await page.keyboard.press('Escape');
    await page.getByTestId('new-contact').waitFor({ state: 'detached', timeout: ui.timeout });
    await page.waitForTimeout(500);
    route.failing.delete('contacts.delete');
    expect(await saidOf(errorText)).toEqual([{ text: errorText, where: null, heard: true }]);
    await expect.poll(() => page.locator('.toast').count(), { timeout: 20_000 }).toBe(0);
  });

  it('keeps a click on the toasts\' strip, Tab from a toast and the focus after one in the dialog', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-contact');
    await dialog.waitFor(ui);
    const remindAt = Date.now() + 1_500;
    expect(await route.invoke('tasks.create', { title: 'Ring the depot', remindAt, dueAt: remindAt + 3_600_000 })).toMatchObject({ ok: true });
    const toast = dialog.getByTestId('reminder-toast');
    await toast.waitFor(ui);

    // A click on the strip beside the toast (the dialog holds nothing unsaved) is no click on the backdrop.
    const [strip, toastBox] = await Promise.all([dialog.locator('.toasts').boundingBox(), toast.boundingBox()]);
    expect(strip !== null && toastBox !== null && toastBox.x - strip.x > 8).toBe(true);
    if (strip === null || toastBox === null) return;
    await page.mouse.click(strip.x + 4, toastBox.y + toastBox.height / 2);
    await page.waitForTimeout(500);
    expect(await dialog.count()).toBe(1);

    // Tab from the toast's last button comes back to the dialog's first control, not out of the dialog.
    await toast.getByTestId('reminder-toast-dismiss').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('dialog')?.getAttribute('data-testid') ?? null), ui).toBe('new-contact');

    // With nowhere to give the focus back (it came from the page's body), a dismissed toast gives it to the field.
    await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    await page.keyboard.press('F6');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="reminder-toast"]') !== null), ui).toBe(true);
    await toast.getByTestId('reminder-toast-dismiss').focus();
    await page.keyboard.press('Enter');
    await toast.waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => focusedTestId(page), ui).toBe('field-name');
    expect(await dialog.count()).toBe(1);
    expect(app.pageErrors).toEqual([]);
  });
});
