// PageWindow over a simulated keyset-paged list of 1,000,000 rows: the rows
// held never exceed the window, every visible row is the right one, the end
// is found, and scrolling back refetches dropped pages from their cursors.
import { describe, expect, it } from 'vitest';
import { PageWindow, type FetchPage } from './page-window';

interface Row {
  readonly id: number;
}

/** A list of `total` rows whose cursor is the last row's id, like the main process's. */
function keysetList(total: number): { fetch: FetchPage<Row>; calls: () => number } {
  let calls = 0;
  const fetch: FetchPage<Row> = (after, limit) => {
    calls += 1;
    const start = after === undefined ? 0 : Number(after.slice(1)) + 1;
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, offset) => ({ id: start + offset }));
    const last = items[items.length - 1];
    const next = last !== undefined && last.id < total - 1 ? `c${last.id}` : null;
    return Promise.resolve({ items, next });
  };
  return { fetch, calls: () => calls };
}

interface Keyed {
  readonly id: number;
  readonly key: number;
}

/** A list sorted by (key, id) whose cursor is the last row's (key, id); `holding` keeps its answers (read at the call) until released, then answers at once. */
function sortedList(keys: readonly number[]) {
  let rows: Keyed[] = keys.map((key, id) => ({ id, key }));
  const sort = () => rows.sort((a, b) => a.key - b.key || a.id - b.id);
  const fetch: FetchPage<Keyed> = (after, limit) => {
    const [key, id] = after === undefined ? [-Infinity, -Infinity] : after.split(':').map(Number);
    const rest = rows.filter((row) => row.key > (key ?? 0) || (row.key === key && row.id > (id ?? 0)));
    const items = rest.slice(0, limit);
    const last = items.at(-1);
    return Promise.resolve({ items, next: rest.length > limit && last !== undefined ? `${String(last.key)}:${String(last.id)}` : null });
  };
  return {
    fetch,
    keys: () => rows.map((row) => row.key),
    insert: (key: number) => {
      rows.push({ id: rows.length + 100, key });
      sort();
    },
    /** The row at `from` to key `to`, or out of the list (null). */
    rekey: (from: number, to: number | null) => {
      rows = rows.flatMap((row) => (row.key !== from ? [row] : to === null ? [] : [{ ...row, key: to }]));
      sort();
    },
    holding: () => {
      let waiting: Array<() => void> | null = [];
      const held: FetchPage<Keyed> = (after, limit) => {
        const answer = fetch(after, limit);
        const queue = waiting;
        return queue === null ? answer : new Promise((resolve) => queue.push(() => resolve(answer)));
      };
      const release = () => {
        const queue = waiting ?? [];
        waiting = null;
        for (const answer of queue) answer();
      };
      return { fetch: held, release };
    },
  };
}

function shownKeys(window: PageWindow<Keyed>, rows: number): Array<number | undefined> {
  return Array.from({ length: rows }, (_, index) => window.rowAt(index)?.key);
}

async function show(window: PageWindow<Row>, fetch: FetchPage<Row>, first: number, last: number): Promise<void> {
  for (const page of window.missing(first, last)) await window.load(page, fetch);
  window.evictAround((first + last) / 2);
}

