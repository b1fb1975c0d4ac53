// Tags for a list's selection, in Chromium against the real headless shell
// and vault: the selection bar's Tags… adds tags to every selected record in
// one call (contacts.editMany), case-insensitively, with one Undo that puts
// each record's tags back (contacts.revertMany); Remove takes tags away
// whatever their case; keys typed in the dialog are the dialog's (Delete
// does not trash the selection); an empty box is refused in the dialog; and a
// record that would hold more than 50 tags refuses the whole change in the
// dialog, which keeps what was typed; the dialog offers the tags the
// contacts use most, to pick. Records are written through the page's
// own (routed) IPC socket, as the "New" dialogs would write them.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';

const password = 'bulk edits of a selection';

function rowOf(page: Page, text: string): Locator {
  return page.getByTestId('contact-table-row').filter({ hasText: text });
}

/** The tags a contact row shows, chip by chip. */
function tagsOf(page: Page, name: string): Promise<string[]> {
  return rowOf(page, name).locator('.tags__chip').allTextContents();
}

describe('tags for a selection of records', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const contacts = [
      { name: 'Edit Person A', tags: ['vip'] },
      { name: 'Edit Person B', tags: [] },
      { name: 'Edit Person C', tags: ['Trade-show'] },
      { name: 'Edit Person Full', tags: Array.from({ length: 49 }, (_, index) => `t${index}`) },
    ];
    for (const contact of contacts) expect(await route.invoke('contacts.create', contact)).toMatchObject({ ok: true });
  }, 120_000);

  const select = async (...names: string[]) => {
    for (const name of names) await rowOf(page, name).getByTestId('row-select').click();
    await expect.poll(() => page.getByTestId('bulk-count').textContent(), ui).toMatch(new RegExp(`^${names.length} selected`));
  };
  const openTags = async () => {
    await page.getByTestId('bulk-tags').click();
    await page.getByTestId('bulk-tags-dialog').waitFor(ui);
  };

  it('adds tags to a selection in one call, and Undo takes them off again', async () => {
    await openSection(page, 'contacts');
    await rowOf(page, 'Edit Person C').waitFor(ui);
    await select('Edit Person A', 'Edit Person B', 'Edit Person C');
    await openTags();
    expect(await page.getByTestId('bulk-tags-dialog').getByRole('heading').textContent()).toBe('Tags of 3 records');
    // The focus is in the box: type and press Enter.
    await page.keyboard.type('VIP, Key account');
    expect(await page.getByTestId('bulk-tags-apply').textContent()).toBe('Add to 3 records');
    const before = route.calls.length;
    await page.keyboard.press('Enter');
    await page.getByTestId('bulk-edited-toast').filter({ hasText: 'Tags added to 3 records' }).waitFor(ui);
    await page.getByTestId('bulk-tags-dialog').waitFor({ state: 'detached', ...ui });
    expect(route.calls.slice(before).filter((channel) => channel.startsWith('contacts.') && channel.endsWith('Many'))).toEqual(['contacts.editMany']);
    // A's "vip" stays as it was (tags compare case-insensitively); the others gain "VIP".
    await expect.poll(() => tagsOf(page, 'Edit Person A'), ui).toEqual(['vip', 'Key account']);
    await expect.poll(() => tagsOf(page, 'Edit Person B'), ui).toEqual(['VIP', 'Key account']);
    await expect.poll(() => tagsOf(page, 'Edit Person C'), ui).toEqual(['Trade-show', 'VIP', 'Key account']);
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached', ...ui });

    await page.getByTestId('bulk-edited-toast-action').click();
    await page.getByTestId('bulk-undone-toast').filter({ hasText: 'Owners and tags are back as they were' }).waitFor(ui);
    expect(route.calls.filter((channel) => channel === 'contacts.revertMany')).toHaveLength(1);
    await expect.poll(() => tagsOf(page, 'Edit Person A'), ui).toEqual(['vip']);
    await expect.poll(() => tagsOf(page, 'Edit Person B'), ui).toEqual([]);
    await expect.poll(() => tagsOf(page, 'Edit Person C'), ui).toEqual(['Trade-show']);
    expect(pageErrors).toEqual([]);
  });

  it('removes tags whatever their case; keys typed in the dialog stay in it; an empty box is refused there', async () => {
    await openSection(page, 'contacts');
    await rowOf(page, 'Edit Person C').waitFor(ui);
    await select('Edit Person A', 'Edit Person C');
    await openTags();
    // Nothing typed: the box says what it needs, and nothing is sent.
    const before = route.calls.length;
    await page.keyboard.press('Enter');
    await page.getByTestId('bulk-tags-input-error').waitFor(ui);
    expect(route.calls.slice(before)).not.toContain('contacts.editMany');

    // Shift+Tab to the choice, → to Remove.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('bulk-tags-remove').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('bulk-tags-input').focus();
    await page.keyboard.type('VIPx');
    // Delete and Esc-free editing in the box: the selection is not trashed.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Delete');
    expect(await page.getByTestId('bulk-tags-input').inputValue()).toBe('VIP');
    expect(route.calls.slice(before)).not.toContain('contacts.deleteMany');
    await page.keyboard.type(', trade-show');
    expect(await page.getByTestId('bulk-tags-apply').textContent()).toBe('Remove from 2 records');
    await page.keyboard.press('Enter');
    await page.getByTestId('bulk-edited-toast').filter({ hasText: 'Tags removed from 2 records' }).waitFor(ui);
    await expect.poll(() => tagsOf(page, 'Edit Person A'), ui).toEqual([]);
    await expect.poll(() => tagsOf(page, 'Edit Person C'), ui).toEqual([]);
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe('4 records');
    expect(pageErrors).toEqual([]);
  });

  it('refuses the whole change when a record would hold more than 50 tags, and keeps what was typed', async () => {
    await openSection(page, 'contacts');
    await rowOf(page, 'Edit Person Full').waitFor(ui);
    await select('Edit Person B', 'Edit Person Full');
    await openTags();
    await page.keyboard.type('north, south');
    await page.keyboard.press('Enter');
    const failed = page.getByTestId('bulk-edit-failed');
    await failed.waitFor(ui);
    expect(await failed.textContent()).toBe('One of the selected contacts would have more than 50 tags, so nothing was changed. Remove some of its tags first.');
    expect(await page.getByTestId('bulk-tags-input').inputValue()).toBe('north, south');
    // Nothing was written: B has no tags still.
    const listed = await route.invoke('contacts.list', { filter: { tags: ['north'] } });
    expect(listed).toMatchObject({ ok: true, value: { items: [] } });
    // One tag fits: the same dialog, changed, goes through.
    await page.getByTestId('bulk-tags-input').fill('north');
    await page.keyboard.press('Enter');
    await page.getByTestId('bulk-edited-toast').filter({ hasText: 'Tags added to 2 records' }).waitFor(ui);
    await expect.poll(() => tagsOf(page, 'Edit Person B'), ui).toEqual(['north']);
    expect(pageErrors).toEqual([]);
  });

  it('offers the tags the contacts use most: a pick joins the box, a second pick takes it out, and the picked tag is added', async () => {
    for (const contact of [
      { name: 'Pick Person X', tags: ['north', 'vip'] },
      { name: 'Pick Person Y', tags: ['North'] },
    ]) {
      expect(await route.invoke('contacts.create', contact)).toMatchObject({ ok: true });
    }
    // Away and back: the list reads its rows again.
    await openSection(page, 'accounts');
    await openSection(page, 'contacts');
    await rowOf(page, 'Pick Person Y').waitFor(ui);
    await select('Edit Person A', 'Edit Person B');
    await openTags();
    const picks = page.getByTestId('bulk-tags-in-use').getByTestId('tag-pick');
    await picks.first().waitFor(ui);
    // "north" is on four contacts (B and Full since the test before, X and Y in two spellings): it comes first; the others are on one each.
    expect(await picks.first().textContent()).toBe('north');
    expect(await picks.count()).toBe(12);
    expect(await page.getByTestId('bulk-tags-in-use').getAttribute('aria-label')).toBe('Tags in use');
    const input = page.getByTestId('bulk-tags-input');
    await input.fill('Key account');
    await picks.first().click();
    expect(await input.inputValue()).toBe('Key account, north');
    expect(await picks.first().getAttribute('aria-pressed')).toBe('true');
    await picks.first().click();
    expect(await input.inputValue()).toBe('Key account');
    expect(await picks.first().getAttribute('aria-pressed')).toBe('false');
    await picks.first().click();
    await page.getByTestId('bulk-tags-apply').click();
    await page.getByTestId('bulk-edited-toast').filter({ hasText: 'Tags added to 2 records' }).waitFor(ui);
    await expect.poll(() => tagsOf(page, 'Edit Person A'), ui).toEqual(['Key account', 'north']);
    // B had "north" already: it keeps it where it was.
    await expect.poll(() => tagsOf(page, 'Edit Person B'), ui).toEqual(['north', 'Key account']);
    expect(pageErrors).toEqual([]);
  });
});
