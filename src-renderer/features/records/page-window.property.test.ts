// PageWindow against a model list under random inserts, erasures and renames
// (sort key changes), with page reads answered out of order and pages dropped
// as the view moves. After every step: no id is shown twice, every row held is
// shown, nothing erased is shown, and a run of pages read since the last change
// shows the list's rows as they are, none skipped. The app's reactions are
// those of usePagedList and useSyncedOut: every change tells the window
// (rereadInFlight), and an erased record's held row is taken out (remove).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PageWindow, type FetchPage } from './page-window';

interface Row {
  readonly id: number;
  readonly key: number;
}

type Step =
  | { readonly kind: 'insert'; readonly key: number }
  | { readonly kind: 'erase'; readonly pick: number }
  | { readonly kind: 'rename'; readonly pick: number; readonly key: number }
  | { readonly kind: 'scroll'; readonly to: number | 'top' | 'end' }
  | { readonly kind: 'land'; readonly pick: number | 'all' }
  | { readonly kind: 'evict'; readonly center: number }
  | { readonly kind: 'walk' };

const pageSize = 2;

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), key: fc.nat(40) }),
  fc.record({ kind: fc.constant('erase' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), key: fc.nat(40) }),
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('scroll' as const), to: fc.oneof(fc.constantFrom('top' as const, 'end' as const), fc.nat()) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('land' as const), pick: fc.oneof(fc.constant('all' as const), fc.nat()) }) },
  fc.record({ kind: fc.constant('evict' as const), center: fc.nat() }),
  fc.record({ kind: fc.constant('walk' as const) }),
);

const cursorOf = (row: Row): string => `${String(row.key)}:${String(row.id)}`;
const byKey = (a: Row, b: Row): number => a.key - b.key || a.id - b.id;

/** The model list, a window over it, the reads not answered yet, and for each page held, the list's version it was read at. */
class Run {
  rows: Row[];
  version = 0;
  nextId: number;
  readonly erased = new Set<number>();
  readonly window: PageWindow<Row>;
  readonly waiting: Array<() => void> = [];
  readonly readAt = new Map<number, number>();
  readonly storedAt = new Map<number, number>();

  constructor(keys: readonly number[], maxPages: number) {
    this.rows = keys.map((key, id) => ({ id, key })).sort(byKey);
    this.nextId = keys.length;
    this.window = new PageWindow<Row>({ pageSize, maxPages, idOf: (row) => row.id });
  }

