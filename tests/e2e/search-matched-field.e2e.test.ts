// Ctrl+K and a contact found by an email or phone, in Chromium against the
// real headless shell and vault: the row's second line shows the title and
// account, so two Jane Mill…s found by "northwind" looked alike and nothing
// said why either matched. A contact found by an email or phone (not its
// name) now shows that email or phone on a line of its own.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { createdId } from './proxied-server';
import { useInjectingApp } from './injecting-route';

const password = 'found by the email';

describe('Ctrl+K hits found by an email or phone', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  const hits = () => page.getByTestId('search-hit').allTextContents();
  const matchedLines = () => page.getByTestId('search-hit-matched').allTextContents();

  async function searchFor(text: string): Promise<void> {
    if ((await page.getByTestId('search-dialog').count()) === 0) await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill(text);
  }

  it('shows the email or phone a contact matched by, and none for a name match', async () => {
    await createdId(route, 'contacts.create', { name: 'Jane Miller', emails: ['jane.miller@northwind.example'] });
    await createdId(route, 'contacts.create', { name: 'Jane Millar', emails: ['jane@contoso.example'], phones: ['+44 20 7946 0018'] });
    await openSection(page, 'contacts');

    await searchFor('northwind');
    await expect.poll(hits, ui).toHaveLength(1);
    expect(await matchedLines()).toEqual(['Email: jane.miller@northwind.example']);
    expect((await hits())[0]).toContain('Jane Miller');

    await searchFor('020 7946');
    await expect.poll(matchedLines, ui).toEqual(['Phone: +44 20 7946 0018']);
    expect((await hits())[0]).toContain('Jane Millar');

    await searchFor('jane');
    await expect.poll(hits, ui).toHaveLength(2);
    expect(await matchedLines()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
