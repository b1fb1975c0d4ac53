// Duplicate detection for imports, against the vault and within the file.
// Keys: email (NFC, case-folded), phone (the national number, at least 6 digits,
// any script's or width's, plus any extension: see phoneKey), name (accents, case and spacing folded). A contact is a duplicate
// when an email or phone matches, or — only when the row has neither email
// nor phone — when the name matches (two "John Smith"s with different emails
// are different people). An account is a duplicate when its name matches.
//
// The vault side is held as a sorted Float64Array of 52-bit key hashes, so a
// million contacts (three million keys) cost 24 MB instead of a Set of
// strings several times that size; a false match needs a 52-bit collision.
import { z } from 'zod';
import { countryCodeLength } from '../../../src-shared/domain/calling-codes';
import { foldDigitsAndVariants } from '../../../src-shared/search/script-folds';
import { foldText } from '../../../src-shared/search/search-text';
import type { ImportEntity } from '../../../src-shared/transfer/import';
import type { Connection } from '../../vault/connection';
import type { ImportDraft } from './import-rows';

export type DuplicateKind = 'email' | 'phone' | 'name';

export interface DuplicateKey {
  readonly kind: DuplicateKind;
  readonly key: string;
}

/**
 * One address however it was typed: NFC first (a macOS paste or a vCard may hold "ü" as u and a combining
 * diaeresis), then lowercased whole, as the server's blind index folds it (normaliseForIndex in
 * src-server/crypto/blind-index.ts). The local part is folded too, though RFC 5321 lets a server tell its
 * cases apart: no mail provider does, and two rows "Ada@…" and "ada@…" are one person far more often.
 */
export function emailKey(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/**
 * `values` added to `existing`, leaving out any whose key (folded email,
 * national number) the list has, or an earlier value has: an update's merge,
 * and a new record's emails and phones (two columns or one cell may repeat
 * one).
 */
export function added(existing: readonly string[], values: readonly string[], key: (value: string) => string | null): string[] {
  const seen = new Set(existing.map((value) => key(value) ?? value));
  const result = [...existing];
  for (const value of values) {
    const folded = key(value) ?? value;
    if (seen.has(folded)) continue;
    seen.add(folded);
    result.push(value);
  }
  return result;
}

/** Printable ASCII: NFKD leaves it as it is and it has no combining marks, so folding is lowercasing. */
const printableAscii = /^[\x20-\x7e]*$/;

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
  // Full-width forms (０９０－１２３４, ＋８１, ｘ１２) as ASCII, and any other script's decimal digits (۰۹۱۲) as
  // ASCII digits, as search folds them: \D dropped them all, and a number typed on a Japanese or Persian
  // keyboard had no key (its duplicates were imported). Keys are computed when compared, never stored.
  const ascii = printableAscii.test(phone) ? phone : foldDigitsAndVariants(phone.normalize('NFKC'));
  const ext = extension.exec(ascii);
  const written = (ext === null ? ascii : ascii.slice(0, ext.index)).replace(/\(0\)/g, '').trim();
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

/** The vault's keys as an import checks rows against them. */
export interface VaultKeys {
  readonly size: number;
  has(hash: number): boolean;
  /**
   * The rowids of the records holding the key, each once, at most `upTo` of them (a common name may be
   * held by thousands); empty when none does (or when the keys were read without their records).
   */
  recordsOf(hash: number, upTo: number): number[];
}

/** The first index of a sorted array whose value is not below `value` (the length when every one is). */
function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? Number.NaN) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A sorted, immutable set of key hashes (without their records). */
export class KeyHashSet implements VaultKeys {
  private constructor(private readonly sorted: Float64Array) {}

  static from(hashes: Float64Array): KeyHashSet {
    return new KeyHashSet(hashes.sort());
  }

  get size(): number {
    return this.sorted.length;
  }

  has(hash: number): boolean {
    return this.sorted[lowerBound(this.sorted, hash)] === hash;
  }

  recordsOf(): number[] {
    return [];
  }
}

/**
 * The vault's key hashes with the record (rowid) holding each, for an import
 * that updates the records its rows match. The hashes and rowids stay in
 * scan order; what is sorted (natively, as KeyHashSet's hashes are) is one
 * number per key: its hash's top bits above its position in scan order. A
 * lookup finds the run of its hash's top bits and checks each position's
 * full hash. (Sorting the pairs with a comparator held the event loop 1.8 s
 * for three million keys, against about 0.4 s for a native sort.) 72 MB per
 * million contacts, against KeyHashSet's 24.
 */
export class KeyRecordIndex implements VaultKeys {
  readonly #scale: number;

  private constructor(
    private readonly sorted: Float64Array,
    private readonly hashes: Float64Array,
    private readonly records: Float64Array,
  ) {
    this.#scale = KeyRecordIndex.scaleFor(hashes.length);
  }

  /** 2 to the number of bits a position in scan order needs. */
  private static scaleFor(count: number): number {
    return 2 ** Math.max(1, Math.ceil(Math.log2(count + 1)));
  }

  /** `records[i]` is the rowid of the record holding the key `hashes[i]` (52-bit hashes: hashKey). */
  static from(hashes: Float64Array, records: Float64Array): KeyRecordIndex {
    const scale = KeyRecordIndex.scaleFor(hashes.length);
    const sorted = new Float64Array(hashes.length);
    for (let index = 0; index < hashes.length; index += 1) sorted[index] = Math.floor((hashes[index] ?? 0) / scale) * scale + index;
    return new KeyRecordIndex(sorted.sort(), hashes, records);
  }

  get size(): number {
    return this.hashes.length;
  }

  has(hash: number): boolean {
    return this.recordsOf(hash, 1).length > 0;
  }

  recordsOf(hash: number, upTo: number): number[] {
    const start = Math.floor(hash / this.#scale) * this.#scale;
    const found = new Set<number>();
    for (let at = lowerBound(this.sorted, start); at < this.sorted.length && found.size < upTo; at += 1) {
      const index = (this.sorted[at] ?? Number.POSITIVE_INFINITY) - start;
      if (index >= this.#scale) break;
      if (this.hashes[index] === hash) found.add(this.records[index] ?? 0);
    }
    return [...found];
  }
}

const Strings = z.string().transform((text): unknown => JSON.parse(text)).pipe(z.array(z.string()));
const VaultRow = z.object({ rn: z.number().int(), name: z.string(), emails: Strings.optional(), phones: Strings.optional() });
const scanPage = 5000;

/**
 * The keys of every live record of the entity in the vault, read page by page
 * (each page its own short read transaction, so the UI stays responsive);
 * `withRecords` keeps each key's record too (KeyRecordIndex).
 */
export async function vaultKeyHashes(connection: Connection, entity: ImportEntity, withRecords = false): Promise<VaultKeys> {
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
  return records === null ? KeyHashSet.from(hashes.slice(0, count)) : KeyRecordIndex.from(hashes.slice(0, count), records.slice(0, count));
}

function grown(array: Float64Array): Float64Array {
  const larger = new Float64Array(array.length * 2);
  larger.set(array);
  return larger;
}
