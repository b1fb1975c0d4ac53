// Deterministic randomness for the demo data (demo-seed-data.ts): per-record
// ids and random streams fixed by (seed, entity, index), weighted locale
// choice, and the ASCII forms of names for e-mail addresses and domains.
import { createHash } from 'node:crypto';
import { seededRandom } from '../../src-shared/seeded-random';
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import type { Locale, Word } from './demo-seed-locales';
import { demoLocales } from './demo-seed-locales-world';

export { pick } from '../../src-shared/seeded-random';

const dayMs = 86_400_000;
const entityOrder: readonly SyncedEntity[] = ['accounts', 'contacts', 'deals', 'tasks', 'activities'];

export interface Draw {
  readonly id: string;
  readonly random: () => number;
}

/** A record's id (UUIDv7 layout) and random stream, both fixed by (seed, entity, index). */
export function draw(seed: number, entity: SyncedEntity, index: number): Draw {
  const digest = createHash('sha256').update(`fieldvault-demo/${seed}/${entity}/${index}`).digest();
  const bytes = Buffer.alloc(16);
  // The id's clock part only orders ids; it is not the record's creation time.
  bytes.writeUIntBE(Date.UTC(2024, 0, 1) + entityOrder.indexOf(entity) * dayMs + index, 0, 6);
  digest.copy(bytes, 6, 0, 10);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, random: seededRandom(digest.readUInt32BE(12)) };
}

export const between = (random: () => number, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
export const textOf = (word: Word): string => (typeof word === 'string' ? word : word[0]);
/** Lower-case ASCII for e-mail addresses and domains: accents stripped, anything else dropped. */
export const asciiOf = (word: Word): string =>
  (typeof word === 'string' ? word : word[1])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
export const digits = (random: () => number, format: string): string => format.replace(/#/g, () => String(Math.floor(random() * 10)));

const totalWeight = demoLocales.reduce((sum, locale) => sum + locale.weight, 0);
export function pickLocale(random: () => number): Locale {
  let ticket = random() * totalWeight;
  for (const locale of demoLocales) {
    ticket -= locale.weight;
    if (ticket < 0) return locale;
  }
  const last = demoLocales.at(-1);
  if (last === undefined) throw new Error('no demo locales');
  return last;
}

/**
 * The first of `attempt(0)`, `attempt(1)`, … none of whose keys is in `used`; its keys are then marked
 * used. Records are built in index order, so what a record gets depends only on the records before it:
 * a larger demo keeps the smaller one's records. The attempts must end in one that is free (the last
 * ones add a distinguishing number).
 */
export function firstUnused<T>(used: Set<string>, keysOf: (value: NoInfer<T>) => readonly string[], attempt: (tries: number) => T): T {
  for (let tries = 0; tries < 10_000; tries += 1) {
    const value = attempt(tries);
    const keys = keysOf(value);
    if (keys.some((key) => used.has(key))) continue;
    for (const key of keys) used.add(key);
    return value;
  }
  throw new Error('The demo data ran out of distinct values');
}

/** A street line as the locale writes it (see AddressStyle). */
export function streetLine(random: () => number, locale: Locale, street: string): string {
  const number = between(random, 1, 180);
  switch (locale.addressStyle ?? 'numberLast') {
    case 'numberFirst':
      return `${number} ${street}`;
    case 'comma':
      return `${street}, ${number}`;
    case 'chinese':
      return `${street}${number}号`;
    case 'japanese':
      return `${street}${between(random, 1, 4)}丁目${between(random, 1, 12)}-${between(random, 1, 20)}`;
    case 'numberLast':
      return `${street} ${number}`;
  }
}
