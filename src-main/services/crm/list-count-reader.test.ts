// A list's count runs on the vault's second reader (Connection.readApart), so
// a long count never holds up the page reads asked beside it: the list asks
// for both on each filter change, and a count may walk up to listCountCap
// rows (bench/README.md, "List counts beside page reads"). Real vault, real
// handlers; the test holds each reader open with a transaction of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { contract } from '../../../src-shared/ipc/contract';
import { contactHandlers } from './contacts.handlers';
import { createContacts } from './contact.service';
import { CrmTestVault } from './testing/crm-test-vault';

const context = { sender: { transport: 'test', origin: 'test://fieldvault' } } as const;

/** A read transaction that stays open until released: it stands in for a long read on that handle. */
function holdOpen(read: (fn: () => Promise<void>) => Promise<void>): { release: () => void; done: Promise<void> } {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  return { release, done: read(() => held) };
}

describe('list counts beside page reads (handlers, real vault)', () => {
  let db: CrmTestVault;
  beforeAll(async () => {
    db = await CrmTestVault.create();
    await db.write((tx, now) => createContacts(tx, Array.from({ length: 3 }, (_, index) => ContactDraft.parse({ name: `Contact ${index}`, tags: ['vip'] })), now));
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const handlers = () => contactHandlers(db.vault);
  const count = () => handlers()['contacts.count'](contract['contacts.count'].input.parse({ filter: { tags: ['vip'] } }), context);
  const page = () => handlers()['contacts.list'](contract['contacts.list'].input.parse({ limit: 50, filter: { tags: ['vip'] } }), context);

  it('answers the page read while a count is still running, and the count after it', async () => {
    const order: string[] = [];
    // The count's reader is busy (a long count of another list); the page's reader is free.
    const busyCount = holdOpen((fn) => db.vault.connection().readApart(fn));
    const counted = count().then((answer) => {
      order.push('count');
      return answer;
    });
    // Asked after the count, as the list asks for both on a filter change.
    const listed = await page();
    order.push('page');
    busyCount.release();
    await busyCount.done;
    expect(await counted).toEqual({ count: 3, capped: false });
    expect(listed.items).toHaveLength(3);
    expect(order).toEqual(['page', 'count']);
  });

  it('answers a count while the page reader is busy', async () => {
    // Released once the count answers: were the count queued behind this read, neither would finish.
    const busyPages = holdOpen((fn) => db.vault.connection().read(fn));
    const counted = await count().finally(busyPages.release);
    await busyPages.done;
    expect(counted).toEqual({ count: 3, capped: false });
  }, 10_000);
});
