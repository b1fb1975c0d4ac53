// The records every sync benchmark moves, shared by the FieldVault side
// (bench/sync/fieldvault-*.ts) and the PouchDB side (bench/sync/pouchdb-*.ts)
// so both replicate exactly the same data: contacts as a rep's CRM holds them,
// each a UUIDv7 id and the contact's synced fields as plain JSON values (what
// FieldVault sends field by field and PouchDB stores as one document).
// Deterministic from a seed; all of it invented (bench/vault/contact-fixture.ts
// says how): names from short lists, RFC 2606 example domains, 555-01xx phones.
import type { JsonValue } from '../../src-shared/sync/protocol';
import { clockAt, makeNotes, pick, seededRandom } from '../vault/contact-fixture';

/** One contact: its id and every synced field (src-shared/domain/contact.ts) as a JSON value. */
export interface BenchRecord {
  readonly id: string;
  readonly fields: Readonly<Record<string, JsonValue>>;
}

export const RECORD_SEED = 20_261_129;

const FIRST = ['Ada', 'Amara', 'Aiko', 'Ben', 'Bruno', 'Carla', 'Chen', 'Dara', 'Diego', 'Elif', 'Emil', 'Fatima', 'Finn', 'Grace', 'Hana', 'Hugo', 'Ines', 'Ivan', 'Jana', 'Jonas', 'Kai', 'Kemi', 'Lars', 'Lena'];
const LAST = ['Abbott', 'Almeida', 'Becker', 'Bianchi', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Kumar', 'Lambert'];
const TITLES = ['', 'Buyer', 'Head of Purchasing', 'Operations Lead', 'Store Manager', 'Owner', 'Procurement Officer', 'Site Engineer'];
const CITIES = [
  ['Lyon', 'FR'],
  ['Porto', 'PT'],
  ['Leeds', 'GB'],
  ['Graz', 'AT'],
  ['Osaka', 'JP'],
  ['Austin', 'US'],
  ['Pune', 'IN'],
  ['Curitiba', 'BR'],
] as const;
const CHANNELS = ['any', 'email', 'phone', 'sms', 'meeting'] as const;
const TAGS = ['vip', 'prospect', 'renewal', 'trade-fair', 'referral', 'key-account'];

function contactFields(random: () => number, ownerId: string, createdAt: number): Record<string, JsonValue> {
  const first = pick(random, FIRST);
  const last = pick(random, LAST);
  const [city, country] = pick(random, CITIES);
  const email = `${first}.${last}${Math.floor(random() * 1000)}@example.${pick(random, ['com', 'org', 'net'])}`.toLowerCase();
  const phone = `+1 ${200 + Math.floor(random() * 800)} 555 01${String(Math.floor(random() * 100)).padStart(2, '0')}`;
  const tags = random() < 0.4 ? [pick(random, TAGS)] : [];
  return {
    name: `${first} ${last}`,
    title: pick(random, TITLES),
    accountId: null,
    emails: [email],
    phones: [phone],
    address: { street: `${1 + Math.floor(random() * 200)} Market Street`, city, region: '', postalCode: String(10_000 + Math.floor(random() * 89_999)), country },
    preferredChannel: pick(random, CHANNELS),
    tags,
    notes: makeNotes(random),
    ownerId,
    createdAt,
    createdBy: ownerId,
    updatedAt: createdAt,
    updatedBy: ownerId,
    deletedAt: null,
  };
}

/** A UUIDv7 (RFC 9562) from a clock reading and seeded bits, so every side and every run gets the same ids. */
function seededUuid7(ms: number, random: () => number): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(ms, 0, 6);
  for (let index = 6; index < 16; index += 1) bytes[index] = Math.floor(random() * 256);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `count` contacts owned by ownerId, identical for the same arguments. Ids are UUIDv7 in creation order. */
export function generateRecords(count: number, ownerId: string, seed = RECORD_SEED): BenchRecord[] {
  const random = seededRandom(seed);
  const records: BenchRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const createdAt = clockAt(index);
    records.push({ id: seededUuid7(createdAt, random), fields: contactFields(random, ownerId, createdAt) });
  }
  return records;
}

/**
 * The fields another device changes in one edit of a record (round-th edit):
 * a new title and phone, and the update stamp. Small, like a rep's edit.
 */
export function editedFields(record: BenchRecord, round: number, at: number): { title: string; phones: string[]; updatedAt: number; updatedBy: string } {
  const random = seededRandom(RECORD_SEED + round * 7919 + record.id.charCodeAt(record.id.length - 1));
  const owner = record.fields.ownerId;
  return {
    title: `${pick(random, TITLES.slice(1))} (${round})`,
    phones: [`+1 ${200 + Math.floor(random() * 800)} 555 01${String(round % 100).padStart(2, '0')}`],
    updatedAt: at,
    updatedBy: typeof owner === 'string' ? owner : '',
  };
}

/** A stride prime to the record count spreads a round's edits over the whole set, none twice. */
const STRIDE = 7919;

/**
 * The records edited in round `round`: distinct, spread, and different from round to round. Both sides of the
 * incremental comparison edit these (FieldVault's side used to edit the next 100 records in pull order: neighbouring
 * rows of every table and index, fewer pages to write than edits spread over the set).
 */
export function editedRecords(records: readonly BenchRecord[], round: number, changes: number): BenchRecord[] {
  if (changes > records.length || records.length % STRIDE === 0) throw new Error(`Cannot pick ${changes} distinct records of ${records.length}`);
  const picked: BenchRecord[] = [];
  for (let index = 0; index < changes; index += 1) {
    const record = records[((round * changes + index) * STRIDE) % records.length];
    if (record === undefined) throw new Error('Record index out of range');
    picked.push(record);
  }
  return picked;
}
