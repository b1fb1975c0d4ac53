// Tags in use, offered where tags are typed, in Chromium against the real
// headless shell and vault: a new record's form and a detail page's inline
// edit of its tags show the entity's most used tags as chips; a chip adds its
// tag to the box, or, pressed again, takes it out; Esc on a chip cancels the
// inline edit, leaving the record as it was.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { fillAndCreate, openSection, ui } from './crm-steps';

const password = 'tags picked from the ones in use';

describe('tags in use as chips in forms and inline edits', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  const chipsText = (picks: ReturnType<Page['getByTestId']>) => picks.getByTestId('tag-pick').allTextContents();

  it("offers the accounts' tags in a new account's form, and a chip adds or takes out its tag", async () => {
    await openSection(page, 'accounts');
    await page.getByTestId('list-new').click();
    // No account has a tag yet: no chips, only the box.
    await page.getByTestId('new-account').waitFor(ui);
    expect(await page.getByTestId('field-tags-picks').count()).toBe(0);
    await fillAndCreate(page, 'account', { name: 'Chip Source Ltd', tags: 'Key, retail' });
    await page.getByTestId('account-detail').waitFor(ui);

    await openSection(page, 'accounts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-account');
    const picks = dialog.getByTestId('field-tags-picks');
    await picks.waitFor(ui);
    expect(await picks.getAttribute('aria-label')).toBe('Tags in use');
    expect((await chipsText(picks)).sort()).toEqual(['Key', 'retail']);
    const box = dialog.getByTestId('field-tags');
    const retail = picks.getByTestId('tag-pick').filter({ hasText: 'retail' });
    await retail.click();
    expect(await box.inputValue()).toBe('retail');
    expect(await retail.getAttribute('aria-pressed')).toBe('true');
    // Typed in another case, the tag is still the chip's: pressed, and a press takes it out.
    await box.fill('RETAIL, north');
    expect(await retail.getAttribute('aria-pressed')).toBe('true');
    await retail.click();
    expect(await box.inputValue()).toBe('north');
    expect(await retail.getAttribute('aria-pressed')).toBe('false');
    await picks.getByTestId('tag-pick').filter({ hasText: 'Key' }).click();
    expect(await box.inputValue()).toBe('north, Key');
    await fillAndCreate(page, 'account', { name: 'Chip Picked Ltd' });
    await page.getByTestId('account-detail').waitFor(ui);
    await page.getByTestId('inline-tags').filter({ hasText: 'north' }).waitFor(ui);
    expect(await page.getByTestId('inline-tags').textContent()).toContain('Key');
    expect(pageErrors).toEqual([]);
  });

  it('offers them in the inline edit of a tags field: Esc on a chip cancels the edit, Save keeps what the chips added', async () => {
    const field = page.getByTestId('inline-tags');
    const before = await field.textContent();
    await page.getByTestId('inline-tags-edit').click();
    const box = page.getByTestId('inline-tags-input');
    await box.waitFor(ui);
    expect(await box.inputValue()).toBe('north, Key');
    const picks = page.getByTestId('inline-tags-input-picks');
    await picks.waitFor(ui);
    // "Key" is on both accounts now: it comes first.
    expect(await chipsText(picks)).toEqual(['Key', 'north', 'retail']);
    const retail = picks.getByTestId('tag-pick').filter({ hasText: 'retail' });
    await retail.click();
    expect(await box.inputValue()).toBe('north, Key, retail');
    // Esc on the chip is the edit's own Esc: nothing saved, the focus back on the field.
    await retail.focus();
    await page.keyboard.press('Escape');
    await box.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await field.textContent()).toBe(before);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('inline-tags-edit');

    await page.getByTestId('inline-tags-edit').click();
    await box.waitFor(ui);
    await picks.getByTestId('tag-pick').filter({ hasText: 'north' }).click();
    // Enter on a chip presses it (it does not save the edit).
    await retail.focus();
    await page.keyboard.press('Enter');
    expect(await box.inputValue()).toBe('Key, retail');
    expect(await page.getByTestId('inline-tags-input').count()).toBe(1);
    await page.getByTestId('inline-tags-save').click();
    await box.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('saved-field-toast').waitFor(ui);
    expect(await field.locator('.tags__chip').allTextContents()).toEqual(['Key', 'retail']);
    expect(pageErrors).toEqual([]);
  });
});
