// The read/write mix behind sqlcipher_overhead_ratio, made of the contact
// service calls the app makes: get by id, a keyset page of the list sorted by
// name, create, and a notes edit. Reads take one read transaction each, as an
// IPC call does; writes go in batches of 100, so per-commit fsyncs (the same
// cost on both sides) do not drown what is measured.
import { ContactListQuery } from '../../src-shared/domain/contact';
import type { ContactId } from '../../src-shared/domain/ids';
import { createContact, getContact, listContacts, updateContact } from '../../src-main/services/crm/contact.service';
import { encodeCursor } from '../../src-main/services/crm/list-query';
import { nameSortKey } from '../../src-shared/sort/name-sort-key';
import type { Connection } from '../../src-main/vault/connection';
import { clockAt, generateContacts, makeNotes, seededRandom, type FixtureContact } from './contact-fixture';

export interface MixSize {
  readonly pointReads: number;
  readonly pages: number;
  readonly pageSize: number;
  readonly walks: number;
  readonly inserts: number;
  readonly insertsPerTransaction: number;
  readonly updates: number;
  readonly updatesPerTransaction: number;
}

/**
 * A quarter of the mix the benchmark was first specified with (20k gets, 500
 * pages, 5k creates, 2k edits), in the same proportions. Through the services
 * a create is nine statements and an edit about a dozen, so the full mix costs
 * some 40 CPU-seconds per side per run on this 2-core machine, and five runs
 * on two sides would not fit the bench's three minutes. Proportions, not
 * totals, set the ratio; the runs' spread is recorded to show the noise.
 */
export const MIX: MixSize = {
  pointReads: 5_000,
  pages: 125,
  pageSize: 50,
  walks: 5,
  inserts: 1_250,
  insertsPerTransaction: 100,
  updates: 500,
  updatesPerTransaction: 100,
};

/** A smaller mix of the same proportions, for warm-up runs. */
export function scaledMix(fraction: number): MixSize {
  const scale = (count: number) => Math.max(1, Math.round(count * fraction));
  return { ...MIX, pointReads: scale(MIX.pointReads), pages: scale(MIX.pages), walks: scale(MIX.walks), inserts: scale(MIX.inserts), updates: scale(MIX.updates) };
}

/** The base contacts as one side created them: ids differ between sides (UUIDv7 has random bits), positions do not. */
export interface BaseContacts {
  readonly ids: readonly ContactId[];
  readonly names: readonly string[];
}

interface Update {
  readonly index: number;
  readonly notes: string;
}

/** Everything one run does, by position in the base list, decided up front so every side does exactly the same. */
export interface MixPlan {
  readonly size: MixSize;
  readonly pointReads: readonly number[];
  readonly walkStarts: readonly number[];
  readonly inserts: readonly FixtureContact[];
  readonly updates: readonly Update[];
  /** Clock reading of the first update; later ones follow the inserts' spacing. */
  readonly updateClockOffset: number;
}

export interface MixTimes {
  readonly pointReadsMs: number;
  readonly pagesMs: number;
  readonly insertsMs: number;
  readonly updatesMs: number;
  readonly totalMs: number;
  /** Contacts the reads returned: equal on every side, or the comparison is void. */
  readonly rowsRead: number;
}

/**
 * The mix for one run. Reads and updates target base contacts; inserts are
 * new contacts whose clock starts at `clockOffset`, after everything made
 * before, so runs on the same file never collide.
 */
export function planMix(baseCount: number, seed: number, size: MixSize, clockOffset: number): MixPlan {
  const random = seededRandom(seed);
  const position = () => Math.floor(random() * baseCount);
  return {
    size,
    pointReads: Array.from({ length: size.pointReads }, position),
    walkStarts: Array.from({ length: size.walks }, position),
    inserts: generateContacts(size.inserts, seed + 1, clockOffset),
    updates: Array.from({ length: size.updates }, () => ({ index: position(), notes: makeNotes(random) })),
    updateClockOffset: clockOffset + size.inserts,
  };
}

function idAt(base: BaseContacts, index: number): ContactId {
  const id = base.ids[index];
  if (id === undefined) throw new Error(`No base contact at ${index}`);
  return id;
}

async function pointReads(connection: Connection, base: BaseContacts, plan: MixPlan): Promise<number> {
  let found = 0;
  for (const index of plan.pointReads) {
    const contact = await connection.read((tx) => getContact(tx, idAt(base, index)));
    if (contact !== null) found += 1;
  }
  if (found !== plan.pointReads.length) throw new Error(`Point reads found ${found} of ${plan.pointReads.length} contacts`);
  return found;
}

/** Keyset paging as the contact list does it, each walk starting after a random contact; past the end it restarts at the top. */
async function pages(connection: Connection, base: BaseContacts, plan: MixPlan): Promise<number> {
  const perWalk = Math.ceil(plan.size.pages / plan.walkStarts.length);
  let rowsRead = 0;
  let done = 0;
  for (const start of plan.walkStarts) {
    // The list's cursor holds the name's sort key (migration 0016), not the name: a capitalised name sorts before
    // every key, so each walk read the list's first pages again (from SQLite's cache) instead of starting deep in it.
    let after: string | undefined = encodeCursor('name', 'asc', [nameSortKey(base.names[start] ?? '')], idAt(base, start));
    for (let page = 0; page < perWalk && done < plan.size.pages; page += 1, done += 1) {
      const query = ContactListQuery.parse({ limit: plan.size.pageSize, after });
      const result = await connection.read((tx) => listContacts(tx, query));
      const first = result.items[0];
      if (page === 0 && first !== undefined && nameSortKey(first.name) < nameSortKey(base.names[start] ?? '')) {
        throw new Error('A page walk began before the contact it starts after: the cursor is not the list’s');
      }
      rowsRead += result.items.length;
      after = result.next ?? undefined;
    }
  }
  return rowsRead;
}

async function inserts(connection: Connection, plan: MixPlan): Promise<void> {
  const perTransaction = plan.size.insertsPerTransaction;
  for (let start = 0; start < plan.inserts.length; start += perTransaction) {
    const batch = plan.inserts.slice(start, start + perTransaction);
    await connection.write(async (tx) => {
      for (const { draft, createdAt } of batch) await createContact(tx, draft, createdAt);
    });
  }
}

async function updates(connection: Connection, base: BaseContacts, plan: MixPlan): Promise<void> {
  const perTransaction = plan.size.updatesPerTransaction;
  for (let start = 0; start < plan.updates.length; start += perTransaction) {
    const batch = plan.updates.slice(start, start + perTransaction);
    await connection.write(async (tx) => {
      for (const [offset, update] of batch.entries()) {
        await updateContact(tx, idAt(base, update.index), { notes: update.notes }, clockAt(plan.updateClockOffset + start + offset));
      }
    });
  }
}

async function timed<T>(job: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await job();
  return { ms: performance.now() - start, value };
}

/** Runs the whole mix once on an open connection and times each phase. */
export async function runMix(connection: Connection, base: BaseContacts, plan: MixPlan): Promise<MixTimes> {
  const reads = await timed(() => pointReads(connection, base, plan));
  const paged = await timed(() => pages(connection, base, plan));
  const inserted = await timed(() => inserts(connection, plan));
  const updated = await timed(() => updates(connection, base, plan));
  return {
    pointReadsMs: reads.ms,
    pagesMs: paged.ms,
    insertsMs: inserted.ms,
    updatesMs: updated.ms,
    totalMs: reads.ms + paged.ms + inserted.ms + updated.ms,
    rowsRead: reads.value + paged.value,
  };
}
