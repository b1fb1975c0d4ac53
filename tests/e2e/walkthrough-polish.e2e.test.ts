// Small defects found by the UI walkthrough (second pass), checked in Chromium
// against the real headless shell and vault. Each test stands on its own once
// the vault is open; the forecast test comes before any other deal exists.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { fillAndCreate, newDealOnBoard, openSection, ui } from './crm-steps';
import { IpcRoute } from './ipc-route';

const password = 'polish rep sells robots';

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + ui.timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('small fixes from the UI walkthrough', () => {
  const gate = new IpcRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route: gate, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  afterAll(() => {
    gate.release();
  });

  it('refuses an inline edit that leaves an activity with neither a subject nor notes', async () => {
    await openSection(page, 'activities');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'activity', { subject: 'Site visit' });
    await page.getByTestId('activity-detail').waitFor(ui);

    await page.getByTestId('inline-subject-edit').click();
    await page.getByTestId('inline-subject-input').fill('   ');
    await page.getByTestId('inline-subject-save').click();
    const error = page.getByTestId('inline-subject-input-error');
    await error.waitFor(ui);
    expect(await error.textContent()).toBe('An activity needs a subject or notes. Keep one of them.');
    expect(await page.getByTestId('inline-subject-input').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('saved-field-toast').count()).toBe(0);

    // Nothing was written: the list still shows the subject after a fresh load.
    await page.getByTestId('inline-subject-input').press('Escape');
    await openSection(page, 'activities');
    await page.getByTestId('activity-table-row').filter({ hasText: 'Site visit' }).waitFor(ui);

    // With notes, the subject may go.
    await page.getByTestId('activity-table-row').filter({ hasText: 'Site visit' }).click();
    await page.getByTestId('activity-detail').waitFor(ui);
    await page.getByTestId('inline-body-edit').click();
    await page.getByTestId('inline-body-input').fill('Walked the line with the plant manager.');
    await page.getByTestId('inline-body-save').click();
    await page.getByTestId('inline-body-input').waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('inline-subject-edit').click();
    await page.getByTestId('inline-subject-input').fill('');
    await page.getByTestId('inline-subject-save').click();
    await page.getByTestId('inline-subject-input').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });

  it('edits the other fields of an activity logged with neither a subject nor notes', async () => {
    await openSection(page, 'activities');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'activity', { outcome: 'Left voicemail' });
    await page.getByTestId('activity-detail').waitFor(ui);
    // Its outcome can change: the rule is about not clearing the last of subject and notes, which this edit leaves alone.
    await page.getByTestId('inline-outcome-edit').click();
    await page.getByTestId('inline-outcome-input').fill('Called back, booked a demo');
    await page.getByTestId('inline-outcome-save').click();
    await page.getByTestId('inline-outcome-input').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await page.getByTestId('inline-outcome-input-error').count()).toBe(0);
    await page.getByTestId('inline-outcome').filter({ hasText: 'Called back, booked a demo' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('refuses a Duration the browser cannot read as a number, at the field, instead of saving 0 minutes', async () => {
    await openSection(page, 'activities');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-activity');
    await dialog.waitFor(ui);
    await dialog.getByTestId('field-subject').fill('Duration typed half');
    await dialog.getByTestId('field-durationMinutes').focus();
    // Chromium keeps "4e" in a number input, and the page reads "" from it.
    await page.keyboard.type('4e');
    expect(await dialog.getByTestId('field-durationMinutes').evaluate((input) => (input as HTMLInputElement).validity.badInput)).toBe(true);
    await dialog.getByTestId('new-activity-submit').click();
    await dialog.getByText('Enter a number').waitFor(ui);
    expect(await dialog.isVisible()).toBe(true);
    // Fixed, it is saved with what was typed.
    await dialog.getByTestId('field-durationMinutes').fill('45');
    await dialog.getByTestId('new-activity-submit').click();
    await page.getByTestId('activity-detail').waitFor(ui);
    await page.getByTestId('inline-durationMinutes').filter({ hasText: '45' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('names the forecast bars’ two shades, shows their values, and offers a new deal when it is empty', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('deals-view-forecast').click();
    const empty = page.getByTestId('forecast-empty');
    await empty.waitFor(ui);
    await empty.getByTestId('forecast-new-deal').click();
    await fillAndCreate(page, 'deal', { name: 'Forecast press brake', amount: '12500', probability: '40' });
    await page.getByTestId('deal-detail').waitFor(ui);

    await openSection(page, 'deals');
    await page.getByTestId('deals-view-forecast').click();
    const block = page.getByTestId('forecast-currency');
    await block.waitFor(ui);
    expect(await block.getByTestId('forecast-legend').textContent()).toBe('Amount of the dealsWeighted by each deal’s probability');
    // The swatches are the bars' own shades.
    const shades = await block.evaluate((section) => {
      const colour = (selector: string) => getComputedStyle(section.querySelector(selector) ?? section).backgroundColor;
      return {
        swatches: [colour('.forecast__swatch:not(.forecast__swatch--weighted)'), colour('.forecast__swatch--weighted')],
        bars: [colour('.forecast__stack'), colour('.forecast__weighted')],
      };
    });
    expect(shades.swatches).toEqual(shades.bars);
    expect(shades.swatches[0]).not.toBe(shades.swatches[1]);
    // Each bar with deals shows its amount, the one the table gives for that month.
    const values = (await block.getByTestId('forecast-bar-value').allTextContents()).filter((text) => text !== '');
    const row = block.locator('tbody tr').filter({ hasText: '12,500' });
    expect(await row.count()).toBe(1);
    expect(values).toEqual([(await row.locator('td').nth(1).textContent()) ?? '']);
    expect(values[0]).toContain('12,500');
    expect(pageErrors).toEqual([]);
  });

  it('keeps a card in its latest column while quick keyboard moves are saved one after another', async () => {
    const card = await newDealOnBoard(page, 'Quick steps press');
    await card('lead').focus();
    const id = await card('lead').getAttribute('data-deal-id');
    expect(id).not.toBeNull();

    // Every column the card is seen in, in order, from now on.
    await page.evaluate((dealId) => {
      const seen: string[] = [];
      Reflect.set(window, '__columns', seen);
      const board = document.querySelector('[data-testid="pipeline-board"]');
      if (board === null) return;
      new MutationObserver(() => {
        const column = document.querySelector(`[data-deal-id="${dealId}"]`)?.closest('[data-testid^="column-"]')?.getAttribute('data-testid') ?? 'none';
        if (seen.at(-1) !== column) seen.push(column);
      }).observe(board, { childList: true, subtree: true });
    }, id);

    // Two quick presses; the vault gets the first move before the second.
    gate.gated.add('deals.moveStage');
    await page.keyboard.press('ArrowRight');
    await card('qualified').waitFor(ui);
    await page.keyboard.press('ArrowRight');
    await card('proposal').waitFor(ui);
    await until(() => gate.waiting === 2);
    const listsBefore = gate.answered.get('deals.list') ?? 0;
    const movesBefore = gate.answered.get('deals.moveStage') ?? 0;
    gate.releaseOne();
    await until(() => (gate.answered.get('deals.moveStage') ?? 0) > movesBefore);
    // The page has taken the first move's answer in (its toast shows), and any reload that started has been
    // answered (the stages, then one list per stage) while the second move is still held back.
    await page.getByTestId('moved-toast').filter({ hasText: 'Qualified' }).waitFor(ui);
    await gate.quiet(page, ui.timeout);
    const listsMeanwhile = (gate.answered.get('deals.list') ?? 0) - listsBefore;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await card('proposal').count()).toBe(1);

    gate.release();
    await until(() => (gate.answered.get('deals.list') ?? 0) > listsBefore + listsMeanwhile);
    await page.getByTestId('moved-toast').filter({ hasText: 'Proposal' }).waitFor(ui);
    await card('proposal').waitFor(ui);
    await page.waitForFunction((dealId) => document.activeElement?.getAttribute('data-deal-id') === dealId, id, ui);
    const columns = await page.evaluate(() => [...(Reflect.get(window, '__columns') as string[])]);
    expect(columns).toEqual(['column-qualified', 'column-proposal']);
    expect(pageErrors).toEqual([]);
  });

  it('marks the headers of columns that sort as sortable, and leaves the others plain', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'contact', { name: 'Header Tester', emails: 'header@example.test' });
    await page.getByTestId('contact-detail').waitFor(ui);
    await openSection(page, 'contacts');
    const table = page.getByTestId('contact-table');
    await table.getByTestId('contact-table-row').first().waitFor(ui);
    const header = (name: string) => table.getByRole('columnheader', { name, exact: true });
    // Sorted by name (its header alone carries aria-sort); Updated sorts too (a button); Email does not (plain).
    expect(await header('Name').getAttribute('aria-sort')).toBe('ascending');
    expect(await header('Updated').getAttribute('aria-sort')).toBeNull();
    expect(await header('Updated').getByRole('button', { name: 'Updated', exact: true }).count()).toBe(1);
    expect(await header('Email').getAttribute('aria-sort')).toBeNull();
    expect(await header('Email').getByRole('button').count()).toBe(0);
    // A sortable header reads unlike a plain one.
    const colour = (name: string) => header(name).locator('.vtable__label').evaluate((label) => getComputedStyle(label).color);
    expect(await colour('Updated')).not.toBe(await colour('Email'));
    // Its sort icon shows on hover and on keyboard focus, and stays hidden otherwise.
    const hint = header('Updated').getByTestId('sort-hint');
    const shown = () => hint.evaluate((element) => getComputedStyle(element).opacity);
    expect(await shown()).toBe('0');
    await header('Updated').getByRole('button').hover();
    expect(await shown()).toBe('1');
    await page.mouse.move(0, 0);
    expect(await shown()).toBe('0');
    // By keyboard: Tab goes from one sortable header to the next (a plain one takes no stop), the icon shows, Enter sorts.
    await header('Name').getByRole('button').focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.activeElement?.closest('[role="columnheader"]')?.getAttribute('data-column') ?? null);
    expect(await focused()).toBe('updatedAt');
    expect(await shown()).toBe('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => header('Updated').getAttribute('aria-sort'), ui).toMatch(/^(ascending|descending)$/);
    expect(await header('Name').getAttribute('aria-sort')).toBeNull();
    expect(await table.locator('[aria-sort]').count()).toBe(1);
    expect(await focused()).toBe('updatedAt');
    expect(pageErrors).toEqual([]);
  });

  it('names the tasks list’s default view for what it shows, beside its one filter', async () => {
    await openSection(page, 'tasks');
    // The first tab is the default view.
    const tab = page.getByTestId('view-bar').getByRole('tab').first();
    await tab.waitFor(ui);
    expect(await tab.textContent()).toBe('Open tasks');
    expect(await tab.getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tab', { name: 'All', exact: true }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
