// Duplicate detection for imports, against the vault and within the file.
// Keys: email (case-folded), phone (the national number, at least 6 digits,
// plus any extension: see phoneKey), name (accents, case and spacing folded). A contact is a duplicate
// when an email or phone matches, or — only when the row has neither email
// nor phone — when the name matches (two "John Smith"s with different emails
// are different people). An account is a duplicate when its name matches.
//
// The vault side is held as a sorted Float64Array of 52-bit key hashes, so a
// million contacts (three million keys) cost 24 MB instead of a Set of
// strings several times that size; a false match needs a 52-bit collision.
import { z } from 'zod';
import { countryCodeLength } from '../../../src-shared/domain/calling-codes';
import { foldText } from '../../../src-shared/search/search-text';
import type { ImportEntity } from '../../../src-shared/transfer/import';
import type { Connection } from '../../vault/connection';
import type { ImportDraft } from './import-rows';

export type DuplicateKind = 'email' | 'phone' | 'name';

export interface DuplicateKey {
  readonly kind: DuplicateKind;
  readonly key: string;
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** An extension at the end of a number: "x123", "ext. 123", "extension 123", "#123". */
const extension = /(?:x|ext\.?|extension|#)\s*(\d+)\s*$/i;

/**
 * One number however it is written: the key is the national number, without
 * the country code and without the trunk 0, so "+44 20 7946 0000",
 * "+44 (0)20 7946 0000", "0044 20 7946 0000" and "020 7946 0000" share one
 * key, as do "+1 415 555 0100" and "(415) 555-0100". An extension stays part
 * of the key: two people behind one switchboard are two contacts. Two
 * countries' numbers with the same national digits share a key too (rare; the
 * row is then reported as a duplicate, with its reason, and can be imported
 * anyway). A North American number written with its national 1 and no +
 * ("1-415-555-0100") keeps the 1: it cannot be told from an 11-digit national
 * number that starts with 1, such as a Chinese mobile's.
 */
export function phoneKey(phone: string): string | null {
  const ext = extension.exec(phone);
  const written = (ext === null ? phone : phone.slice(0, ext.index)).replace(/\(0\)/g, '').trim();
  let digits = written.replace(/\D/g, '');
  const international = written.startsWith('+') || digits.startsWith('00');
  if (international) {
    digits = digits.replace(/^00/, '');
    digits = digits.slice(countryCodeLength(digits));
  }
  // The trunk 0 of a national number (also written after the country code by mistake, or kept there, as in Italy).
  digits = digits.replace(/^0/, '');
  if (digits.length < 6) return null;
  return digits + (ext?.[1] === undefined ? '' : `x${ext[1]}`);
}

/** Printable ASCII: NFKD leaves it as it is and it has no combining marks, so folding is lowercasing. */
const printableAscii = /^[\x20-\x7e]*$/;

export function nameKey(name: string): string {
  // The fast path gives what foldText gives; most names in most files take it (foldText walks code points).
  const folded = printableAscii.test(name) ? name.toLowerCase() : foldText(name);
  return folded.replace(/\s+/g, ' ').trim();
}

interface Keyed {
  readonly name: string;
  readonly emails?: readonly string[];
  readonly phones?: readonly string[];
}

/**
 * A record's keys. `existing` records (in the vault, or earlier rows of the
 * file) always offer their name; an incoming contact is looked up by name only
 * when it has no email and no phone.
 */
export function keysOfRecord(entity: ImportEntity, record: Keyed, side: 'existing' | 'incoming'): DuplicateKey[] {
  const name: DuplicateKey = { kind: 'name', key: nameKey(record.name) };
  if (entity === 'accounts') return [name];
  const keys: DuplicateKey[] = [];
  for (const email of record.emails ?? []) keys.push({ kind: 'email', key: emailKey(email) });
  for (const phone of record.phones ?? []) {
    const key = phoneKey(phone);
    if (key !== null) keys.push({ kind: 'phone', key });
  }
  if (side === 'existing' || keys.length === 0) keys.push(name);
  return keys;
}

export function keysOfDraft(draft: ImportDraft, side: 'existing' | 'incoming'): DuplicateKey[] {
  return keysOfRecord(draft.entity, draft.draft, side);
}

/**
 * Both sides of a draft's keys from one fold of its name (the importer needs
 * both for every row): the incoming keys are the existing ones less the name,
 * which keysOfRecord puts last, whenever an email or phone key is there.
 */
export function keysOfDraftBothSides(draft: ImportDraft): { readonly existing: DuplicateKey[]; readonly incoming: DuplicateKey[] } {
  const existing = keysOfRecord(draft.entity, draft.draft, 'existing');
  const incoming = draft.entity === 'contacts' && existing.length > 1 ? existing.slice(0, -1) : existing;
  return { existing, incoming };
}

/** Two independent 32-bit FNV-1a style hashes folded into 52 bits (exact in a double). */
export function hashKey({ kind, key }: DuplicateKey): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ kind.length;
  const text = `${kind}:${key}`;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}

/**
 * A sorted, immutable set of key hashes; built `withRecords`, it also knows
 * which record (its rowid) holds each key, for an import that updates the
 * records its rows match (a second Float64Array: 24 MB more for a million
 * contacts, paid only by such an import).
 */
export class KeyHashSet {
  private constructor(
    private readonly sorted: Float64Array,
    private readonly records: Float64Array | null,
  ) {}

