// Steps of the browser tests that drive the CRM screens, shared by the suites:
// create and open a vault, create records through the "New …" dialogs, open
// a section, save a list's view. Each step waits for what the user would see next.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './harness';

export const ui = { timeout: 30_000 } as const;

export async function createVault(page: Page, password: string): Promise<void> {
  await page.getByTestId('create-vault-form').waitFor(ui);
  await page.getByTestId('create-password').fill(password);
  await page.getByTestId('create-confirm').fill(password);
  await page.getByTestId('create-confirm').press('Enter');
  await page.getByTestId('workspace').waitFor(ui);
}

/** Types `password` on the lock screen and sends it, without waiting for the answer. */
export async function sendUnlock(page: Page, password: string): Promise<void> {
  await page.getByTestId('unlock-password').fill(password);
  await page.getByTestId('unlock-password').press('Enter');
}

export async function unlock(page: Page, password: string): Promise<void> {
  await sendUnlock(page, password);
  await page.getByTestId('workspace').waitFor(ui);
}

/** Locks the vault with the top bar's button and waits for the lock screen's password field. */
export async function lockVault(page: Page): Promise<void> {
  await page.getByTestId('lock-button').click();
  await page.getByTestId('unlock-password').waitFor(ui);
}

export type Section = 'today' | 'contacts' | 'accounts' | 'deals' | 'activities' | 'tasks' | 'transfer' | 'settings';

export async function openSection(page: Page, section: Section): Promise<void> {
  await page.getByTestId(`nav-${section}`).click();
  const marker = {
    today: 'today',
    contacts: 'list-contacts',
    accounts: 'list-accounts',
    deals: 'list-deals',
    activities: 'list-activities',
    tasks: 'list-tasks',
    transfer: 'transfer-page',
    settings: 'settings-panel',
  }[section];
  await page.getByTestId(marker).waitFor(ui);
}

/**
 * Closes any open dialog with Esc, as a user would (a record picker's list takes the first press), so that
 * a test after one that failed half-way starts on the page, not behind the dialog it left.
 */
export async function closeDialogs(page: Page): Promise<void> {
  const open = page.locator('dialog[open]');
  // A dialog holding typing asks before Esc closes it ("Discard your unsaved changes?"): discarded.
  const discard = page.getByTestId('discard-changes-discard');
  for (let step = 0; step < 6 && (await open.count()) > 0; step += 1) {
    if ((await discard.count()) > 0) {
      await discard.click();
      await discard.waitFor({ state: 'detached', timeout: ui.timeout });
      continue;
    }
    const before = await open.count();
    await page.keyboard.press('Escape');
    // Closed one, or asked first (a dialog that holds through Esc, while it saves, times out here and is tried again).
    await page
      .waitForFunction((count) => document.querySelector('[data-testid="discard-changes"]') !== null || document.querySelectorAll('dialog[open]').length < count, before, { timeout: 2_000 })
      .catch(() => undefined);
  }
  await open.waitFor({ state: 'detached', timeout: ui.timeout });
}

/** Fills the open "New …" dialog's fields (by field key) and submits it. */
export async function fillAndCreate(page: Page, kind: string, fields: Readonly<Record<string, string>>): Promise<void> {
  const dialog = page.getByTestId(`new-${kind}`);
  await dialog.waitFor(ui);
  for (const [key, value] of Object.entries(fields)) {
    const input = dialog.getByTestId(`field-${key}`);
    if ((await input.evaluate((element) => element.tagName)) === 'SELECT') await input.selectOption(value);
    else await input.fill(value);
  }
  await dialog.getByTestId(`new-${kind}-submit`).click();
  await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
}

/** Picks a record in a RefPicker by typing part of its name. */
export async function pickRecord(page: Page, testId: string, typed: string, name: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(typed);
  await page.getByTestId('refpicker-option').filter({ hasText: name }).first().click();
}

/**
 * Creates a record through its list's "New …" dialog and waits for its page; `account` (typed, then the
 * name to pick) is picked first when given.
 */
export async function createRecord(
  page: Page,
  section: Section,
  kind: string,
  fields: Readonly<Record<string, string>>,
  account?: { readonly typed: string; readonly name: string },
): Promise<void> {
  await openSection(page, section);
  await page.getByTestId('list-new').click();
  await page.getByTestId(`new-${kind}`).waitFor(ui);
  if (account !== undefined) await pickRecord(page, 'field-accountId', account.typed, account.name);
  await fillAndCreate(page, kind, fields);
  await page.getByTestId(`${kind}-detail`).waitFor(ui);
}

/** Creates contacts of these names, one after the other, each through the contacts list's "New contact" dialog (waiting for its page). */
export async function createContacts(page: Page, names: readonly string[]): Promise<void> {
  for (const name of names) await createRecord(page, 'contacts', 'contact', { name });
}

/** Saves the open list's sort and filters as a new view `name` ("Save view", the name, Enter) and waits for its tab to be the selected one. */
export async function saveViewAs(page: Page, name: string): Promise<void> {
  await page.getByTestId('view-save').click();
  await page.getByTestId('view-name').fill(name);
  await page.getByTestId('view-name').press('Enter');
  await page.getByTestId('saved-view').filter({ hasText: name }).and(page.locator('[aria-selected="true"]')).waitFor(ui);
}

