// The crm benchmark's check that the measurement did the work its figures
// describe: the vault holds the rows the fixture wrote, every group of
// searches found something (a group that finds nothing times an empty
// answer, which is cheaper than the real one), every list group returned
// rows, and every look-alike call answered rightly. A figure from a run
// that fails it is not recorded.
import type { MeasureResult } from './protocol';
import { grownTables, type GrownTable } from './record-rows';

export function checkWork(expected: Readonly<Record<GrownTable, number>>, size: { readonly contacts: number; readonly accounts: number }, result: MeasureResult): void {
  const wrong = grownTables.filter((table) => result.counts[table] !== expected[table]);
  if (wrong.length > 0) {
    throw new Error(`The vault holds other row counts than the fixture wrote: ${wrong.map((table) => `${table} ${result.counts[table]} ≠ ${expected[table]}`).join(', ')}`);
  }
  if (result.counts.contacts !== size.contacts || result.counts.accounts !== size.accounts) throw new Error('The vault does not hold the benchmark\'s record counts');
  if (result.search.groups.length === 0) throw new Error('No search ran');
  const fruitless = result.search.groups.filter((group) => group.rows === 0).map((group) => group.label);
  if (fruitless.length > 0) throw new Error(`Searches found nothing in group ${fruitless.join(', ')}`);
  if (result.lookAlikes.wrong.length > 0) throw new Error(`Look-alike calls answered wrongly: ${[...new Set(result.lookAlikes.wrong)].join(', ')}`);
  const empty = result.list.groups.filter((group) => group.rows === 0).map((group) => group.label);
  if (empty.length > 0) throw new Error(`List pages returned no rows: ${empty.join(', ')}`);
  const firstPages = result.list.groups.find((group) => group.label === 'contacts by name');
  if (firstPages === undefined || firstPages.rows !== firstPages.summary.n * 50) throw new Error('The unfiltered contact list did not return full pages');
}
