// A pull of several pages (an initial sync) ends with the hooks' bulk tidy-up:
// the search index is merged into one segment when the pull brought a large
// share of it, and a tidy-up that fails loses nothing. Real SQLCipher vault, real
// sync server over TLS.
import { describe, expect, it } from 'vitest';
import { syncRecordHooks } from '../../src-main/app/sync-record-hooks';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import type { SyncEngine } from '../../src-main/sync/engine';
import type { RecordHooks } from '../../src-main/sync/record-hooks';
import { uuid7 } from '../../src-main/vault/uuid7';
import { useEngineOnVault } from '../support/engine-on-vault';
import { contactValues, protocolDevice, setMemberships } from '../support/sync-server';

describe('after a bulk pull', () => {
  const setup = useEngineOnVault();
  const engine = (hooks: RecordHooks) => setup.engine({ hooks, pullLimit: 10 });
  const enrol = (sync: SyncEngine) => setup.enrol(sync);
  const pushContacts = async (count: number, prefix: string) => {
    // One push per contact: the server commits each on its own, so pages of 10 can split anywhere.
    for (let index = 0; index < count; index += 1) {
      await setup.laptop2.push([setup.laptop2.upsert('contacts', uuid7(), contactValues(setup.userId, { name: `${prefix} ${index}` }))]);
    }
  };
  const segments = () => setup.vault.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(DISTINCT segid) AS n FROM search_fts_idx'))?.n);
  const indexed = () => setup.vault.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM search_docs'))?.n);

  it('merges the search index after an initial sync of several pages, and not after a small catch-up', async () => {
    const bulks: number[] = [];
    const hooks: RecordHooks = {
      ...syncRecordHooks,
      afterBulkApply: async (tx, changes) => {
        bulks.push(changes);
        await syncRecordHooks.afterBulkApply(tx, changes);
      },
    };
    await pushContacts(35, 'Initial');
    const sync = engine(hooks);
    await enrol(sync);
    await sync.syncNow();
    expect(await indexed()).toBe(35);
    expect(bulks).toEqual([35]);
    // Four pages, four commits, one segment left.
    expect(await segments()).toBe(1);

    // Three more, in three server transactions: however many pages they take, they are under a
    // quarter of the index, so the index is not rewritten for them.
    await pushContacts(3, 'Later');
    await sync.syncNow();
    expect(await indexed()).toBe(38);
    expect(bulks.slice(1).every((changes) => changes === 3)).toBe(true);
    expect(await segments()).toBeGreaterThan(1);
    await sync.stop();
  });

  it('tells the user how many changes a sync of several pages has received, page by page', async () => {
    await pushContacts(35, 'Counted');
    const statuses: SyncStatusEvent[] = [];
    // Every page's count published (the throttle is the next tests').
    const sync = setup.engine({ pullLimit: 10, progressIntervalMs: 0, onStatus: (status) => statuses.push(status) });
    // Enrolling runs the first sync.
    await enrol(sync);
    const first = statuses.slice(0, statuses.findIndex((status) => status.state === 'online') + 1);
    const counts = first.filter((status) => status.state === 'syncing').map((status) => status.received);
    // It starts at 0, then each applied page adds its changes (pages of at most 10 that never split a commit).
    expect(counts[0]).toBe(0);
    expect(counts.length).toBeGreaterThanOrEqual(5);
    for (let index = 1; index < counts.length; index += 1) expect(counts[index]).toBeGreaterThan(counts[index - 1] ?? 0);
    expect(counts.at(-1)).toBe(35);
    expect(first.at(-1)).toMatchObject({ state: 'online', received: 35, lastError: null });
    // The next sync counts from 0 again.
    await pushContacts(2, 'Again');
    const before = statuses.length;
    await sync.syncNow();
    const next = statuses.slice(before);
    expect(next[0]).toMatchObject({ state: 'syncing', received: 0 });
    expect(next.at(-1)).toMatchObject({ state: 'online', received: 2 });
    expect(next.every((status) => status.received <= 2)).toBe(true);
    await sync.stop();
  });

  it('counts a first sync after its first 500 changes, then asks for pages four times larger, up to the full page', async () => {
    // Three commits of 500, 500 and 300 contacts; the snapshot pages by record, whatever the commits.
    for (const batch of [500, 500, 300]) {
      await setup.laptop2.push(Array.from({ length: batch }, (_, index) => setup.laptop2.upsert('contacts', uuid7(), contactValues(setup.userId, { name: `Bulk ${index}` }))));
    }
    const statuses: SyncStatusEvent[] = [];
    // The default page limit (5,000): before, all 1,300 came in one page and the first count was the last.
    const sync = setup.engine({ progressIntervalMs: 0, onStatus: (status) => statuses.push(status) });
    await enrol(sync);
    const counts = statuses.filter((status) => status.state === 'syncing').map((status) => status.received);
    expect(counts).toEqual([0, 500, 1300]);
    // The snapshot's first page says how many records it holds: the count of 500 already shows "of 1,300".
    const totals = statuses.filter((status) => status.state === 'syncing').map((status) => status.total);
    expect(totals).toEqual([null, 1300, 1300]);
    expect(statuses.at(-1)).toMatchObject({ state: 'online', received: 1300, total: 1300 });
    expect(await setup.vault.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts'))?.n)).toBe(1300);
    // A sync after it is incremental: no total, and the last one's is gone from the start.
    await setup.laptop2.push([setup.laptop2.upsert('contacts', uuid7(), contactValues(setup.userId, { name: 'Later' }))]);
    const before = statuses.length;
    await sync.syncNow();
    expect(statuses.slice(before).map((status) => status.total)).toEqual(statuses.slice(before).map(() => null));
    expect(statuses.at(-1)).toMatchObject({ state: 'online', received: 1, total: null });
    await sync.stop();
  });

  it('counts a backfill towards its total plus what the sync had received before it, when the user joins a team', async () => {
    await pushContacts(3, 'Own');
    const statuses: SyncStatusEvent[] = [];
    const sync = setup.engine({ pullLimit: 10, progressIntervalMs: 0, onStatus: (status) => statuses.push(status) });
    await enrol(sync);
    expect(statuses.at(-1)).toMatchObject({ state: 'online', received: 3, total: 3 });
    // A teammate's 30 contacts, filed under the team; then 4 more of the rep's own; then the rep joins the team.
    const mate = await setup.server.createUser('Mate');
    await setMemberships(setup.server, mate, ['team-backfill']);
    const mateLaptop = await protocolDevice(setup.server, mate);
    await mateLaptop.push(Array.from({ length: 30 }, (_, index) => mateLaptop.upsert('contacts', uuid7(), contactValues(mate, { name: `Team ${index}` }))));
    await pushContacts(4, 'More');
    await setMemberships(setup.server, setup.userId, ['team-backfill']);

    const before = statuses.length;
    await sync.syncNow();
    const during = statuses.slice(before).filter((status) => status.state === 'syncing');
    const firstTotal = during.findIndex((status) => status.total !== null);
    // The changes before the backfill come without a total; its first page names 30, counted on from them.
    expect(firstTotal).toBeGreaterThan(0);
    expect(during.slice(0, firstTotal).some((status) => status.received >= 4 && status.total === null)).toBe(true);
    const total = during[firstTotal]?.total ?? 0;
    expect(total - 30).toBe(during[firstTotal - 1]?.received);
    expect(during.slice(firstTotal).every((status) => status.total === total && status.received <= total)).toBe(true);
    expect(statuses.at(-1)).toMatchObject({ state: 'online', received: total, total });
    await sync.stop();
  });

  it('counts a first sync resumed after it was cut off on from where it stopped, towards the total its first page named', async () => {
    await pushContacts(35, 'Resumed');
    // The first sync stops while it applies its third page of ten (as when the app closes): two pages are in.
    let created = 0;
    const failing: RecordHooks = {
      ...syncRecordHooks,
      afterCreate: async (tx, entity, rows) => {
        created += 1;
        if (created === 3) throw new Error('cut off');
        await syncRecordHooks.afterCreate(tx, entity, rows);
      },
    };
    const cut: SyncStatusEvent[] = [];
    const first = setup.engine({ hooks: failing, pullLimit: 10, progressIntervalMs: 0, onStatus: (status) => cut.push(status) });
    await enrol(first);
    await first.stop();
    expect(cut.filter((status) => status.state === 'syncing').map((status) => [status.received, status.total])).toEqual([[0, null], [10, 35], [20, 35]]);
    expect(await setup.vault.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts'))?.n)).toBe(20);

    // Another engine (the app opened again) resumes from the stored cursor: the server names no total on a resumed
    // page, yet the status reads "20 of 35" at once and counts on. Before, it read 10, then 15, with no total.
    const statuses: SyncStatusEvent[] = [];
    const resumed = setup.engine({ hooks: syncRecordHooks, pullLimit: 10, progressIntervalMs: 0, onStatus: (status) => statuses.push(status) });
    await resumed.syncNow();
    expect(statuses.filter((status) => status.state === 'syncing').map((status) => [status.received, status.total])).toEqual([[0, null], [20, 35], [30, 35], [35, 35]]);
    expect(statuses.at(-1)).toMatchObject({ state: 'online', received: 35, total: 35 });
    // The step is over: the next sync has neither.
    await pushContacts(1, 'After');
    const before = statuses.length;
    await resumed.syncNow();
    expect(statuses.slice(before).map((status) => status.total)).toEqual(statuses.slice(before).map(() => null));
    expect(statuses.at(-1)).toMatchObject({ state: 'online', received: 1, total: null });
    await resumed.stop();
  });

  it('publishes the count of a sync of many small pages at most once per interval, and the last count with the end', async () => {
    await setup.laptop2.push(Array.from({ length: 80 }, (_, index) => setup.laptop2.upsert('contacts', uuid7(), contactValues(setup.userId, { name: `Paced ${index}` }))));
    const intervalMs = 400;
    const published: { readonly at: number; readonly status: SyncStatusEvent }[] = [];
    const sync = setup.engine({ pullLimit: 10, progressIntervalMs: intervalMs, onStatus: (status) => published.push({ at: performance.now(), status }) });
    await enrol(sync);
    const end = published.findIndex(({ status }) => status.state === 'online');
    // Nine pages of at most 10; a page's count alone is published only if the last such was an interval ago.
    const progress = published.slice(0, end).filter(({ status }, index, all) => index > 0 && status.received !== all[index - 1]?.status.received);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]?.status.received).toBeGreaterThan(0);
    expect(progress[0]?.status.received).toBeLessThan(80);
    for (let index = 1; index < progress.length; index += 1) {
      expect((progress[index]?.at ?? 0) - (progress[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(intervalMs - 2);
    }
    expect(published[end]?.status).toMatchObject({ state: 'online', received: 80 });
    await sync.stop();
  });

  it('keeps what a bulk pull applied when the tidy-up fails, and says so in the log without values', async () => {
    await pushContacts(25, 'Tidy');
    const sync = engine({ ...syncRecordHooks, afterBulkApply: () => Promise.reject(new RangeError('Tidy 3 could not be merged')) });
    await enrol(sync);
    const status = await sync.syncNow();
    expect(status.lastError).toBeNull();
    expect(await indexed()).toBe(25);
    expect(await setup.vault.connection.read(async (tx) => (await tx.get<{ n: number }>('SELECT count(*) AS n FROM contacts'))?.n)).toBe(25);
    const warning = setup.vault.log.lines.find((line) => line.includes('sync.afterBulkFailed'));
    expect(warning).toContain('"error":"RangeError"');
    expect(setup.vault.log.lines.join('\n')).not.toContain('Tidy 3');
    await sync.stop();
  });
});