/** Fills in the open record page's address, part by part, and saves it. */
export async function setAddress(page: Page, address: Readonly<Record<string, string>>): Promise<void> {
  await page.getByTestId('inline-address-edit').click();
  for (const [part, value] of Object.entries(address)) await page.getByTestId(`field-address-${part}`).fill(value);
  await page.getByTestId('inline-address-save').click();
  await page.getByTestId('field-address-street').waitFor({ state: 'detached', timeout: ui.timeout });
}

/** A screenshot without passing notices: waits for the toasts to go first. */
export async function cleanScreenshot(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.toast') === null, undefined, { timeout: 15_000 });
  await screenshot(page, name);
}

/** The default pipeline's stages, in board order. */
export const defaultStageIds = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;

/** Opens the board and waits until every column of `stageIds` shows its cards and the board has sized itself. */
export async function openBoard(page: Page, stageIds: readonly string[] = defaultStageIds): Promise<void> {
  await openSection(page, 'deals');
  await page.getByTestId('deals-view-board').click();
  for (const stage of stageIds) await page.getByTestId(`column-${stage}`).getByTestId('deal-card').first().waitFor({ state: 'attached', timeout: ui.timeout });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Creates a deal (first stage) and opens the pipeline board; returns its card in a given stage's column. */
export async function newDealOnBoard(page: Page, name: string): Promise<(stage: string) => Locator> {
  await openSection(page, 'deals');
  await page.getByTestId('list-new').click();
  await fillAndCreate(page, 'deal', { name });
  await page.getByTestId('deal-detail').waitFor(ui);
  await openSection(page, 'deals');
  await page.getByTestId('deals-view-board').click();
  await page.getByTestId('pipeline-board').waitFor(ui);
  return (stage) => page.getByTestId(`column-${stage}`).getByTestId('deal-card').filter({ hasText: name });
}

/** An element's accessible name and description as Chromium computes them for screen readers (its accessibility tree, not a test library's). */
export async function accessibleText(page: Page, selector: string): Promise<{ readonly name: string; readonly description: string }> {
  const session = await page.context().newCDPSession(page);
  try {
    const { root } = await session.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { nodes } = await session.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
    const name: unknown = nodes[0]?.name?.value;
    if (typeof name !== 'string') throw new Error(`${selector} has no accessible name`);
    const description: unknown = nodes[0]?.description?.value;
    return { name, description: typeof description === 'string' ? description : '' };
  } finally {
    await session.detach();
  }
}

/** The element the focus is on, by test id (or its tag when it has none). */
export function focusedTestId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    return active?.getAttribute('data-testid') ?? active?.tagName.toLowerCase() ?? 'none';
  });
}

/** Imports contacts of these names from a one-column CSV file on the Import page, and waits for its report. */
export async function importContactNames(page: Page, file: string, names: readonly string[]): Promise<void> {
  await openSection(page, 'transfer');
  await page.getByTestId('import-file').setInputFiles({ name: file, mimeType: 'text/csv', buffer: Buffer.from(['Name', ...names].join('\r\n'), 'utf8') });
  await page.getByTestId('import-ready').filter({ hasText: file }).waitFor(ui);
  await page.getByTestId('import-run').click();
  await page.getByTestId('report-imported').filter({ hasText: names.length.toLocaleString('en-US') }).waitFor(ui);
}

/** Scrolls a list's table to its end until it knows its length, `rows` records: it then holds them all (End and "select all" reach the last). */
export async function scrollToListEnd(table: Locator, rows: number): Promise<void> {
  await expect
    .poll(async () => {
      await table.evaluate((element) => (element.scrollTop = element.scrollHeight));
      return table.getAttribute('aria-rowcount');
    }, ui)
    .toBe(String(rows + 1));
}

/** The number in a report's total or line (its digits, separators dropped). */
export const numberIn = (text: string | null): number => Number((text ?? '').replace(/[^0-9]/g, ''));

/** The rows (or cards) the Import page's progress says are done; 0 before it shows a count. */
export async function progressRows(page: Page): Promise<number> {
  const count = page.getByTestId('import-progress-count');
  return (await count.count()) === 0 ? 0 : Number(((await count.textContent()) ?? '').split(' of ')[0]?.replaceAll(',', ''));
}

/**
 * Imports `csv` (as people.csv) from the Import page and locks the vault once the progress passes `pastRows`, which
 * cuts the import off; unlocks with `password` and opens the Import page again. Its notice of the import cut off,
 * shown (and not before the run).
 */
export async function cutOffImport(page: Page, password: string, csv: string, pastRows: number): Promise<Locator> {
  await openSection(page, 'transfer');
  await page.getByTestId('import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByTestId('import-ready').waitFor(ui);
  const notice = page.getByTestId('import-interrupted');
  // Nothing was cut off yet.
  expect(await notice.count()).toBe(0);
  await page.getByTestId('import-run').click();
  await expect.poll(() => progressRows(page), { timeout: 240_000, interval: 50 }).toBeGreaterThan(pastRows);
  await lockVault(page);
  await unlock(page, password);
  await openSection(page, 'transfer');
  await notice.waitFor(ui);
  return notice;
}
