// The sync engine's record hooks bound to the real services: an erasure
// applied from a pull leaves none of the record's tokens in the vault file,
// not even in the search index's page keys, also of values edited away
// before; an eviction rewrites the index when a page key needs it or the
// record's entry was replaced on this device (an earlier value may be a page
// key; sync-record-hooks.evict.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexColumns } from '../../src-shared/search/search-text';
import { encodeHlc } from '../../src-shared/sync/hlc';
import type { ServerChange } from '../../src-shared/sync/protocol';
import { vaultPagesContain } from '../services/search/raw-vault-scan';
import { applyChanges, type ApplyContext } from '../sync/apply-changes';
import { applyContextOf, contactFields, createSyncTestVault, type SyncTestVault } from '../sync/testing/sync-vault';
import { syncRecordHooks } from './sync-record-hooks';

const server = 'serverdevice00000000001';
const stamp = encodeHlc({ millis: 1_700_000_000_000, counter: 0, deviceId: server });

// 3,000 contacts whose phones share long digit prefixes, so FTS5 keys many leaf pages by a whole number.
const people = Array.from({ length: 3_000 }, (_, index) => ({
  id: `0190a5d0-ac96-774b-bcce-${String(index).padStart(12, '0')}`,
  digits: `447700${String(100_000 + index * 7)}`,
}));

