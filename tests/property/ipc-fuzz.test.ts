// Fuzzes every IPC channel through the real registry, vault and keychain:
// arbitrary JSON, wrong types, huge strings, unknown channels, calls while
// locked and from untrusted senders. Every call must come back as a typed
// result, and the vault must stay consistent: what succeeded is there, what
// failed left nothing behind.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames } from '../../src-shared/ipc/channels';
import { contract } from '../../src-shared/ipc/contract';
import { errorCodes, type Result } from '../../src-shared/ipc/errors';
import { Reason } from '../../src-shared/ipc/reasons';
import { SearchResult } from '../../src-shared/search/search';
import { createTempCore, testSender, type TempCore } from '../support/temp-core';

const password = 'correct horse battery staple';
const canary = 'CANARY-Zebulon-Quartermaine-7731';
/** No wipe or throttling while fuzzing: random passwords are expected to be wrong. */
const lenientPolicy = { maxFailedAttempts: 1_000_000, baseDelayMs: 0, maxDelayMs: 0 };

const dataChannels = channelNames.filter((channel) => contract[channel].permission !== 'public');

/** Ids of records the run created (filled once the vault is unlocked), for the bulk channels to aim at besides random ones. */
const knownIds: string[] = [];
const knownId = fc.nat().map((index) => knownIds[index % Math.max(1, knownIds.length)] ?? '0190a5d0-ac96-774b-bcce-b302099a8057');
const bulkId = fc.oneof(knownId, fc.uuid({ version: 7 }), fc.string({ maxLength: 40 }), fc.integer());
/** A stage move's close date: mostly real days (so an Undo gets past its schema to the vault's checks), some impossible. */
const closeDates = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('2026-12-07', '2026-02-20') }, { weight: 1, arbitrary: fc.constantFrom('2026-02-30', 'tomorrow', '') });
/** Saved views the run made (views.save), for views.setDefault to aim at besides unknown ids. */
const viewIds: string[] = [];
const viewId = fc.nat().map((index) => viewIds[index % Math.max(1, viewIds.length)] ?? '0190a5d0-ac96-774b-bcce-b302099a8057');
const listEntity = fc.constantFrom('contacts', 'accounts', 'deals', 'activities', 'tasks', 'leads', '');

