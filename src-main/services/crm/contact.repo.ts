// Contact rows in the vault: create, get, and keyset-paged listing by
// (name, id). Rows are parsed on the way out, so a damaged or foreign row
// surfaces as an error instead of a mistyped Contact.
import { z } from 'zod';
import { Contact, type ContactDraft, type ContactPage, type ContactQuery } from '../../../src-shared/domain/contact';
import type { ContactId } from '../../../src-shared/domain/ids';
import { VaultCorruptError } from '../../../src-shared/ipc/errors';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { uuid7 } from '../../vault/uuid7';

const ContactRow = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string(),
    notes: z.string(),
    created_at: z.number().int(),
    updated_at: z.number().int(),
  })
  .transform((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }))
  .pipe(Contact);

const COLUMNS = 'id, name, email, phone, notes, created_at, updated_at';

function toContact(row: unknown): Contact {
  const parsed = ContactRow.safeParse(row);
  // Names no value: the row may hold customer data.
  if (!parsed.success) throw new VaultCorruptError('a contact row does not match the schema');
  return parsed.data;
}

export async function createContact(tx: WriteTx, draft: ContactDraft, now: number): Promise<Contact> {
  const contact = Contact.parse({ id: uuid7(now), ...draft, createdAt: now, updatedAt: now });
  await tx.run(
    `INSERT INTO contacts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [contact.id, contact.name, contact.email, contact.phone, contact.notes, contact.createdAt, contact.updatedAt],
  );
  return contact;
}

export async function getContact(tx: ReadTx, id: ContactId): Promise<Contact | null> {
  const row = await tx.get<unknown>(`SELECT ${COLUMNS} FROM contacts WHERE id = ?`, [id]);
  return row === undefined ? null : toContact(row);
}

/** One page in (name, id) order; `next` is the cursor for the following page, null on the last. */
export async function listContacts(tx: ReadTx, query: ContactQuery): Promise<ContactPage> {
  // One extra row tells whether another page follows without a count query.
  const limit = query.limit + 1;
  const rows =
    query.after === undefined
      ? await tx.all<unknown>(`SELECT ${COLUMNS} FROM contacts ORDER BY name, id LIMIT ?`, [limit])
      : await tx.all<unknown>(
          `SELECT ${COLUMNS} FROM contacts WHERE (name, id) > (?, ?) ORDER BY name, id LIMIT ?`,
          [query.after.name, query.after.id, limit],
        );
  const contacts = rows.map(toContact);
  const items = contacts.slice(0, query.limit);
  const last = items.at(-1);
  const next = contacts.length > query.limit && last !== undefined ? { name: last.name, id: last.id } : null;
  return { items, next };
}