describe('sync record hooks (real vault, real search index)', () => {
  let vault: SyncTestVault;
  let context: ApplyContext;

  beforeEach(async () => {
    vault = await createSyncTestVault();
    context = await applyContextOf(vault, syncRecordHooks);
    const created: ServerChange[] = people.map((person, index) => ({
      commitSeq: index + 1,
      entity: 'contacts',
      recordId: person.id,
      kind: 'upsert',
      fields: contactFields(stamp, { name: `Person ${index}`, emails: [], phones: [`+${person.digits}`], tags: [] }),
    }));
    await vault.connection.write((tx) => applyChanges(tx, context, created));
    await vault.connection.write((tx) => syncRecordHooks.afterBulkApply(tx, created.length));
  });

  afterEach(async () => {
    await vault.dispose();
  });

  async function pageKeys(): Promise<string[]> {
    const rows = await vault.connection.read((tx) => tx.all<{ term: Buffer }>('SELECT term FROM search_fts_idx'));
    return rows.map((row) => row.term.toString('utf8').slice(1));
  }

  it('an erasure leaves no page key holding the erased phone number', async () => {
    const keys = await pageKeys();
    const victim = people.find((person) => keys.includes(person.digits));
    const other = people.find((person) => !keys.includes(person.digits));
    if (victim === undefined || other === undefined) throw new Error('the index has no page keyed by a phone number');

    const outcome = await vault.connection.write((tx) =>
      applyChanges(tx, context, [{ commitSeq: people.length + 1, entity: 'contacts', recordId: victim.id, kind: 'purge', fields: {} }]),
    );
    await vault.connection.checkpoint();

    expect(outcome.purged).toEqual([{ entity: 'contacts', recordId: victim.id }]);
    expect(await pageKeys()).not.toContain(victim.digits);
    expect(await vaultPagesContain(vault.file, vault.key, victim.digits)).toBe(false);
    // Positive control: the scan does find a number that stays.
    expect(await vaultPagesContain(vault.file, vault.key, other.digits)).toBe(true);
  });

  it('an erasure takes out of the file a page key holding a number the record held before an edit', async () => {
    const keys = await pageKeys();
    const victim = people.find((person) => keys.includes(person.digits));
    if (victim === undefined) throw new Error('the index has no page keyed by a phone number');
    // The number is edited away: its entry's tokens go, its page key stays (documented: until the index is next merged).
    const edited = encodeHlc({ millis: 1_700_000_000_500, counter: 0, deviceId: server });
    await vault.connection.write((tx) =>
      applyChanges(tx, context, [{ commitSeq: people.length + 1, entity: 'contacts', recordId: victim.id, kind: 'upsert', fields: { phones: { value: ['+15550100'], hlc: edited } } }]),
    );
    expect(await pageKeys()).toContain(victim.digits);

    await vault.connection.write((tx) =>
      applyChanges(tx, context, [{ commitSeq: people.length + 2, entity: 'contacts', recordId: victim.id, kind: 'purge', fields: {} }]),
    );
    await vault.connection.checkpoint();
    // Before, the erasure checked only the texts the record held when it went, and the old number stayed readable.
    expect(await pageKeys()).not.toContain(victim.digits);
    expect(await vaultPagesContain(vault.file, vault.key, victim.digits)).toBe(false);
  });

  it('an eviction takes out of the file a page key holding a number the record held before an edit', async () => {
    const keys = await pageKeys();
    const victim = people.find((person) => keys.includes(person.digits));
    if (victim === undefined) throw new Error('the index has no page keyed by a phone number');
    const edited = encodeHlc({ millis: 1_700_000_000_500, counter: 0, deviceId: server });
    await vault.connection.write((tx) =>
      applyChanges(tx, context, [{ commitSeq: people.length + 1, entity: 'contacts', recordId: victim.id, kind: 'upsert', fields: { phones: { value: ['+15550100'], hlc: edited } } }]),
    );
    expect(await pageKeys()).toContain(victim.digits);

    // An eviction is a local purge: the record's earlier values leave the file too.
    const outcome = await vault.connection.write((tx) =>
      applyChanges(tx, context, [{ commitSeq: people.length + 2, entity: 'contacts', recordId: victim.id, kind: 'evict', fields: {} }]),
    );
    await vault.connection.checkpoint();
    expect(outcome.removed).toBe(1);
    expect(await pageKeys()).not.toContain(victim.digits);
    expect(await vaultPagesContain(vault.file, vault.key, victim.digits)).toBe(false);
  });

  it('erases a record whose row no longer decodes, by its index entry’s text', async () => {
    const keys = await pageKeys();
    const victim = people.find((person) => keys.includes(person.digits));
    if (victim === undefined) throw new Error('the index has no page keyed by a phone number');
    // A row the table's checks let through but the record schema refuses (an email that is a number).
    await vault.connection.write((tx) => tx.run('UPDATE contacts SET emails = ? WHERE id = ?', ['[1]', victim.id]));

    await vault.connection.write((tx) =>
      applyChanges(tx, context, [{ commitSeq: people.length + 1, entity: 'contacts', recordId: victim.id, kind: 'purge', fields: {} }]),
    );
    await vault.connection.checkpoint();
    expect(await vault.connection.read((tx) => tx.get('SELECT id FROM contacts WHERE id = ?', [victim.id]))).toBeUndefined();
    expect(await pageKeys()).not.toContain(victim.digits);
    expect(await vaultPagesContain(vault.file, vault.key, victim.digits)).toBe(false);
  });

  it('an eviction of a contact with a Chinese name among many leaves the index as it was when its page keys start live words', async () => {
    // 1,000 contacts more, two of each name: every word of one is a word of its namesake.
    const family = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
    const given = '小明红华伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英兰玉萍春梅琳雪飞鹏宇浩然';
    const named = Array.from({ length: 1_000 }, (_, index) => {
      const half = Math.floor(index / 2);
      const name = `${family[half % family.length] ?? ''}${given[Math.floor(half / given.length) % given.length] ?? ''}${given[half % given.length] ?? ''}`;
      return { id: `0190a5d0-ac96-774b-bcce-1${String(index).padStart(11, '0')}`, name };
    });
    const created: ServerChange[] = named.map((person, index) => ({
      commitSeq: people.length + index + 1,
      entity: 'contacts',
      recordId: person.id,
      kind: 'upsert',
      fields: contactFields(stamp, { name: person.name, emails: [], phones: [], tags: [] }),
    }));
    await vault.connection.write((tx) => applyChanges(tx, context, created));
    await vault.connection.write((tx) => syncRecordHooks.afterBulkApply(tx, created.length));
    const keys = await vault.connection.read((tx) => tx.all<{ term: Buffer }>("SELECT term FROM search_fts_idx WHERE substr(term, 1, 1) = X'30'"));
    // A main-index key cut inside a character (FTS5 cuts keys to a byte prefix) starts one of its words.
    const victim = named.find((person) => {
      const words = indexColumns([person.name]).name.split(' ').map((word) => Buffer.from(word, 'utf8'));
      return keys.some(({ term }) => {
        const key = term.subarray(1);
        const cut = !Buffer.from(key.toString('utf8'), 'utf8').equals(key);
        return cut && words.some((word) => word.length >= key.length && word.subarray(0, key.length).equals(key));
      });
    });
    if (victim === undefined) throw new Error('no page key cut inside a character starts a name');
    const before = await vault.connection.read((tx) => tx.all('SELECT segid, term, pgno FROM search_fts_idx ORDER BY segid, term'));

    // An eviction checks the page keys (an erasure rewrites the index whatever they hold).
    const outcome = await vault.connection.write((tx) =>
      applyChanges(tx, context, [{ commitSeq: people.length + named.length + 1, entity: 'contacts', recordId: victim.id, kind: 'evict', fields: {} }]),
    );
    expect(outcome.removed).toBe(1);
    // Not one page key changed: the index was not rewritten.
    expect(await vault.connection.read((tx) => tx.all('SELECT segid, term, pgno FROM search_fts_idx ORDER BY segid, term'))).toEqual(before);
    const found = await vault.connection.read((tx) =>
      tx.all<{ record_id: string }>('SELECT d.record_id FROM search_fts f JOIN search_docs d ON d.doc_id = f.rowid WHERE search_fts MATCH ?', [`name : "${victim.name.slice(1)}"`]),
    );
    const namesake = named.find((person) => person !== victim && person.name === victim.name);
    expect(found.map((row) => row.record_id)).toContain(namesake?.id);
    expect(found.map((row) => row.record_id)).not.toContain(victim.id);
  });
});
