// A column of the board shows one currency's totals and offers the others on
// request: an organisation selling in nine currencies listed all nine per
// column, and the totals pushed every card out of sight. The one shown is the
// board's main currency (the one most of its deals are in), so the columns
// show like with like; a column without deals in it shows the next currency
// of the board's order that it has.
import type { StageTotal } from '../../../src-shared/domain/pipeline';

/** The board's currencies, most deals first (ties in code order). */
export function currenciesByUse(totals: readonly StageTotal[]): string[] {
  const deals = new Map<string, number>();
  for (const total of totals) deals.set(total.currency, (deals.get(total.currency) ?? 0) + total.dealCount);
  return [...deals.keys()].sort((a, b) => (deals.get(b) ?? 0) - (deals.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The totals of `stageId`, in the order of `currencies` (from `currenciesByUse`): the first is the one the column shows. */
export function stageTotals(totals: readonly StageTotal[], stageId: string, currencies: readonly string[]): StageTotal[] {
  const rank = (currency: string) => {
    const index = currencies.indexOf(currency);
    return index < 0 ? currencies.length : index;
  };
  return totals.filter((total) => total.stageId === stageId).sort((a, b) => rank(a.currency) - rank(b.currency));
}