const channelArbitrary = fc.oneof(
  fc.constantFrom(...channelNames),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'vault', 'fv:vault.status', ''),
  fc.jsonValue(),
);
const inputArbitrary = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true }),
  fc.record(
    {
      name: fc.string({ maxLength: 300 }),
      emails: fc.oneof(fc.array(fc.emailAddress(), { maxLength: 3 }), fc.anything()),
      phones: fc.oneof(fc.array(fc.string({ maxLength: 60 }), { maxLength: 3 }), fc.anything()),
      notes: fc.string(),
      tags: fc.array(fc.string({ maxLength: 60 }), { maxLength: 4 }),
    },
    { requiredKeys: [] },
  ),
  // CRM shapes: deal drafts with real and unknown stages, impossible dates and
  // negative amounts; id + patch updates; list queries with sorts, filters and cursors.
  fc.record(
    {
      name: fc.string({ maxLength: 50 }),
      stageId: fc.constantFrom('lead', 'won', 'lost', 'nowhere', ''),
      currency: fc.constantFrom('EUR', 'usd', 'GBP'),
      amount: fc.oneof(fc.integer(), fc.double()),
      expectedCloseDate: fc.constantFrom('2026-02-28', '2026-02-30', '2024-02-29', '2026-13-01', 'tomorrow'),
      title: fc.string({ maxLength: 50 }),
      kind: fc.constantFrom('call', 'note', 'fax'),
      occurredAt: fc.oneof(fc.nat(), fc.integer()),
      dueAt: fc.oneof(fc.nat(), fc.constant(null), fc.double()),
    },
    { requiredKeys: [] },
  ),
  // sync.conflicts.resolve: every choice (Keep both of a set too) and unknown ones, of conflicts that mostly do not exist,
  // with or without the stamps of the entry as shown (some of them not stamps).
  fc.record(
    {
      id: fc.oneof(fc.nat({ max: 5 }), fc.integer()),
      keep: fc.constantFrom('current', 'local', 'remote', 'both', 'neither'),
      shown: fc.record(
        {
          createdAt: fc.oneof(fc.nat(), fc.double(), fc.string()),
          reason: fc.constantFrom('concurrent', 'invalid', 'deleted_elsewhere', 'nope'),
          localAt: fc.oneof(fc.nat(), fc.constant(null)),
          remoteAt: fc.oneof(fc.nat(), fc.constant(null), fc.string()),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['id', 'keep'] },
  ),
  fc.record({ id: fc.oneof(fc.uuid({ version: 7 }), fc.string()), patch: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ name: fc.string(), title: fc.string() }, { requiredKeys: [] })) }),
  fc.record(
    {
      sort: fc.record({ field: fc.constantFrom('name', 'updatedAt', 'dueAt', 'amount', 'nope'), direction: fc.constantFrom('asc', 'desc', 'up') }),
      filter: fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.record(
          {
            tags: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
            ownerId: fc.string(),
            // The deals list's stage kinds: real ones, unknown ones, empty and repeated lists.
            stageKinds: fc.oneof(fc.array(fc.constantFrom('open', 'won', 'lost', 'closed', ''), { maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })),
          },
          { requiredKeys: [] },
        ),
      ),
      deleted: fc.constantFrom('exclude', 'only', 'all'),
      after: fc.oneof(fc.base64String(), fc.string()),
      limit: fc.integer({ min: -5, max: 300 }),
    },
    { requiredKeys: [] },
  ),
  // views.save and views.setDefault: named views of each list, made default and cleared, of any list's ids.
  fc.record({ name: fc.string({ maxLength: 20 }), entity: listEntity, query: fc.constantFrom({}, { deleted: 'only' }, { after: 'x' }) }),
  fc.record({ entity: listEntity, id: fc.oneof(viewId, fc.constant(null), fc.uuid({ version: 7 }), fc.string({ maxLength: 40 })) }, { requiredKeys: ['entity'] }),
  fc.record({ password: fc.oneof(fc.string({ maxLength: 2000 }), fc.integer(), fc.constant(null)) }),
  // vault.eraseUnopenable's and vault.eraseForgotten's own input: valid, each must still be refused, the first while
  // the device key is in the keychain, the second while the vault is open.
  fc.record({ confirm: fc.constantFrom('ERASE', 'erase', '') }),
  fc.record({ limit: fc.oneof(fc.integer(), fc.double()), after: fc.anything() }, { requiredKeys: [] }),
  // A timeline's "Show older" (activities.list by a record, after a cursor): known and unknown records, forged cursors.
  fc.record({
    filter: fc.record({ accountId: knownId, contactId: knownId, dealId: fc.oneof(knownId, fc.string({ maxLength: 40 })) }, { requiredKeys: [] }),
    after: fc.oneof(fc.base64String({ maxLength: 200 }).map((text) => text.replace(/[+/=]/g, '_')), fc.string({ maxLength: 60 })),
    limit: fc.oneof(fc.constant(50), fc.integer()),
  }),
  // A reveal (records.reveal): known and unknown records, hidden fields and fields that are not hidden.
  fc.record({ entity: listEntity, id: fc.oneof(knownId, fc.uuid({ version: 7 }), fc.string({ maxLength: 40 })), field: fc.constantFrom('notes', 'body', 'name', 'id', '__proto__', '') }),
  // The bulk channels (<entity>.deleteMany / .restoreMany, tasks.setStatusMany): known, unknown and
  // malformed ids, none, repeats and more than the 500 a call takes; an Undo's skipGone, of good and bad form.
  fc.record(
    {
      ids: fc.oneof(fc.array(bulkId, { maxLength: 6 }), fc.array(knownId, { minLength: 499, maxLength: 502 }), fc.jsonValue({ maxDepth: 1 })),
      skipGone: fc.oneof(fc.boolean(), fc.constantFrom('yes', 1, null)),
    },
    { requiredKeys: ['ids'] },
  ),
  fc.record({
    items: fc.oneof(
      fc.array(fc.record({ id: bulkId, status: fc.constantFrom('open', 'in_progress', 'done', 'cancelled', 'finished') }), { maxLength: 6 }),
      fc.array(fc.record({ id: knownId, status: fc.constant('done') }), { minLength: 500, maxLength: 501 }),
    ),
  }),
  // A selection of deals moved to one stage (deals.moveStageMany) and its Undo (deals.undoMoveMany):
  // real, unknown and empty stages; undo items whose deals moved on, or that name none.
  fc.record({
    ids: fc.oneof(fc.array(bulkId, { maxLength: 6 }), fc.array(knownId, { minLength: 500, maxLength: 501 })),
    stageId: fc.constantFrom('lead', 'won', 'lost', 'nowhere', ''),
    lostReason: fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 501, maxLength: 520 })),
    closeDate: closeDates,
  }, { requiredKeys: ['ids', 'stageId'] }),
  fc.record({
    items: fc.array(
      fc.record({
        id: bulkId,
        before: fc.record({ stageId: fc.constantFrom('lead', 'lost', 'nowhere'), probability: fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double()), lostReason: fc.string({ maxLength: 20 }), expectedCloseDate: closeDates }),
        after: fc.record({ stageId: fc.constantFrom('lead', 'won', 'lost'), probability: fc.integer({ min: 0, max: 100 }), lostReason: fc.string({ maxLength: 20 }), expectedCloseDate: closeDates }),
      }),
      { maxLength: 4 },
    ),
  }),
  // Look-alikes (<entity>.lookAlikes): addresses, numbers and names holding FTS5 syntax and quotes, long and too many.
  fc.record(
    {
      name: fc.oneof(fc.string({ maxLength: 600 }), fc.constantFrom('"', 'a" OR "b', 'NEAR(a b)', '*', '阿里巴巴', '')),
      emails: fc.array(fc.oneof(fc.emailAddress(), fc.string({ maxLength: 400 }), fc.constantFrom('"@"', 'a*@b', '^x@y', 'a" OR "b@c')), { maxLength: 12 }),
      phones: fc.array(fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('+44 20 7946 0001', '"123456"', '0044 (0)20', '1234567 OR 7654321')), { maxLength: 12 }),
    },
    { requiredKeys: [] },
  ),
  // records.names: refs of every entity and unknown ones, known, unknown and malformed ids, none, and more than the 200 a call takes.
  fc.record({
    refs: fc.oneof(
      fc.array(fc.record({ entity: listEntity, id: bulkId }), { maxLength: 6 }),
      fc.array(fc.record({ entity: fc.constantFrom('contacts', 'deals'), id: knownId }), { minLength: 199, maxLength: 202 }),
      fc.jsonValue({ maxDepth: 1 }),
    ),
  }),
  // search.query: FTS5 syntax, the canary and " · " typed, some entities, any limit; hits of records whose values hold " · ".
  fc.record(
    {
      text: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(canary, 'canary', 'zebulon · ', ' · ', '"', 'a* OR b', '')),
      entities: fc.oneof(fc.subarray(['contacts', 'accounts', 'deals', 'activities', 'tasks']), fc.jsonValue({ maxDepth: 1 })),
      limit: fc.oneof(fc.integer({ min: -1, max: 60 }), fc.double()),
    },
    { requiredKeys: ['text'] },
  ),
  // Import jobs and uploads (import.status, .cancel, .rejectedRows): unknown and malformed ids, and no job (a check's rows).
  fc.record({ jobId: fc.oneof(fc.uuid({ version: 4 }), fc.string({ maxLength: 40 }), fc.constant(null)), uploadId: fc.oneof(fc.uuid({ version: 4 }), fc.string({ maxLength: 40 }), fc.integer()) }, { requiredKeys: [] }),
  // The bulk edits (<entity>.editMany, .revertMany): owners and task assignees of good and bad form, tags
  // added and taken away (too many, empty, with commas), unknown kinds; reverts with
  // any owner and tags, more tags than a record keeps.
  fc.record({
    ids: fc.oneof(fc.array(bulkId, { maxLength: 6 }), fc.array(knownId, { minLength: 500, maxLength: 501 })),
    change: fc.oneof(
      fc.record({ kind: fc.constant('owner'), ownerId: fc.oneof(fc.constantFrom('local-owner', 'u-someone-else'), fc.string({ maxLength: 70 })) }),
      // Tasks only: any other list refuses an assignee.
      fc.record({ kind: fc.constant('assignee'), assigneeId: fc.oneof(fc.constantFrom('local-owner', 'u-someone-else'), fc.string({ maxLength: 70 })) }),
      fc.record({
        kind: fc.constantFrom('addTags', 'removeTags', 'renameTags'),
        tags: fc.oneof(fc.array(fc.string({ maxLength: 60 }), { maxLength: 12 }), fc.array(fc.constantFrom('vip', 'VIP', 'north,south', ' '), { maxLength: 4 })),
      }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  }),
  fc.record({
    items: fc.array(
      fc.record(
        {
          id: bulkId,
          ownerId: fc.oneof(fc.constant('local-owner'), fc.string({ maxLength: 70 })),
          tags: fc.array(fc.string({ maxLength: 60 }), { maxLength: 52 }),
          assigneeId: fc.oneof(fc.constant('local-owner'), fc.string({ maxLength: 70 })),
        },
        { requiredKeys: ['id'] },
      ),
      { maxLength: 6 },
    ),
  }),
);

function expectTyped(result: Result<unknown>): void {
  if (!result.ok) {
    expect(errorCodes).toContain(result.error.code);
    expect(result.error.message).not.toMatch(/SQLITE|sqlite3|at .*\.ts:\d+|Error: /);
    expect(Object.keys(result.error).sort()).toEqual(
      ['code', 'message', ...(result.error.reason === undefined ? [] : ['reason']), ...(result.error.retryAfterMs === undefined ? [] : ['retryAfterMs'])],
    );
    // A reason is a code and safe parameters (a schema failure's path is field names and indexes only).
    if (result.error.reason !== undefined) {
      expect(Reason.parse(result.error.reason)).toEqual(result.error.reason);
      expect(JSON.stringify(result.error.reason)).not.toMatch(/CANARY|王小明/);
    }
  }
}

describe('IPC fuzzing against the real vault', () => {
  let temp: TempCore;
  let createdIds: Set<string>;

  beforeAll(async () => {
    temp = await createTempCore(lenientPolicy);
    createdIds = new Set();
  });
  afterAll(async () => {
    await temp.dispose();
  });

  it('answers every call with a typed error while there is no vault, and data channels say LOCKED', async () => {
    await fc.assert(
      fc.asyncProperty(channelArbitrary, inputArbitrary, async (channel, input) => {
        const result = await temp.core.registry.dispatch(testSender, channel, input);
        expectTyped(result);
        if (typeof channel === 'string' && (dataChannels as readonly string[]).includes(channel)) {
          expect(result).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
        }
        // A random 10+ character password may create a vault: destroy it again
        // through the channel, which also exercises destroy with fuzzed passwords.
        if (result.ok && channel === 'vault.create') {
          const created = input as { password: string };
          const destroyed = await temp.core.registry.dispatch(testSender, 'vault.destroy', { password: created.password });
          expect(destroyed).toMatchObject({ ok: true, value: { state: 'none' } });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses untrusted senders before looking at the channel', async () => {
    await fc.assert(
      fc.asyncProperty(channelArbitrary, inputArbitrary, async (channel, input) => {
        const result = await temp.core.registry.dispatch({ transport: 'headless', origin: 'https://evil.example' }, channel, input);
        expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the vault consistent under arbitrary calls once unlocked', async () => {
    const status = await temp.core.vault.status();
    if (status.state === 'none') {
      expect(await temp.core.registry.dispatch(testSender, 'vault.create', { password })).toMatchObject({ ok: true });
    } else {
      await temp.core.vault.unlock(password);
    }
    // The canary's title holds " · ": search answers it as one subtitle value (SearchHit), not split in two.
    const seeded = await temp.core.registry.dispatch(testSender, 'contacts.create', { name: canary, title: 'Head · EMEA', emails: ['canary@example.com'] });
    expect(seeded.ok).toBe(true);
    if (seeded.ok) createdIds.add((seeded.value as { id: string }).id);
    knownIds.push(...createdIds);

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...dataChannels.filter((c) => c !== 'vault.destroy')), channelArbitrary),
        inputArbitrary,
        async (channel, input) => {
          if (channel === 'vault.destroy') return; // destroy is proven by the vault tests
          const result = await temp.core.registry.dispatch(testSender, channel, input);
          expectTyped(result);
          if (result.ok && channel === 'contacts.create') createdIds.add((result.value as { id: string }).id);
          if (result.ok && typeof channel === 'string' && channel.endsWith('.create')) knownIds.push((result.value as { id: string }).id);
          if (result.ok && channel === 'views.save') viewIds.push((result.value as { id: string }).id);
          if (!result.ok && channel === 'views.setDefault') expect(result.error.code).toMatch(/^(BAD_INPUT|NOT_FOUND)$/);
          // A bulk delete of contacts trashes them (the list below shows live ones); a bulk restore brings them back.
          if (result.ok && channel === 'contacts.deleteMany') for (const id of (result.value as { ids: string[] }).ids) createdIds.delete(id);
          if (result.ok && channel === 'contacts.restoreMany') for (const id of (result.value as { ids: string[] }).ids) createdIds.add(id);
          if (!result.ok && typeof channel === 'string' && channel.endsWith('Many')) expect(result.error.code).toMatch(/^(BAD_INPUT|NOT_FOUND)$/);
          // A search answers its hits as the contract has them (subtitles as lists of values) or refuses a malformed query.
          if (channel === 'search.query') expect(result.ok ? 'answered' : result.error.code).toMatch(/^(answered|BAD_INPUT)$/);
          if (result.ok && channel === 'search.query') {
            const hit = SearchResult.parse(result.value).hits.find((found) => found.title === canary);
            if (hit !== undefined) expect(hit.subtitle).toEqual(['Head · EMEA']);
          }
          // A name is read or null, never refused for a record that is not there: only a malformed call is.
          if (!result.ok && channel === 'records.names') expect(result.error.code).toBe('BAD_INPUT');
          // A reveal is logged or refused as malformed or not there, never failing otherwise.
          if (!result.ok && channel === 'records.reveal') expect(result.error.code).toMatch(/^(BAD_INPUT|NOT_FOUND)$/);
          // "Forgot password?" erases a locked vault only: an open one is never erased without its password.
          if (channel === 'vault.eraseForgotten') expect(result.ok ? 'erased' : result.error.code).toMatch(/^(BAD_INPUT|NOT_PERMITTED)$/);
          if (!temp.core.vault.isUnlocked()) await temp.core.vault.unlock(password);
        },
      ),
      { numRuns: 400 },
    );

    const listed = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const page = await temp.core.registry.dispatch(testSender, 'contacts.list', { limit: 200, ...(after ? { after } : {}) });
      if (!page.ok) throw new Error(page.error.code);
      const value = page.value as { items: { id: string }[]; next: string | null };
      for (const item of value.items) listed.add(item.id);
      if (value.next === null) break;
      after = value.next;
    }
    expect([...listed].sort()).toEqual([...createdIds].sort());

    // However views were saved, made default, cleared and deleted, each list has at most one default view.
    const views = await temp.core.registry.dispatch(testSender, 'views.list', {});
    if (!views.ok) throw new Error(views.error.code);
    const defaults = (views.value as { items: { entity: string; isDefault: boolean }[] }).items.filter((view) => view.isDefault).map((view) => view.entity);
    expect(defaults).toEqual([...new Set(defaults)]);
  });

  it('answers search hits through the contract with each subtitle value whole, one holding " · " too', async () => {
    if (!temp.core.vault.isUnlocked()) await temp.core.vault.unlock(password);
    const account = await temp.core.registry.dispatch(testSender, 'accounts.create', { name: 'Nordlicht · Berlin GmbH' });
    if (!account.ok) throw new Error(account.error.code);
    const accountId = (account.value as { id: string }).id;
    const contact = await temp.core.registry.dispatch(testSender, 'contacts.create', { name: 'Quillon Dotson', title: 'Head · EMEA', accountId });
    if (!contact.ok) throw new Error(contact.error.code);
    const result = await temp.core.registry.dispatch(testSender, 'search.query', { text: 'quillon', entities: ['contacts'] });
    if (!result.ok) throw new Error(result.error.code);
    expect(SearchResult.parse(result.value).hits.map((hit) => hit.subtitle)).toEqual([['Head · EMEA', 'Nordlicht · Berlin GmbH']]);
  });

  it('rejects huge strings with BAD_INPUT and writes nothing', async () => {
    if (!temp.core.vault.isUnlocked()) await temp.core.vault.unlock(password);
    const before = await temp.core.registry.dispatch(testSender, 'contacts.list', { limit: 200 });
    expect(before.ok).toBe(true);
    const huge = 'x'.repeat(5 * 1024 * 1024);
    for (const draft of [{ name: huge }, { name: 'ok', notes: huge }, { name: 'ok', emails: [huge] }, { name: 'ok', phones: [huge] }]) {
      const result = await temp.core.registry.dispatch(testSender, 'contacts.create', draft);
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      if (!result.ok) expect(result.error.message.length).toBeLessThan(500);
    }
    const unlockResult = await temp.core.registry.dispatch(testSender, 'vault.unlock', { password: huge });
    expect(unlockResult).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const after = await temp.core.registry.dispatch(testSender, 'contacts.list', { limit: 200 });
    expect(after).toEqual(before);
  });

  it('never quotes the input in an error message, not even an unknown field name', async () => {
    if (!temp.core.vault.isUnlocked()) await temp.core.vault.unlock(password);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...dataChannels.filter((c) => c !== 'vault.destroy' && c !== 'vault.lock')),
        fc.oneof(
          fc.record({ key: fc.constantFrom(canary, `${canary} <a@b.example>`, '王小明 Ada') }).map(({ key }) => ({ name: 'Ada', [key]: 1 })),
          fc.constant({ name: 'Ada', filter: { [canary]: canary }, sort: { field: canary, direction: canary } }),
          fc.constant({ id: canary, patch: { [canary]: canary } }),
        ),
        async (channel, input) => {
          const result = await temp.core.registry.dispatch(testSender, channel, input);
          expectTyped(result);
          if (!result.ok) {
            expect(result.error.message).not.toContain('CANARY');
            expect(result.error.message).not.toContain('王小明');
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never writes the canary or the password into a log line', () => {
    const logs = temp.logLines.join('\n');
    expect(temp.logLines.length).toBeGreaterThan(0);
    expect(logs).not.toContain(canary);
    expect(logs).not.toContain(password);
  });
});
