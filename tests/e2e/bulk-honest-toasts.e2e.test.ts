// Honest toasts after bulk actions, in Chromium against the real headless
// shell and vault. A Delete's Undo after one contact's account went to the
// trash brings the others back (contacts.restoreMany with skipGone) and says
// some stayed; before, the whole Undo was refused and all stayed in the trash.
// A Tags… edit's Undo after one record went to the trash says the same of
// it; before, it said every record was back. A Tags… or Owner… edit that
// changes no record says so and offers no Undo; before, it said "Tags added
// to 2 records" and offered an Undo with nothing to put back. Records are
// written through the page's own (routed) IPC socket, as the "New" dialogs
// would write them, and so is the change "since" (as a sync would make it).
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'honest toasts after bulk actions';

function rowOf(page: Page, text: string): Locator {
  return page.getByTestId('contact-table-row').filter({ hasText: text });
}

describe('what the toasts of bulk actions and their Undo say', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let account = '';
  const ids = new Map<string, string>();

  beforeAll(async () => {
    ({ page } = app);
    account = await createdId(route, 'accounts.create', { name: 'Honest Holdings' });
    for (const [name, input] of [
      ['Honest Ada', { tags: ['vip'] }],
      ['Honest Bob', { tags: ['vip'] }],
      ['Honest Linked', { accountId: account }],
    ] as const) {
      ids.set(name, await createdId(route, 'contacts.create', { name, ...input }));
    }
  }, 120_000);

  const select = async (...names: string[]) => {
    for (const name of names) await rowOf(page, name).getByTestId('row-select').click();
    await expect.poll(() => page.getByTestId('bulk-count').textContent(), ui).toMatch(new RegExp(`^${names.length} selected`));
  };
  const listCount = () => page.getByTestId('list-count').textContent();
  const toastsGone = () => expect.poll(() => page.locator('.toast').count(), { timeout: 30_000 }).toBe(0);
  /** On Contacts, with no toast left, Tags… on Honest Ada and Honest Bob: `tag` typed and Enter. */
  const addTagToAdaAndBob = async (tag: string) => {
    await toastsGone();
    await openSection(page, 'contacts');
    await rowOf(page, 'Honest Bob').waitFor(ui);
    await select('Honest Ada', 'Honest Bob');
    await page.getByTestId('bulk-tags').click();
    await page.getByTestId('bulk-tags-dialog').waitFor(ui);
    await page.keyboard.type(tag);
    await page.keyboard.press('Enter');
  };

  it("undoes a Delete for the records that can come back, and says one whose account went to the trash stayed", async () => {
    await openSection(page, 'contacts');
    await rowOf(page, 'Honest Linked').waitFor(ui);
    await select('Honest Ada', 'Honest Bob', 'Honest Linked');
    await page.getByTestId('bulk-delete').click();
    const deleted = page.getByTestId('bulk-deleted-toast').filter({ hasText: '3 records moved to the trash' });
    await deleted.waitFor(ui);
    await page.getByTestId('list-empty').waitFor(ui);
    // Before the Undo, the account of one of them goes to the trash.
    await call(route, 'accounts.delete', { id: account });

    await deleted.getByTestId('bulk-deleted-toast-action').click();
    const overtaken = page.getByTestId('bulk-undo-overtaken');
    await overtaken.waitFor(ui);
    expect(await overtaken.textContent()).toContain(
      'Some records could not come back: they were removed or restored since, or they link to a record in the trash. Undo left those as they are now.',
    );
    expect(await page.getByTestId('bulk-restored-toast').count()).toBe(0);
    const undo = route.requests.filter((request) => request.channel === 'contacts.restoreMany');
    expect(undo.map((request) => request.input)).toEqual([{ ids: [ids.get('Honest Ada'), ids.get('Honest Bob'), ids.get('Honest Linked')], skipGone: true }]);
    // Ada and Bob are back; Linked stays in the trash.
    await expect.poll(listCount, ui).toBe('2 records');
    await rowOf(page, 'Honest Bob').waitFor(ui);
    expect(await rowOf(page, 'Honest Linked').count()).toBe(0);
    expect(await call(route, 'contacts.list', { deleted: 'only' })).toMatchObject({ items: [{ name: 'Honest Linked' }] });
    expect(pageErrors).toEqual([]);
  });

  it('says a Tags… edit that changes no record changed none, and offers no Undo', async () => {
    // Both have "vip" already (tags compare case-insensitively).
    await addTagToAdaAndBob('VIP');
    const toast = page.getByTestId('bulk-edited-toast');
    await toast.waitFor(ui);
    expect(await toast.textContent()).toContain('Nothing to add: the selected records have those tags already.');
    expect(await toast.getByTestId('bulk-edited-toast-action').count()).toBe(0);
    await page.getByTestId('bulk-tags-dialog').waitFor({ state: 'detached', ...ui });
    expect(route.calls.filter((channel) => channel === 'contacts.editMany')).toHaveLength(1);
    expect(await call(route, 'contacts.list', { filter: { tags: ['vip'] } })).toMatchObject({ items: [{ tags: ['vip'] }, { tags: ['vip'] }] });
    expect(pageErrors).toEqual([]);
  });

  it("undoes a Tags… edit on the records still there, and says one moved to the trash since stayed as it is", async () => {
    await addTagToAdaAndBob('north');
    const edited = page.getByTestId('bulk-edited-toast').filter({ hasText: 'Tags added to 2 records' });
    await edited.waitFor(ui);
    await call(route, 'contacts.delete', { id: ids.get('Honest Bob') });

    await edited.getByTestId('bulk-edited-toast-action').click();
    const overtaken = page.getByTestId('bulk-undo-overtaken');
    await overtaken.waitFor(ui);
    expect(await overtaken.textContent()).toContain('Some records were moved to the trash or removed since, so Undo left those as they are now.');
    expect(await page.getByTestId('bulk-undone-toast').count()).toBe(0);
    // Ada's tag is gone again; Bob, in the trash, keeps what the edit gave him.
    await expect.poll(() => rowOf(page, 'Honest Ada').locator('.tags__chip').allTextContents(), ui).toEqual(['vip']);
    expect(await call(route, 'contacts.list', { deleted: 'only', filter: { tags: ['north'] } })).toMatchObject({ items: [{ name: 'Honest Bob' }] });
    expect(pageErrors).toEqual([]);
  });
});
