// Steps shared by the layout suites: the sizes and languages a screen is
// measured at, switching language and theme, and a screenshot of each screen
// measured for a person to look at (only when FIELDVAULT_LAYOUT_SHOTS names a folder).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FileChooser, Locator, Page } from 'playwright-core';
import { openSection } from './crm-steps';

export const sizes = [
  { width: 1280, height: 800 },
  { width: 900, height: 700 },
] as const;
export type Size = (typeof sizes)[number];
export const languages = ['en', 'zh-CN'] as const;
/** Set to a folder to keep a screenshot of every screen measured (for a person to look at). */
const shotDir = process.env['FIELDVAULT_LAYOUT_SHOTS'];

export async function shot(page: Page, name: string): Promise<void> {
  if (shotDir === undefined || shotDir === '') return;
  await mkdir(shotDir, { recursive: true });
  await page.screenshot({ path: path.join(shotDir, `${name}.png`), animations: 'disabled' });
}

export async function setLanguage(page: Page, language: string): Promise<void> {
  await openSection(page, 'settings');
  await page.getByTestId('language-select').selectOption(language);
}

/** Runs `visit` in each language at each size, then goes back to English at 1280×800. */
export async function acrossLanguagesAndSizes(page: Page, visit: (language: string, size: Size) => Promise<void>): Promise<void> {
  for (const language of languages) {
    await setLanguage(page, language);
    for (const size of sizes) {
      await page.setViewportSize(size);
      await visit(language, size);
    }
  }
  await setLanguage(page, 'en');
  await page.setViewportSize(sizes[0]);
}

export async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await openSection(page, 'settings');
  await page.getByTestId(`theme-${theme}`).click();
}

/** How a text is drawn: where it moves to a new row, whether it runs past its box, and what a selection of it copies. */
export interface DrawnText {
  /** The characters either side of each break between rows, as "a|b". */
  readonly breaks: readonly string[];
  /** Some of it is drawn past the right edge of its closest ancestor matching the box selector (or it has none). */
  readonly outside: boolean;
  readonly copied: string;
}

/** How the text of `text` is drawn, measured character by character, against its closest ancestor matching `box`. */
export function drawnText(text: Locator, box: string): Promise<DrawnText> {
  return text.evaluate((element, box) => {
    const breaks: string[] = [];
    /** The last character, drawn or not (a space at the end of a row is not), and the top of the last one drawn. */
    let before = '';
    let top: number | null = null;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      let offset = 0;
      for (const char of Array.from(text)) {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + char.length);
        offset += char.length;
        const rect = Array.from(range.getClientRects()).find((candidate) => candidate.width > 0);
        if (rect !== undefined) {
          if (top !== null && rect.top > top + 2) breaks.push(`${before}|${char}`);
          top = rect.top;
        }
        before = char;
      }
    }
    const bounds = element.closest(box)?.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(element);
    const outside = bounds === undefined || Array.from(range.getClientRects()).some((rect) => rect.right > bounds.right + 0.5);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    const copied = selection?.toString() ?? '';
    selection?.removeAllRanges();
    return { breaks, outside, copied };
  }, box);
}

/** The drawn height in CSS pixels of each element `boxes` finds, in document order. */
export function drawnHeights(boxes: Locator): Promise<number[]> {
  return boxes.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().height));
}

/** Every name, value and description in the page's accessibility tree (as Chromium gives it to screen readers) that holds Chromium's English file input words. */
export async function nativeFileWords(page: Page): Promise<string[]> {
  const session = await page.context().newCDPSession(page);
  try {
    const { nodes } = await session.send('Accessibility.getFullAXTree');
    const found: string[] = [];
    for (const node of nodes) {
      for (const text of [node.name?.value, node.value?.value, node.description?.value]) {
        if (typeof text === 'string' && /no file chosen|choose file/i.test(text)) found.push(`${String(node.role?.value)}: ${text}`);
      }
    }
    return found;
  } finally {
    await session.detach();
  }
}

/**
 * Opens the file chooser with `open` (a key press, a click) and gives it `file`. Playwright turns the chooser's
 * interception on when the wait starts without waiting for Chromium's answer, and a key press goes out at once:
 * pressed before the interception was on, Chromium cancelled the chooser itself (about one run in three). The
 * page round trip in between lets the interception land first.
 */
export async function throughFileChooser(page: Page, open: () => Promise<void>, file: Parameters<FileChooser['setFiles']>[0]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.evaluate(() => document.readyState);
  await open();
  await (await chooser).setFiles(file);
}
