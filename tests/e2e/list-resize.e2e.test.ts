// A list's columns when the window is resized, in Chromium against the real
// headless shell and vault: the table leaves out the columns it can do
// without when it gets too narrow for them, and brings them back when it
// widens, in the frame it is painted at its new width; never a frame of the
// new width with the old columns (cut, or spilling sideways).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { watchPaints } from './painted-frames';

const password = 'columns that follow the window';

interface Shown {
  /** The table's inner width in px. */
  readonly width: number;
  /** Its header's column ids, in order. */
  readonly columns: string;
}

/** What the contact table shows: its width and its columns. Self-contained: it runs in the page. */
const shownColumns = (): Shown => {
  const table = document.querySelector<HTMLElement>('[data-testid="contact-table"]');
  const columns = Array.from(table?.querySelectorAll('[role="columnheader"]') ?? [], (header) => header.getAttribute('data-column') ?? '?');
  return { width: table?.clientWidth ?? 0, columns: columns.join(' ') };
};

describe('the columns of a list as the window is resized', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const csv = ['Name,Email,Tags', 'Resized Person,resized@example.test,wide'].join('\r\n');
    await openSection(page, 'transfer');
    await page.getByTestId('import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'people.csv' }).waitFor(ui);
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '1' }).waitFor(ui);
  });

  it('shows the columns that fit in the first frame painted at a new width, narrower and wider', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').first().waitFor(ui);
    const wide = await page.evaluate(shownColumns);

    for (const size of [
      { width: 900, height: 700 },
      { width: 1280, height: 800 },
    ]) {
      const before = await page.evaluate(shownColumns);
      const paints = await watchPaints(page, shownColumns);
      await page.setViewportSize(size);
      await expect.poll(async () => (await page.evaluate(shownColumns)).columns, ui).not.toBe(before.columns);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const after = await page.evaluate(shownColumns);
      // Each frame shows the table at its old width with its old columns or at its new width with the new ones.
      const frames = await paints();
      const mixed = frames.filter((frame) => !(frame.width === before.width && frame.columns === before.columns) && !(frame.width === after.width && frame.columns === after.columns));
      expect({ size, mixed }).toEqual({ size, mixed: [] });
      expect(frames.at(-1)).toEqual(after);
    }
    // Narrow, a column went; wide again, it is back.
    expect(await page.evaluate(shownColumns)).toEqual(wide);
    expect(pageErrors).toEqual([]);
  });
});
