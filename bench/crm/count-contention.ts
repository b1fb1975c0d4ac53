// Does a list count hold up the list page read issued right after it? Both
// run on the vault's one reader (src-main/vault/connection.ts), one after
// another. On the crm bench's vault (fixture.ts; BENCH_CRM_CONTACTS and
// BENCH_CRM_ACCOUNTS size it, 200,000 and 20,000 by default here), through
// the real core and IPC registry: for each filter, rounds that take turns
// between a page read alone, a page read issued right after that filter's
// `contacts.count` (not awaited first), and one issued right after the same
// count run on the page's own reader (as counts ran before 2026-12-02), each
// page timed from its own call.
// Not a module of `npm run bench` (no target); run by hand:
//   bash scripts/with-keychain.sh npx tsx bench/crm/count-contention.ts
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../../src-main/app/core';
import type { Sender } from '../../src-main/ipc/registry';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { createMemoryLogger } from '../../src-main/log/logger';
import { envNumber } from '../harness/env';
import { summarise } from '../harness/stats';
import { ContactListQuery } from '../../src-shared/domain/contact';
import { countContacts } from '../../src-main/services/crm/contact.service';
import { cappedCount } from '../../src-main/services/crm/list-query';
import { obtainCrmVault } from './fixture';
import { localOwner } from './vocabulary';

const contacts = envNumber('BENCH_CRM_CONTACTS', 200_000);
const accounts = envNumber('BENCH_CRM_ACCOUNTS', 20_000);
const rounds = envNumber('BENCH_COUNT_ROUNDS', 15);
const sender: Sender = { transport: 'test', origin: 'test://fieldvault' };
const day = 86_400_000;

/** The filters a rep picks in the list's filter panel; each list asks for its count and its first page. */
const filters: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['none (count walks to the cap)', {}],
  ['tag (common)', { tags: ['newsletter'] }],
  ['tag (rare)', { tags: ['board-member'] }],
  ['owner (mine)', { ownerId: localOwner }],
  ['owner (teammate)', { ownerId: 'rep-05' }],
  ['territory (large)', { territory: 'DACH North' }],
];

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-count-contention-'));
  const fixture = await obtainCrmVault(folder, { accounts, contacts, seed: 20_261_129, serviceAccounts: Math.min(1_000, accounts), serviceContacts: Math.min(1_000, contacts) }, (message) =>
    console.error(message),
  );
  const core = createCore({
    dataDir: fixture.dataDir,
    keyStore: new KeytarKeyStore(fixture.keychainService),
    log: createMemoryLogger(),
    isTrustedSender: (candidate) => candidate.transport === 'test',
    idleLockMs: 0,
  });
  const call = async (channel: string, input: unknown): Promise<unknown> => {
    const result = await core.registry.dispatch(sender, channel, input);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}`);
    return result.value;
  };
  const timed = async (channel: string, input: unknown): Promise<number> => {
    const start = performance.now();
    await call(channel, input);
    return performance.now() - start;
  };
  try {
    await call('vault.unlock', { password: fixture.password });
    const newest = await call('contacts.list', { limit: 1, sort: { field: 'createdAt', direction: 'desc' } });
    const items: unknown = typeof newest === 'object' && newest !== null ? Reflect.get(newest, 'items') : undefined;
    const first: unknown = Array.isArray(items) ? items[0] : undefined;
    const createdAt: unknown = typeof first === 'object' && first !== null ? Reflect.get(first, 'createdAt') : undefined;
    if (typeof createdAt !== 'number') throw new Error('No newest contact');
    const cases = [...filters, ['created in the last 90 days', { createdAt: { from: createdAt - 90 * day, to: createdAt } }] as const];
    const rows: string[] = [];
    for (const [label, filter] of cases) {
      const page = { limit: 50, filter };
      const count = { filter };
      // Warm both, then record the count alone.
      await timed('contacts.list', page);
      await timed('contacts.count', count);
      const countAlone: number[] = [];
      const alone: number[] = [];
      const behind: number[] = [];
      const behindOnReader: number[] = [];
      const query = ContactListQuery.parse({ ...count, limit: 1 });
      const countOnReader = async () => {
        const start = performance.now();
        await core.vault.connection().read((tx) => cappedCount((upTo) => countContacts(tx, query, upTo)));
        return performance.now() - start;
      };
      const variants = [
        async () => alone.push(await timed('contacts.list', page)),
        async () => {
          const counting = timed('contacts.count', count);
          behind.push(await timed('contacts.list', page));
          countAlone.push(await counting);
        },
        async () => {
          const counting = countOnReader();
          behindOnReader.push(await timed('contacts.list', page));
          await counting;
        },
      ];
      // Take turns: which goes first rotates from round to round.
      for (let round = 0; round < rounds; round += 1) {
        for (let step = 0; step < variants.length; step += 1) await variants[(round + step) % variants.length]?.();
      }
      const cell = (samples: number[]) => {
        const summary = summarise(samples, 1);
        return `${summary.median} / ${summary.p95}`;
      };
      const answer = await call('contacts.count', count);
      rows.push(`| ${label} | ${JSON.stringify(answer)} | ${cell(countAlone)} | ${cell(alone)} | ${cell(behindOnReader)} | ${cell(behind)} |`);
      console.error(rows.at(-1));
    }
    console.log(`contacts ${contacts}, accounts ${accounts}, ${rounds} rounds a filter, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`);
    console.log('| filter | count | count ms (median / p95) | page alone | page behind a count on its reader (before) | page behind a count on the second reader (now) |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
  } finally {
    await core.close();
    await fixture.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