describe('PageWindow', () => {
  it('scrolls through a million rows holding at most maxPages pages', async () => {
    const total = 1_000_000;
    const list = keysetList(total);
    const window = new PageWindow<Row>({ pageSize: 200, maxPages: 8 });
    const viewport = 40;
    let maxHeld = 0;
    for (let first = 0; first < total; first += 3 * viewport) {
      const last = Math.min(first + viewport - 1, window.count - 1);
      await show(window, list.fetch, first, last + 200);
      maxHeld = Math.max(maxHeld, window.heldRows);
      expect(window.rowAt(first)?.id).toBe(first);
      expect(window.rowAt(last)?.id).toBe(last);
    }
    expect(window.ended).toBe(true);
    expect(window.count).toBe(total);
    expect(maxHeld).toBeLessThanOrEqual(8 * 200);
    expect(window.rowAt(total - 1)?.id).toBe(total - 1);
    // Every page was fetched exactly once on the way down.
    expect(list.calls()).toBe(total / 200);

    // Back to the top: page 0 was dropped long ago and comes back from its cursor.
    expect(window.rowAt(0)).toBeUndefined();
    await show(window, list.fetch, 0, 39);
    expect(window.rowAt(0)?.id).toBe(0);
    await show(window, list.fetch, 500_000, 500_039);
    expect(window.rowAt(500_010)?.id).toBe(500_010);
    expect(window.heldRows).toBeLessThanOrEqual(8 * 200);
  });

  it('shows each row once after a page fetched again ends elsewhere, rows having left it meanwhile', async () => {
    // 100 rows by id; three of the second page's leave the list (ticked done out of "Open tasks").
    let ids = Array.from({ length: 100 }, (_, id) => id);
    const fetch: FetchPage<Row> = (after, limit) => {
      const start = after === undefined ? 0 : ids.findIndex((id) => id > Number(after.slice(1)));
      const items = (start < 0 ? [] : ids.slice(start, start + limit)).map((id) => ({ id }));
      const last = items.at(-1);
      return Promise.resolve({ items, next: last !== undefined && last.id !== ids.at(-1) ? `c${last.id}` : null });
    };
    const window = new PageWindow<Row>({ pageSize: 10, maxPages: 2 });
    for (const page of [0, 1, 2, 3]) await window.load(page, fetch);
    // Scrolled on: pages 0 and 1 dropped, 2 and 3 held.
    window.evictAround(35);
    expect([window.rowAt(15), window.rowAt(25)?.id]).toEqual([undefined, 25]);
    ids = ids.filter((id) => id !== 12 && id !== 13 && id !== 14);
    // Back up: page 1 again, now ending three rows later. Then every page the rows 0-39 need.
    await window.load(1, fetch);
    // As a scroll down would: each page's cursor is learnt from the one before.
    for (let round = 0; round < 4; round += 1) for (const page of window.missing(0, 39)) await window.load(page, fetch);
    const shown = Array.from({ length: 40 }, (_, index) => window.rowAt(index)?.id).filter((id) => id !== undefined);
    // Before, page 2 (held from its old cursor) showed rows 20-22 a second time.
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toEqual(ids.slice(0, 40));
  });

  it('puts a written row in place of the held one, and leaves the rest alone', async () => {
    const window = new PageWindow<Row & { readonly done?: boolean }>({ pageSize: 10 });
    const { fetch } = keysetList(25);
    await window.load(0, fetch);
    await window.load(1, fetch);
    expect(window.replace((row) => row.id === 13, { id: 13, done: true })).toBe(true);
    expect(window.rowAt(13)).toEqual({ id: 13, done: true });
    expect(window.rowAt(12)).toEqual({ id: 12 });
    expect(window.replace((row) => row.id === 24, { id: 24, done: true })).toBe(false);
    expect(window.heldRows).toBe(20);
  });

  it('takes removed rows out at once: the rows after them move up, the count goes down, and scrolling on shows each row once', async () => {
    // 45 rows by id; rows 13 and 24 are erased (a sync), the pages held read before.
    let ids = Array.from({ length: 45 }, (_, id) => id);
    const fetch: FetchPage<Row> = (after, limit) => {
      const start = after === undefined ? 0 : ids.findIndex((id) => id > Number(after.slice(1)));
      const items = (start < 0 ? [] : ids.slice(start, start + limit)).map((id) => ({ id }));
      const last = items.at(-1);
      return Promise.resolve({ items, next: last !== undefined && last.id !== ids.at(-1) ? `c${last.id}` : null });
    };
    const window = new PageWindow<Row>({ pageSize: 10, maxPages: 3 });
    for (const page of [0, 1, 2]) await window.load(page, fetch);
    expect(window.count).toBe(40);
    ids = ids.filter((id) => id !== 13 && id !== 24);
    expect(window.remove((row) => row.id === 13 || row.id === 24)).toBe(2);
    const held = Array.from({ length: 28 }, (_, index) => window.rowAt(index)?.id);
    expect(held).toEqual(ids.slice(0, 28));
    expect(window.rowAt(28)).toBeUndefined();
    expect(window.count).toBe(38);
    expect(window.heldRows).toBe(28);
    expect(window.indexWhere((row) => row.id === 25)).toBe(23);
    expect(window.pageRows(1)?.map((row) => row.id)).toEqual([10, 11, 12, 14, 15, 16, 17, 18, 19]);
    // Scrolled on to the end and back: every row once, in order.
    for (let round = 0; round < 4; round += 1) {
      for (const page of window.missing(0, 42)) await window.load(page, fetch);
      window.evictAround(40);
    }
    for (let round = 0; round < 4; round += 1) for (const page of window.missing(0, 42)) await window.load(page, fetch);
    expect(window.ended).toBe(true);
    expect(window.count).toBe(43);
    const shown = Array.from({ length: 43 }, (_, index) => window.rowAt(index)?.id).filter((id) => id !== undefined);
    expect(shown).toEqual(ids);
  });

  it('finds the first held row a test matches, by its index in the whole list', async () => {
    const window = new PageWindow<Row>({ pageSize: 10, maxPages: 2 });
    const { fetch } = keysetList(45);
    for (const page of [0, 1, 2, 3]) await window.load(page, fetch);
    window.evictAround(35);
    // Pages 0 and 1 are dropped: row 3 is not held, row 27 is the first held one that matches.
    expect(window.heldPages).toBe(2);
    expect(window.rowAt(3)).toBeUndefined();
    expect(window.indexWhere((row) => row.id === 3 || row.id === 27 || row.id === 35)).toBe(27);
    expect(window.indexWhere((row) => row.id === 44)).toBe(-1);
  });

  it('keeps the page just fetched when rows far apart are asked for, so the far row is reached', async () => {
    // Rows 0 to 1,345 asked for, one page at a time as cursors become known (the table's focus request after Back): the middle is page 6.
    const window = new PageWindow<Row>({ pageSize: 100, maxPages: 12 });
    const { fetch } = keysetList(1_450);
    for (let page = 0; page <= 13; page += 1) {
      await window.load(page, fetch);
      window.evictAround(1_345 / 2, page);
    }
    expect(window.heldPages).toBe(12);
    expect(window.rowAt(1_345)?.id).toBe(1_345);
    // The farthest from the middle go instead: pages 0 and 12.
    expect([window.rowAt(0), window.rowAt(1_250), window.rowAt(150)?.id]).toEqual([undefined, undefined, 150]);
  });

  it('grows the reachable count one page at a time and knows the exact end', async () => {
    const list = keysetList(450);
    const window = new PageWindow<Row>({ pageSize: 100 });
    expect(window.count).toBe(100);
    await show(window, list.fetch, 0, 99);
    expect(window.count).toBe(200);
    for (let page = 1; page < 5; page += 1) await show(window, list.fetch, page * 100, page * 100 + 99);
    expect(window.ended).toBe(true);
    expect(window.count).toBe(450);
    expect(window.missing(0, 449)).toEqual([]);
  });

  it('handles an empty list', async () => {
    const list = keysetList(0);
    const window = new PageWindow<Row>({ pageSize: 50 });
    await show(window, list.fetch, 0, 49);
    expect(window.ended).toBe(true);
    expect(window.count).toBe(0);
  });

  it('keeps a failure for the UI and succeeds on retry', async () => {
    const list = keysetList(120);
    let fail = true;
    const flaky: FetchPage<Row> = (after, limit) => (fail ? Promise.reject(new Error('down')) : list.fetch(after, limit));
    const window = new PageWindow<Row>({ pageSize: 100 });
    expect(await window.load(0, flaky)).toBe(true);
    expect(window.failure).toBeInstanceOf(Error);
    expect(window.rowAt(0)).toBeUndefined();
    fail = false;
    await window.load(0, flaky);
    expect(window.failure).toBeNull();
    expect(window.rowAt(0)?.id).toBe(0);
  });

  it('stops asking after a failure instead of retrying on every render, and shows no placeholder rows', async () => {
    let calls = 0;
    const failing: FetchPage<Row> = () => {
      calls += 1;
      return Promise.reject(new Error('down'));
    };
    const window = new PageWindow<Row>({ pageSize: 100 });
    // What the list does on each render: ensure the visible rows, again and again.
    for (let render = 0; render < 5; render += 1) await show(window, failing, 0, 49);
    expect(calls).toBe(1);
    expect(window.failure).toBeInstanceOf(Error);
    expect(window.count).toBe(0);
    expect(window.missing(0, 49)).toEqual([]);
  });

  it('discards an answer to an outdated query', async () => {
    const list = keysetList(10);
    const window = new PageWindow<Row>({ pageSize: 100 });
    expect(await window.load(0, list.fetch, () => false)).toBe(false);
    expect(window.pristine).toBe(true);
    expect(window.missing(0, 0)).toEqual([0]);
  });

  it('reads again a page that was on its way while the page before it was read again and ends elsewhere', async () => {
    // Rows by key; two rows join page 0 while page 1 is on its way from page 0's old end (key 40).
    const list = sortedList(Array.from({ length: 20 }, (_, at) => at * 10));
    const window = new PageWindow<Keyed>({ pageSize: 5, maxPages: 2, idOf: (row) => row.id });
    for (const page of [0, 1, 2, 3]) await window.load(page, list.fetch);
    window.evictAround(17);
    list.insert(5);
    list.insert(15);
    const held = list.holding();
    const onItsWay = window.load(1, held.fetch);
    await window.load(0, list.fetch);
    held.release();
    await onItsWay;
    for (let round = 0; round < 3; round += 1) for (const page of window.missing(0, 19)) await window.load(page, list.fetch);
    // Before, page 1 came from key 40 after page 0 had come to end at key 20: keys 30 and 40 were skipped.
    expect(shownKeys(window, 20)).toEqual(list.keys().slice(0, 20));
  });

  it('shows a row whose sort key changed once: where the page read last has it', async () => {
    const list = sortedList(Array.from({ length: 20 }, (_, at) => at * 10));
    const window = new PageWindow<Keyed>({ pageSize: 5, idOf: (row) => row.id });
    await window.load(0, list.fetch);
    await window.load(1, list.fetch);
    // The row at key 20 (page 0) is renamed to sort after key 120 (page 2, not read yet).
    list.rekey(20, 125);
    window.rereadInFlight();
    await window.load(2, list.fetch);
    const shown = Array.from({ length: window.count }, (_, index) => window.rowAt(index)?.id).filter((id) => id !== undefined);
    // Before, it stood on page 0 (as read then) and on page 2.
    expect(new Set(shown).size).toBe(shown.length);
    expect(shownKeys(window, 14)).toEqual([0, 10, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 125, 130]);
    expect(window.heldRows).toBe(14);
  });

  it('reads again a page that was on its way when the list changed, so a record erased meanwhile does not come back', async () => {
    const list = sortedList(Array.from({ length: 20 }, (_, at) => at * 10));
    const window = new PageWindow<Keyed>({ pageSize: 5, idOf: (row) => row.id });
    await window.load(0, list.fetch);
    const held = list.holding();
    const onItsWay = window.load(1, held.fetch);
    // A sync erases the row at key 60 (page 1, on its way, read before): the window is told.
    list.rekey(60, null);
    window.rereadInFlight();
    held.release();
    await onItsWay;
    expect(window.pageRows(1)?.map((row) => row.key)).toEqual([50, 70, 80, 90, 100]);
  });

  it('no longer counts the list as ended when its last page, read again, has rows after it', async () => {
    const list = sortedList(Array.from({ length: 12 }, (_, at) => at * 10));
    const window = new PageWindow<Keyed>({ pageSize: 5, maxPages: 2 });
    for (const page of [0, 1, 2]) await window.load(page, list.fetch);
    expect([window.ended, window.count]).toEqual([true, 12]);
    window.evictAround(0);
    for (const key of [200, 210, 220, 230]) list.insert(key);
    await window.load(2, list.fetch);
    expect(window.ended).toBe(false);
    for (let round = 0; round < 3; round += 1) for (const page of window.missing(0, window.count - 1)) await window.load(page, list.fetch);
    expect([window.ended, window.count]).toEqual([true, 16]);
  });

  it('does not fetch the same page twice while it is in flight', async () => {
    const list = keysetList(10);
    const window = new PageWindow<Row>({ pageSize: 100 });
    const first = window.load(0, list.fetch);
    expect(window.missing(0, 5)).toEqual([]);
    expect(await window.load(0, list.fetch)).toBe(false);
    await first;
    expect(list.calls()).toBe(1);
  });
});
