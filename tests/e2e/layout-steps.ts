// Steps shared by the layout suites: the sizes and languages a screen is
// measured at, switching language and theme, and a screenshot of each screen
// measured for a person to look at (only when FIELDVAULT_LAYOUT_SHOTS names a folder).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
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
