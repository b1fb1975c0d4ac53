// A sliding window over a keyset-paged list of any length (a million rows is
// the design point). Pages are fetched on demand as rows scroll into view and
// only `maxPages` of them are held at once: far pages are dropped and fetched
// again from their remembered cursor when the user scrolls back. What grows
// with the list is one short cursor string per page, never the rows.
//
// Keyset cursors cannot jump, so the row count is what is reachable: every
// page whose starting cursor is known, plus the tail once the end is seen.
// Rows taken out of held pages (remove: records a sync erased) leave those
// pages short until they are read again; the rows after them move up.
//
// One id is never shown twice and no row is skipped at a page's seam: a page
// is stored only when read from the cursor that starts it now (an answer read
// from a cursor that a re-read of the page before has since moved is read
// again), a read in flight when the list changed is read again
// (rereadInFlight), and a page that lands holding a row another held page
// still shows (its sort key changed since that page was read) takes it from
// there: the page read last is the newer.

export interface Page<Row> {
  readonly items: readonly Row[];
  readonly next: string | null;
}

export type FetchPage<Row> = (after: string | undefined, limit: number) => Promise<Page<Row>>;

export interface WindowOptions<Row> {
  readonly pageSize: number;
  /** Pages kept in memory; the rest are dropped (default 12). */
  readonly maxPages?: number;
  /** A row's record id, so a row read again on another page shows once. Method syntax keeps PageWindow<Row> a PageWindow<unknown>. */
  idOf?(this: void, row: Row): string | number;
}

/** Reads of one page in one load while its answers come back outdated (cursor moved, list changed); then it is left for the next render. */
const maxReads = 3;

export class PageWindow<Row> {
  readonly pageSize: number;
  readonly maxPages: number;
  /** cursors[k] is the `after` that fetches page k (undefined for page 0). */
  readonly #cursors: Array<string | undefined> = [undefined];
  readonly #pages = new Map<number, readonly Row[]>();
  readonly #inFlight = new Set<number>();
  /** Length of the last page once the list's end is known; null before. */
  #tail: number | null = null;
  #failure: unknown = null;
  /** Rows taken out of page k (remove) since it was read; the page holds that many fewer, and the rows after it move up. */
  readonly #short = new Map<number, number>();
  readonly #options: WindowOptions<Row>;
  /** Changes of the list told (rereadInFlight): a read started before the last one is read again. */
  #changes = 0;

  constructor(options: WindowOptions<Row>) {
    this.#options = options;
    this.pageSize = options.pageSize;
    this.maxPages = Math.max(2, options.maxPages ?? 12);
  }

