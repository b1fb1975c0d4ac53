import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactDraft, ContactQuery, type Contact } from '../../../src-shared/domain/contact';
import { ContactId } from '../../../src-shared/domain/ids';
import { TempVaultFolder } from '../../testing/temp-vault';
import type { Vault } from '../../vault/vault';
import { createContact, getContact, listContacts } from './contact.repo';

describe('contact.repo (real vault)', () => {
  let folder: TempVaultFolder;
  let vault: Vault;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create('correct horse battery');
  });

  afterEach(async () => {
    await folder.dispose();
  });

  it('creates a contact with a UUIDv7 id and reads it back', async () => {
    const draft = ContactDraft.parse({ name: '  Ada Lovelace ', email: 'ada@example.org', notes: 'met at the fair' });
    const created = await vault.connection().write((tx) => createContact(tx, draft, 1_750_000_000_000));
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created).toEqual({
      id: created.id,
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      phone: '',
      notes: 'met at the fair',
      createdAt: 1_750_000_000_000,
      updatedAt: 1_750_000_000_000,
    });
    expect(await vault.connection().read((tx) => getContact(tx, created.id))).toEqual(created);
  });

  it('returns null for an unknown id', async () => {
    const unknown = ContactId.parse('01890a5d-ac96-774b-bcce-b302099a8057');
    expect(await vault.connection().read((tx) => getContact(tx, unknown))).toBeNull();
  });

  it('pages by (name, id) without gaps or repeats, case-insensitively, with equal names', async () => {
    const names = ['bob', 'Alice', 'carol', 'alice', 'Bob', 'dave', 'Eve', 'alice', 'frank', 'Grace', 'heidi'];
    const created: Contact[] = await vault.connection().write(async (tx) => {
      const out: Contact[] = [];
      for (const [index, name] of names.entries()) out.push(await createContact(tx, ContactDraft.parse({ name }), 1_000 + index));
      return out;
    });

    const seen: Contact[] = [];
    let query = ContactQuery.parse({ limit: 3 });
    let pages = 0;
    for (;;) {
      const page = await vault.connection().read((tx) => listContacts(tx, query));
      pages += 1;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      if (page.next === null) break;
      query = ContactQuery.parse({ limit: 3, after: page.next });
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(created.length);
    expect(new Set(seen.map((contact) => contact.id)).size).toBe(created.length);
    const expectedOrder = [...created].sort((a, b) => {
      const byName = a.name.toLowerCase().localeCompare(b.name.toLowerCase());
      return byName !== 0 ? byName : a.id < b.id ? -1 : 1;
    });
    expect(seen.map((contact) => contact.id)).toEqual(expectedOrder.map((contact) => contact.id));
  });

  it('reports no next cursor when the last page is exactly full', async () => {
    await vault.connection().write(async (tx) => {
      for (const name of ['a', 'b']) await createContact(tx, ContactDraft.parse({ name }), 1);
    });
    const page = await vault.connection().read((tx) => listContacts(tx, ContactQuery.parse({ limit: 2 })));
    expect(page.items).toHaveLength(2);
    expect(page.next).toBeNull();
  });

  it('walks the (name, id) index for a keyset page', async () => {
    const plan = await vault
      .connection()
      .read((tx) =>
        tx.all<{ detail: string }>(
          'EXPLAIN QUERY PLAN SELECT id FROM contacts WHERE (name, id) > (?, ?) ORDER BY name, id LIMIT 5',
          ['m', '00000000-0000-7000-8000-000000000000'],
        ),
      );
    expect(plan.map((step) => step.detail).join(' ')).toMatch(/USING (COVERING )?INDEX contacts_name_id/);
  });
});
