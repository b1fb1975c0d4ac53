// Synthetic contacts for the vault benchmarks, generated from a seeded PRNG so
// every run (and every side of a comparison) holds the same data, and the
// service-level ways to write them (createContact; the bulk path is in
// bulk-contacts.ts), so the file has what a real vault has: rows, field
// versions, tags and search index entries. All of it is invented: names from
// short lists, e-mail domains reserved for examples (RFC 2606), phone numbers
// from the fictional 555-01xx range. No customer data from anywhere.
import { ContactDraft } from '../../src-shared/domain/contact';
import type { ContactId } from '../../src-shared/domain/ids';
import { createContact } from '../../src-main/services/crm/contact.service';
import { removeAcknowledged } from '../../src-main/sync/outbox';
import type { Connection } from '../../src-main/vault/connection';
import { pick, seededRandom } from '../../src-shared/seeded-random';

/** One contact to create, with the clock reading it is created at. */
export interface FixtureContact {
  readonly draft: ContactDraft;
  readonly createdAt: number;
}

export { pick, seededRandom };

const FIRST = ['Ada', 'Amara', 'Aiko', 'Ben', 'Bruno', 'Carla', 'Chen', 'Dara', 'Diego', 'Elif', 'Emil', 'Fatima', 'Finn', 'Grace', 'Hana', 'Hugo', 'Ines', 'Ivan', 'Jana', 'Jonas', 'Kai', 'Kemi', 'Lars', 'Lena', 'Luis', 'Maya', 'Mateo', 'Nadia', 'Nils', 'Noor', 'Olga', 'Omar', 'Paula', 'Priya', 'Quinn', 'Rafael', 'Rosa', 'Sami', 'Sofia', 'Tariq', 'Tess', 'Uma', 'Viktor', 'Wen', 'Xavier', 'Yara', 'Yusuf', 'Zoe'];
const LAST = ['Abbott', 'Almeida', 'Becker', 'Bianchi', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Kumar', 'Lambert', 'Lindqvist', 'Martin', 'Moreau', 'Nakamura', 'Novak', 'Okafor', 'Olsen', 'Park', 'Petrov', 'Quispe', 'Rossi', 'Santos', 'Schmidt', 'Silva', 'Tanaka', 'Torres', 'Usman', 'Varga', 'Weber', 'Wong', 'Yilmaz', 'Zhang'];
const DOMAINS = ['example.com', 'example.org', 'example.net'];
const NOTE_PHRASES = [
  'Met at the regional trade fair.', 'Asked for a quote on the premium service plan.', 'Prefers calls after 3pm.',
  'Follow up next quarter about renewal.', 'Budget approval expected in spring.', 'Interested in the maintenance contract.',
  'Decision maker is the operations lead.', 'Requested product samples for the new site.', 'Had issues with delivery times last year.',
  'Compares us with two other suppliers.', 'Wants a demo for the whole team.', 'Open to a pilot in one branch first.',
  'Sent brochure and price list by mail.', 'Visit planned during the next field trip.', 'Mentioned expansion to a second warehouse.',
  'Payment terms of 60 days discussed.', 'Likes detailed written proposals.', 'Referred by an existing customer.',
];

/** Around 200 characters of plausible sales notes. */
export function makeNotes(random: () => number): string {
  let notes = '';
  while (notes.length < 180) notes += (notes === '' ? '' : ' ') + pick(random, NOTE_PHRASES);
  return notes.length <= 220 ? notes : notes.slice(0, notes.lastIndexOf(' ', 220));
}

const START_MS = Date.UTC(2023, 0, 1);
const SPACING_MS = 10 * 60_000;

/** The clock reading of the index-th contact ever made by the benchmark: increasing, so ids (UUIDv7) are too. */
export function clockAt(index: number): number {
  return START_MS + index * SPACING_MS;
}

/**
 * `count` contacts, the first made at clockAt(offset). A second batch (the
 * benchmark's inserts) takes a later offset so its clock keeps increasing.
 */
export function generateContacts(count: number, seed: number, offset = 0): FixtureContact[] {
  const random = seededRandom(seed);
  const contacts: FixtureContact[] = [];
  for (let index = 0; index < count; index += 1) {
    const first = pick(random, FIRST);
    const last = pick(random, LAST);
    const middle = random() < 0.5 ? ` ${String.fromCharCode(65 + Math.floor(random() * 26))}.` : '';
    const email = `${first}.${last}${Math.floor(random() * 1000)}@${pick(random, DOMAINS)}`.toLowerCase();
    const phone = `+1 ${200 + Math.floor(random() * 800)} 555 01${String(Math.floor(random() * 100)).padStart(2, '0')}`;
    // Parsed like an IPC input, so the defaults are the app's own.
    const draft = ContactDraft.parse({ name: `${first}${middle} ${last}`, emails: [email], phones: [phone], notes: makeNotes(random) });
    contacts.push({ draft, createdAt: clockAt(offset + index) });
  }
  return contacts;
}

/** Creates contacts through the contact service, `perTransaction` to a write transaction; returns their ids in order. */
export async function createContacts(connection: Connection, contacts: readonly FixtureContact[], perTransaction: number): Promise<ContactId[]> {
  const ids: ContactId[] = [];
  for (let start = 0; start < contacts.length; start += perTransaction) {
    const batch = contacts.slice(start, start + perTransaction);
    await connection.write(async (tx) => {
      for (const { draft, createdAt } of batch) ids.push((await createContact(tx, draft, createdAt)).id);
    });
  }
  return ids;
}

/**
 * A 100k vault on a rep's laptop got its contacts from sync, so nothing is
 * waiting to be pushed: clear the outbox the way an acknowledged push does.
 */
export async function acknowledgeAll(connection: Connection): Promise<number> {
  return connection.write((tx) => removeAcknowledged(tx, Number.MAX_SAFE_INTEGER));
}
