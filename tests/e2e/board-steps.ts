// Steps of the board suites that follow deals by name (board-undo, board-keys):
// the deals a test made through the channel, their cards in a stage's column,
// and the board opened with every one of them drawn.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { openSection, ui } from './crm-steps';

export interface BoardDeals {
  /** Deal name → id, filled by the test as it makes them. */
  readonly ids: Map<string, string>;
  readonly id: (name: string) => string;
  /** The deal's card in that stage's column. */
  readonly card: (stage: string, name: string) => Locator;
  /** Opens the board once every named deal is drawn and the toasts of the test before are gone (a toast seen after is this test's). */
  readonly openBoard: () => Promise<void>;
}

/** `page`: read when a step runs (the suite sets its page in beforeAll). */
export function boardDeals(page: () => Page): BoardDeals {
  const ids = new Map<string, string>();
  const id = (name: string): string => {
    const found = ids.get(name);
    if (found === undefined) throw new Error(`no deal ${name}`);
    return found;
  };
  return {
    ids,
    id,
    card: (stage, name) => page().getByTestId(`column-${stage}`).locator(`[data-deal-id="${id(name)}"]`),
    openBoard: async () => {
      const shown = page();
      await openSection(shown, 'deals');
      await shown.getByTestId('deals-view-board').click();
      for (const name of ids.keys()) await shown.locator(`[data-deal-id="${id(name)}"]`).waitFor(ui);
      await expect.poll(() => shown.locator('.toast').count(), ui).toBe(0);
    },
  };
}
