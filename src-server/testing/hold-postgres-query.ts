// Test support, loaded with `--import` into a `fieldvault-server` child
// (CliOptions.preload): the process holds (hold-until-released.ts) just
// before it sends the HOLD_AT-th PostgreSQL query (default the first) whose
// text contains HOLD_QUERY, such as a data-key rotation's listing of its
// second batch of records to re-seal. Every other query is untouched. The
// pool's connections and the store's own ones are all pg.Client, so
// replacing its prototype's query reaches them all.
import pg from 'pg';
import { holdDirOf, holdUntilReleased } from './hold-until-released';

const hook = 'hold-postgres-query';
const holdDir = holdDirOf(hook);
const needle = process.env.HOLD_QUERY;
if (needle === undefined || needle === '') throw new Error(`${hook} needs HOLD_QUERY`);
const holdAt = Number(process.env.HOLD_AT ?? '1');

/** A query's text, given as a string or as a query config. */
function textOf(query: unknown): string {
  if (typeof query === 'string') return query;
  return typeof query === 'object' && query !== null && 'text' in query && typeof query.text === 'string' ? query.text : '';
}

// Taken off the prototype unbound on purpose: it is called below on each connection (`apply`).
const query = Object.getOwnPropertyDescriptor(pg.Client.prototype, 'query')?.value as (this: pg.Client, ...args: unknown[]) => unknown;
let seen = 0;
function heldQuery(this: pg.Client, ...args: unknown[]): unknown {
  if (textOf(args[0]).includes(needle ?? '')) {
    seen += 1;
    if (seen === holdAt) holdUntilReleased(holdDir, hook);
  }
  return query.apply(this, args);
}
pg.Client.prototype.query = heldQuery as typeof pg.Client.prototype.query;
