import { describe, expect, it } from 'vitest';
import { StageId } from '../../../src-shared/domain/ids';
import type { StageTotal } from '../../../src-shared/domain/pipeline';
import { currenciesByUse, stageTotals } from './board-totals';

function total(stage: string, currency: string, dealCount: number): StageTotal {
  return { stageId: StageId.parse(stage), currency, dealCount, amount: dealCount * 100_000, weightedAmount: dealCount * 10_000 };
}

describe('the currency a board column shows', () => {
  const totals = [
    total('lead', 'CHF', 3),
    total('lead', 'EUR', 2),
    total('lead', 'USD', 1),
    total('won', 'EUR', 9),
    total('won', 'SEK', 1),
    total('lost', 'CHF', 1),
    total('lost', 'USD', 4),
  ];

  it('ranks the currencies by their deals across the whole board, ties in code order', () => {
    expect(currenciesByUse(totals)).toEqual(['EUR', 'USD', 'CHF', 'SEK']);
    expect(currenciesByUse([total('lead', 'USD', 1), total('lead', 'CHF', 1)])).toEqual(['CHF', 'USD']);
    expect(currenciesByUse([])).toEqual([]);
  });

  it('puts the board’s main currency first in every column that has deals in it, else the next of the board’s order', () => {
    const order = currenciesByUse(totals);
    expect(stageTotals(totals, 'lead', order).map((entry) => entry.currency)).toEqual(['EUR', 'USD', 'CHF']);
    expect(stageTotals(totals, 'won', order).map((entry) => entry.currency)).toEqual(['EUR', 'SEK']);
    expect(stageTotals(totals, 'lost', order).map((entry) => entry.currency)).toEqual(['USD', 'CHF']);
    expect(stageTotals(totals, 'proposal', order)).toEqual([]);
  });
});
