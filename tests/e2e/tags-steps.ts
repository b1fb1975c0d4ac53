// Measures of a list's tags column, shared by the layout suites: which
// cells cut or leave out chips they have room for (or cut the first tag),
// and how wide each column is drawn.
import type { Page } from 'playwright-core';

/**
 * Tags cells whose chips are cut, or partly left out, while the cell has room for them; with `firstWhole`,
 * also those whose first tag is cut.
 */
export function tagProblems(page: Page, table: string, firstWhole: boolean): Promise<string[]> {
  return page.getByTestId(table).evaluate((root, firstWhole) => {
    const found: string[] = [];
    const slack = 1;
    for (const cell of Array.from(root.querySelectorAll<HTMLElement>('[role="cell"][data-column="tags"]'))) {
      const list = cell.querySelector<HTMLElement>('.tags');
      if (list === null) continue;
      const style = getComputedStyle(cell);
      const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const gap = parseFloat(getComputedStyle(list).columnGap) || 0;
      const chips = Array.from(list.querySelectorAll<HTMLElement>('.tags__chip'));
      // What all the tags need side by side, each whole.
      const need = chips.reduce((sum, chip, index) => sum + (index === 0 ? 0 : gap) + Math.max(chip.scrollWidth, chip.getBoundingClientRect().width), 0);
      const cut = chips.filter((chip) => !chip.classList.contains('tags__chip--left-out') && chip.scrollWidth > chip.clientWidth + slack);
      const leftOut = chips.filter((chip) => chip.classList.contains('tags__chip--left-out'));
      const tags = chips.map((chip) => chip.textContent).join(', ');
      if ((cut.length > 0 || leftOut.length > 0) && need <= room + slack) {
        found.push(`“${tags}”: ${cut.length} cut, ${leftOut.length} left out, in ${Math.round(room)} px that hold all ${Math.round(need)} px`);
      }
      const first = chips[0];
      if (firstWhole && first !== undefined && first.scrollWidth > first.clientWidth + slack) {
        found.push(`“${tags}”: the first tag is cut to ${Math.round(first.clientWidth)} of ${Math.round(first.scrollWidth)} px in ${Math.round(room)} px`);
      }
    }
    return found;
  }, firstWhole);
}

/** The widths of a list's columns, by id. */
export function columnWidths(page: Page, table: string): Promise<Record<string, number>> {
  return page.getByTestId(table).evaluate((root) => {
    const widths: Record<string, number> = {};
    for (const cell of Array.from(root.querySelectorAll<HTMLElement>('[role="columnheader"]'))) {
      widths[cell.dataset['column'] ?? cell.textContent] = Math.round(cell.getBoundingClientRect().width);
    }
    return widths;
  });
}