  static from(hashes: Float64Array): KeyHashSet {
    return new KeyHashSet(hashes.sort(), null);
  }

  /** `records[i]` is the rowid of the record holding the key `hashes[i]`. */
  static withRecords(hashes: Float64Array, records: Float64Array): KeyHashSet {
    const order = new Uint32Array(hashes.length);
    for (let index = 0; index < order.length; index += 1) order[index] = index;
    order.sort((a, b) => (hashes[a] ?? 0) - (hashes[b] ?? 0));
    const sorted = new Float64Array(order.length);
    const sortedRecords = new Float64Array(order.length);
    order.forEach((from, to) => {
      sorted[to] = hashes[from] ?? 0;
      sortedRecords[to] = records[from] ?? 0;
    });
    return new KeyHashSet(sorted, sortedRecords);
  }

  get size(): number {
    return this.sorted.length;
  }

  has(hash: number): boolean {
    return this.sorted[this.#lowerBound(hash)] === hash;
  }

  /** The rowids of the records holding the key, each once; empty when none does, or when the set was built without records. */
  recordsOf(hash: number): number[] {
    const found: number[] = [];
    if (this.records === null) return found;
    for (let index = this.#lowerBound(hash); index < this.sorted.length && this.sorted[index] === hash; index += 1) {
      const record = this.records[index] ?? 0;
      if (!found.includes(record)) found.push(record);
    }
    return found;
  }

  /** The first index whose hash is not below `hash` (the length when every one is). */
  #lowerBound(hash: number): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.sorted[middle] ?? Number.NaN) < hash) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

const Strings = z.string().transform((text): unknown => JSON.parse(text)).pipe(z.array(z.string()));
const VaultRow = z.object({ rn: z.number().int(), name: z.string(), emails: Strings.optional(), phones: Strings.optional() });
const scanPage = 5000;

/**
 * The keys of every live record of the entity in the vault, read page by page
 * (each page its own short read transaction, so the UI stays responsive);
 * `withRecords` keeps each key's record too (KeyHashSet.recordsOf).
 */
export async function vaultKeyHashes(connection: Connection, entity: ImportEntity, withRecords = false): Promise<KeyHashSet> {
  const columns = entity === 'contacts' ? 'rowid AS rn, name, emails, phones' : 'rowid AS rn, name';
  let hashes: Float64Array = new Float64Array(1024);
  let records: Float64Array | null = withRecords ? new Float64Array(1024) : null;
  let count = 0;
  let after = 0;
  for (;;) {
    const rows = z
      .array(VaultRow)
      .parse(
        await connection.read((tx) =>
          tx.all(`SELECT ${columns} FROM ${entity} WHERE deleted_at IS NULL AND rowid > ? ORDER BY rowid LIMIT ${scanPage}`, [after]),
        ),
      );
    for (const row of rows) {
      for (const key of keysOfRecord(entity, row, 'existing')) {
        if (count === hashes.length) {
          hashes = grown(hashes);
          if (records !== null) records = grown(records);
        }
        hashes[count] = hashKey(key);
        if (records !== null) records[count] = row.rn;
        count += 1;
      }
      after = row.rn;
    }
    if (rows.length < scanPage) break;
  }
  return records === null ? KeyHashSet.from(hashes.slice(0, count)) : KeyHashSet.withRecords(hashes.slice(0, count), records.slice(0, count));
}

function grown(array: Float64Array): Float64Array {
  const larger = new Float64Array(array.length * 2);
  larger.set(array);
  return larger;
}