  /** Rows reachable so far (loaded or not); after a failure, only the rows known to exist (no placeholders for pages that will not come). */
  get count(): number {
    if (this.#failure !== null) return this.seen;
    const known = this.#cursors.length;
    if (this.#tail === null) return known * this.pageSize - this.#removedBefore(known);
    return (known - 1) * this.pageSize + this.#tail - this.#removedBefore(known);
  }

  /** Rows known to exist: the exact count once the end is seen, else the rows before the last known page. */
  get seen(): number {
    return this.#tail === null ? (this.#cursors.length - 1) * this.pageSize - this.#removedBefore(this.#cursors.length - 1) : this.count;
  }

  get ended(): boolean {
    return this.#tail !== null;
  }

  get failure(): unknown {
    return this.#failure;
  }

  /** Pages currently held in memory. */
  get heldPages(): number {
    return this.#pages.size;
  }

  get heldRows(): number {
    let rows = 0;
    for (const page of this.#pages.values()) rows += page.length;
    return rows;
  }

  /** Up to `limit` of the rows held now (e.g. to offer the owners seen as filter options). */
  sample(limit: number): Row[] {
    const rows: Row[] = [];
    for (const page of this.#pages.values()) {
      for (const row of page) {
        if (rows.length >= limit) return rows;
        rows.push(row);
      }
    }
    return rows;
  }

  /** True when no page has loaded yet. */
  get pristine(): boolean {
    return this.#pages.size === 0 && this.#tail === null;
  }

  rowAt(index: number): Row | undefined {
    const [page, offset] = this.#locate(index);
    return this.#pages.get(page)?.[offset];
  }

  /** The rows of page `page` while it is held (the rows its cursor read, less those removed since). */
  pageRows(page: number): readonly Row[] | undefined {
    return this.#pages.get(page);
  }

  /**
   * Takes the held rows `matches` finds out of the window (records a sync erased or evicted, to go from the
   * screen at once): the rows after them move up, and the count goes down. Returns how many were taken out.
   */
  remove(matches: (row: Row) => boolean): number {
    let removed = 0;
    for (const [index, page] of [...this.#pages]) {
      const kept = page.filter((row) => !matches(row));
      if (kept.length === page.length) continue;
      this.#pages.set(index, kept);
      this.#short.set(index, (this.#short.get(index) ?? 0) + page.length - kept.length);
      removed += page.length - kept.length;
    }
    return removed;
  }

  /** Rows removed from the pages before page `page`. */
  #removedBefore(page: number): number {
    let removed = 0;
    for (const [index, count] of this.#short) if (index < page) removed += count;
    return removed;
  }

  /** The index of page `page`'s first row. */
  #start(page: number): number {
    return page * this.pageSize - this.#removedBefore(page);
  }

  /** The page and the offset in it of row `index`, past the rows removed before it. */
  #locate(index: number): readonly [number, number] {
    let shift = 0;
    for (const [page, removed] of [...this.#short].sort(([a], [b]) => a - b)) {
      const start = page * this.pageSize - shift;
      if (index < start) break;
      if (index < start + this.pageSize - removed) return [page, index - start];
      shift += removed;
    }
    const at = index + shift;
    return [Math.floor(at / this.pageSize), at % this.pageSize];
  }

  /**
   * The pages to fetch so rows first..last (inclusive) are present. None
   * after a failure: every render would otherwise ask again at once, against
   * a vault that just refused; the user retries (a fresh window), or
   * load() is called directly.
   */
  missing(first: number, last: number): number[] {
    if (this.#failure !== null) return [];
    const from = this.#locate(Math.max(0, first))[0];
    const to = Math.min(this.#cursors.length - 1, this.#locate(Math.max(first, last))[0]);
    const wanted: number[] = [];
    for (let page = from; page <= to; page += 1) {
      if (!this.#pages.has(page) && !this.#inFlight.has(page)) wanted.push(page);
    }
    return wanted;
  }

  /**
   * The list changed (a sync's or this window's write): the pages on their way were perhaps read before it, and
   * stored, they would show a record erased meanwhile, or a renamed one where it stood; each is read again when it comes.
   */
  rereadInFlight(): void {
    this.#changes += 1;
  }

  /**
   * Fetches page `index` and stores it; resolves true when the window changed.
   * `isCurrent` lets the caller discard an answer to an outdated query.
   */
  async load(index: number, fetch: FetchPage<Row>, isCurrent: () => boolean = () => true): Promise<boolean> {
    if (index >= this.#cursors.length || this.#pages.has(index) || this.#inFlight.has(index)) return false;
    this.#inFlight.add(index);
    try {
      for (let read = 1; ; read += 1) {
        const after = this.#cursors[index];
        const changes = this.#changes;
        const page = await fetch(after, this.pageSize);
        if (!isCurrent() || index >= this.#cursors.length) return false;
        // Page `index - 1` was read again meanwhile and ends elsewhere (read from its old end, this page showed
        // again the rows it now ends with, or skipped those that joined it), or the list changed since the read.
        if (this.#cursors[index] !== after || this.#changes !== changes) {
          if (read < maxReads) continue;
          // Still outdated: not stored, and left for the next render to ask for (true: the caller renders).
          return true;
        }
        this.#failure = null;
        this.#store(index, page);
        return true;
      }
    } catch (error) {
      if (!isCurrent()) return false;
      this.#failure = error;
      return true;
    } finally {
      this.#inFlight.delete(index);
    }
  }

  #store(index: number, page: Page<Row>): void {
    this.#pages.set(index, page.items);
    this.#short.delete(index);
    if (page.next === null || page.items.length === 0) {
      // The end: forget any cursor learnt beyond it (rows were deleted meanwhile).
      this.#cursors.length = index + 1;
      this.#tail = page.items.length;
      this.#forgetAfter(index);
      this.#takeCopies(index);
      return;
    }
    this.#takeCopies(index);
    if (index + 1 === this.#cursors.length) {
      // The end seen before is no longer the end (rows joined the last page since it was read).
      this.#cursors.push(page.next);
      this.#tail = null;
      return;
    }
    if (this.#cursors[index + 1] === page.next) return;
    // The page fetched again ends elsewhere (rows left or joined it since, a task ticked done out of "Open
    // tasks"): the pages held after it start from cursors that no longer follow it, and kept, they showed rows
    // twice or not at all. They go, and are fetched again from the new cursor as they come into view.
    this.#cursors.length = index + 1;
    this.#cursors.push(page.next);
    this.#tail = null;
    this.#forgetAfter(index);
  }

  /**
   * Takes the rows of page `index`, just read, out of the other pages held: read earlier, they show such a row
   * where it stood then (its sort key changed since), and it showed twice. Those pages are short until read again.
   */
  #takeCopies(index: number): void {
    const { idOf } = this.#options;
    const read = this.#pages.get(index);
    if (idOf === undefined || read === undefined || read.length === 0) return;
    const ids = new Set(read.map((row) => idOf(row)));
    for (const [other, page] of [...this.#pages]) {
      if (other === index) continue;
      const kept = page.filter((row) => !ids.has(idOf(row)));
      if (kept.length === page.length) continue;
      this.#pages.set(other, kept);
      this.#short.set(other, (this.#short.get(other) ?? 0) + page.length - kept.length);
    }
  }

  /** Drops the pages held after page `index`, and the rows removed from them (read again, they are as read). */
  #forgetAfter(index: number): void {
    for (const held of [...this.#pages.keys()]) if (held > index) this.#pages.delete(held);
    for (const short of [...this.#short.keys()]) if (short > index) this.#short.delete(short);
  }

  /**
   * Puts `next` in place of the held row `matches` finds (a write's answer,
   * e.g. a task ticked done in its list), so the row shows it without the
   * list being fetched again; true when a row was replaced.
   */
  replace(matches: (row: Row) => boolean, next: Row): boolean {
    for (const [index, page] of this.#pages) {
      const at = page.findIndex(matches);
      if (at === -1) continue;
      this.#pages.set(index, page.map((row, offset) => (offset === at ? next : row)));
      return true;
    }
    return false;
  }

  /** The index of the first held row `matches` finds, or -1 (e.g. where the first selected row stood). */
  indexWhere(matches: (row: Row) => boolean): number {
    for (const page of [...this.#pages.keys()].sort((a, b) => a - b)) {
      const at = this.#pages.get(page)?.findIndex(matches) ?? -1;
      if (at !== -1) return this.#start(page) + at;
    }
    return -1;
  }

  /**
   * Drops the pages farthest from row `center` until at most maxPages remain,
   * never page `keep` (the one just fetched: dropped as it lands, a row asked
   * for at the far end of a long range would be fetched again and again).
   */
  evictAround(center: number, keep?: number): void {
    if (this.#pages.size <= this.maxPages) return;
    const centerPage = this.#locate(Math.max(0, Math.floor(center)))[0];
    const byDistance = [...this.#pages.keys()].filter((page) => page !== keep).sort((a, b) => Math.abs(b - centerPage) - Math.abs(a - centerPage));
    for (const page of byDistance) {
      if (this.#pages.size <= this.maxPages) break;
      this.#pages.delete(page);
    }
  }
}
