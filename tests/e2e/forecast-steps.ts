// Steps for the forecast's month range: its two month pickers (MonthPicker,
// a name select and a year select each), month arithmetic on 'YYYY-MM', and
// the amounts it shows as numbers.
import type { Page } from 'playwright-core';

/** The month `count` months after `month` ('YYYY-MM'; a negative count goes back). */
export function monthsAfter(month: string, count: number): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, number - 1 + count, 1));
  return `${String(date.getUTCFullYear())}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A formatted amount ("€12,250.50", "US$12,500.00") in minor units; both languages group with "," and use "." for decimals. */
export function cents(text: string): number {
  return Math.round(Number(text.replace(/[^\d.]/g, '')) * 100);
}

/** The month before `month` ('YYYY-MM'). */
export const monthBefore = (month: string): string => monthsAfter(month, -1);

/** The month ('YYYY-MM') the month picker `testId` holds. */
export async function chosenMonth(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).getAttribute('data-value')) ?? '';
}

/** Chooses `month` ('YYYY-MM') in the month picker `testId`, year first, changing only the selects that differ. */
export async function chooseMonth(page: Page, testId: string, month: string): Promise<void> {
  const [year = 0, number = 1] = month.split('-').map(Number);
  for (const [part, value] of [['year', year], ['month', number]] as const) {
    const select = page.getByTestId(`${testId}-${part}`);
    if ((await select.inputValue()) !== String(value)) await select.selectOption(String(value));
  }
}