  /** Reads the list now; the answer waits until landed. */
  fetchFor(page: number): FetchPage<Row> {
    return (after, limit) => {
      this.readAt.set(page, this.version);
      const rest = after === undefined ? this.rows : this.rows.filter((row) => cursorOf(row) !== after && byKey(row, this.#parse(after)) > 0);
      const items = rest.slice(0, limit);
      const last = items.at(-1);
      const answer = { items, next: rest.length > limit && last !== undefined ? cursorOf(last) : null };
      return new Promise((resolve) => this.waiting.push(() => resolve(answer)));
    };
  }

  #parse(cursor: string): Row {
    const [key, id] = cursor.split(':').map(Number);
    return { key: key ?? 0, id: id ?? 0 };
  }

  change(rows: Row[], erased?: number): void {
    this.rows = rows.sort(byKey);
    this.version += 1;
    // What usePagedList's refresh and useSyncedOut do on the change event.
    this.window.rereadInFlight();
    if (erased !== undefined) {
      this.erased.add(erased);
      this.window.remove((row) => row.id === erased);
    }
  }

  scroll(first: number): void {
    const last = first + 2 * pageSize;
    for (const page of this.window.missing(first, last)) {
      void this.window.load(page, this.fetchFor(page)).then((changed) => {
        if (!changed) return;
        if (this.window.pageRows(page) !== undefined) this.storedAt.set(page, this.readAt.get(page) ?? -1);
        this.window.evictAround((first + last) / 2, page);
      });
    }
  }

  async settle(): Promise<void> {
    while (this.waiting.length > 0) await this.land(0);
  }

  async land(pick: number): Promise<void> {
    const [answer] = this.waiting.splice(pick % Math.max(1, this.waiting.length), 1);
    answer?.();
    for (let tick = 0; tick < 10; tick += 1) await Promise.resolve();
  }

  async step(next: Step): Promise<void> {
    const picked = this.rows[next.kind === 'erase' || next.kind === 'rename' ? next.pick % Math.max(1, this.rows.length) : 0];
    if (next.kind === 'insert') this.change([...this.rows, { id: this.nextId++, key: next.key }]);
    else if (next.kind === 'erase' && picked !== undefined) this.change(this.rows.filter((row) => row !== picked), picked.id);
    else if (next.kind === 'rename' && picked !== undefined) this.change(this.rows.map((row) => (row === picked ? { ...row, key: next.key } : row)));
    // To a row reachable now (a scroll past them asks for nothing); 'end' learns the next page's cursor.
    else if (next.kind === 'scroll') this.scroll(next.to === 'top' ? 0 : next.to === 'end' ? Math.max(0, this.window.count - 1) : next.to % this.window.count || 0);
    else if (next.kind === 'land') await (next.pick === 'all' ? this.settle() : this.land(next.pick));
    else if (next.kind === 'evict') this.window.evictAround(next.center % this.window.count || 0);
    else if (next.kind === 'walk') await this.walk();
  }

  /** The view goes down the whole list, every read landing as it goes (far pages dropped on the way). */
  async walk(): Promise<void> {
    for (let first = 0; first < this.window.count; first += pageSize) {
      this.scroll(first);
      await this.settle();
    }
  }

  check(): void {
    const { window } = this;
    const shown = Array.from({ length: window.count }, (_, index) => window.rowAt(index)).filter((row) => row !== undefined);
    const ids = shown.map((row) => row.id);
    expect(new Set(ids).size, `an id shown twice: ${ids.join(',')}`).toBe(ids.length);
    expect(ids.filter((id) => this.erased.has(id))).toEqual([]);
    // Every row held has its place, in page order.
    const held: number[] = [];
    const pages = Array.from({ length: window.count + 1 }, (_, page) => page).filter((page) => window.pageRows(page) !== undefined);
    for (const page of pages) held.push(...(window.pageRows(page) ?? []).map((row) => row.id));
    expect(ids).toEqual(held);
    // Runs of consecutive pages read at the current version show consecutive rows of the list.
    const order = this.rows.map((row) => row.id);
    let run: number[] = [];
    let runStart = -1;
    const endRun = () => {
      if (run.length > 0) {
        const at = order.indexOf(run[0] ?? -1);
        expect(order.slice(at, at + run.length), `pages from ${String(runStart)} skip or repeat rows`).toEqual(run);
        if (runStart === 0) expect(at).toBe(0);
      }
      run = [];
    };
    for (let page = 0; page <= window.count; page += 1) {
      const rows = window.pageRows(page);
      if (rows === undefined || this.storedAt.get(page) !== this.version) {
        endRun();
        continue;
      }
      if (run.length === 0) runStart = page;
      run.push(...rows.map((row) => row.id));
    }
    endRun();
  }
}

describe('PageWindow against a model list', () => {
  it('never shows an id twice, an erased row, or a gap between pages read since the last change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(40), { maxLength: 24 }), fc.integer({ min: 2, max: 3 }), fc.array(step, { maxLength: 60 }), async (keys, maxPages, steps) => {
        const run = new Run(keys, maxPages);
        for (const next of steps) {
          await run.step(next);
          run.check();
        }
        // The list stops changing: every read lands, and the view walks down the list and back up.
        await run.settle();
        run.check();
        await run.walk();
        run.check();
        for (let first = run.window.count - 1; first >= 0; first -= pageSize) {
          run.scroll(first);
          await run.settle();
          run.check();
        }
      }),
      { numRuns: 1000 },
    );
  });
});
