// The CRM fixture as a deterministic plan: for every account and contact, the
// draft it is created from, when, and whether it was later edited or moved to
// the trash. Both ways of writing the fixture read the same plan: the first
// records go through the real services (service-seed.ts), the rest through
// bulk SQL (bulk-writer.ts), and each process regenerates the plan from the
// seed instead of shipping a million records between processes. Each entity
// has its own PRNG stream, and ids a stream of their own, so a change in one
// never shifts the other.
import { makeNotes, pick, seededRandom } from '../vault/contact-fixture';
import {
  accountTags,
  callingCodes,
  chineseCompanyTrades,
  chineseCompanyWords,
  chineseFamily,
  chineseGiven,
  companyNouns,
  companyStems,
  companySuffixes,
  contactTags,
  industries,
  japaneseFamily,
  japaneseGiven,
  latinFamily,
  latinGiven,
  localOwner,
  localOwnerShare,
  placeWeights,
  places,
  teammates,
  titles,
  type Weighted,
} from './vocabulary';

export const timelineStart = Date.UTC(2023, 0, 1);
export const timelineEnd = Date.UTC(2026, 9, 31);
const streets = ['Hauptstraße', 'Rue de la Paix', 'Calle Mayor', 'High Street', 'Main Street', 'Långgatan', 'ul. Długa', '人民路', 'Via Roma'] as const;
const channels: Weighted<string> = [['any', 60], ['email', 20], ['phone', 10], ['meeting', 5], ['sms', 3], ['none', 2]];
const updatedShare = 0.3;
const trashedShare = 0.005;

export interface Lifecycle {
  readonly createdAt: number;
  /** A later edit: when, and the value it set (notes for contacts, industry for accounts). */
  readonly update: { readonly at: number; readonly value: string } | null;
  readonly trashedAt: number | null;
}

export interface AccountFields {
  readonly name: string;
  readonly industry: string;
  readonly website: string;
  readonly address: { street: string; city: string; region: string; postalCode: string; country: string };
  readonly territory: string;
  readonly tags: string[];
  readonly ownerId: string;
}

export interface ContactFields {
  readonly name: string;
  readonly title: string;
  readonly emails: string[];
  readonly phones: string[];
  readonly address: { street: string; city: string; region: string; postalCode: string; country: string };
  readonly preferredChannel: string;
  readonly tags: string[];
  readonly notes: string;
  readonly ownerId: string;
}

export interface AccountPlan extends Lifecycle {
  readonly index: number;
  readonly fields: AccountFields;
  readonly domain: string;
  readonly placeIndex: number;
}

export interface ContactPlan extends Lifecycle {
  readonly index: number;
  readonly fields: ContactFields;
  /** Index of the linked account in the account plan, or null. */
  readonly accountIndex: number | null;
}

/** What contacts need to know about the accounts they link to. */
export interface AccountSummary {
  readonly domain: string;
  readonly placeIndex: number;
  readonly ownerId: string;
  readonly trashed: boolean;
  /** The name its contacts' search entries end with (search/account-names.ts): its name, none when trashed. */
  readonly indexedName: string | null;
}

function cumulative<T>(list: Weighted<T>): { values: T[]; bounds: number[] } {
  let sum = 0;
  const bounds = list.map(([, weight]) => (sum += weight));
  return { values: list.map(([value]) => value), bounds: bounds.map((bound) => bound / sum) };
}

function weightedPicker<T>(list: Weighted<T>): (random: () => number) => T {
  const { values, bounds } = cumulative(list);
  return (random) => {
    const roll = random();
    let low = 0;
    let high = bounds.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((bounds[middle] ?? 1) < roll) low = middle + 1;
      else high = middle;
    }
    const value = values[low];
    if (value === undefined) throw new Error('weighted pick out of range');
    return value;
  };
}

const pickTitle = weightedPicker(titles);
const pickIndustry = weightedPicker(industries);
const pickChannel = weightedPicker(channels);
const pickTeammate = weightedPicker(teammates);
const pickPlace = weightedPicker(placeWeights.map((weight, index) => [index, weight] as const));

/** Tags drawn independently, each with its own share (so counts per tag follow the list). */
function drawTags(random: () => number, list: Weighted<string>): string[] {
  return list.filter(([, share]) => random() < share).map(([tag]) => tag);
}

function owner(random: () => number): string {
  return random() < localOwnerShare ? localOwner : pickTeammate(random);
}

const slugs = new Map<string, string>();

/** ASCII letters of a name for an e-mail local part: accents dropped, ł/ø/ß and friends spelled out. */
export function asciiSlug(text: string): string {
  const known = slugs.get(text);
  if (known !== undefined) return known;
  const slug = spell(text);
  slugs.set(text, slug);
  return slug;
}

function spell(text: string): string {
  const spelled = text.replace(/[łŁ]/g, 'l').replace(/[øØ]/g, 'o').replace(/ß/g, 'ss').replace(/ı/g, 'i').replace(/[đĐ]/g, 'd');
  return spelled
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** UUIDv7 (RFC 9562) for the time `ms`, its random bits from the seeded stream: the same ids every run. */
export function seededUuid7(ms: number, random: () => number): string {
  const hex = (value: number, digits: number) => Math.floor(value).toString(16).padStart(digits, '0');
  const time = hex(ms, 12);
  const randA = hex(random() * 0x1000, 3);
  const variant = (0x8 | Math.floor(random() * 4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randA}-${variant}${hex(random() * 0x1000, 3)}-${hex(random() * 0x1000000, 6)}${hex(random() * 0x1000000, 6)}`;
}

/** Creation times spread evenly over the timeline, strictly increasing with the index. */
function createdAtOf(index: number, count: number, random: () => number): number {
  const step = (timelineEnd - timelineStart) / count;
  return Math.floor(timelineStart + (index + random() * 0.9) * step);
}

function lifecycle(random: () => number, createdAt: number, editedValue: () => string): Lifecycle {
  const update = random() < updatedShare ? { at: createdAt + 1 + Math.floor(random() * (timelineEnd - createdAt)), value: editedValue() } : null;
  const base = update?.at ?? createdAt;
  const trashedAt = random() < trashedShare ? base + 1 + Math.floor(random() * 30 * 86_400_000) : null;
  return { createdAt, update, trashedAt };
}

function address(random: () => number, placeIndex: number) {
  const [city, country] = places[placeIndex] ?? ['', '', ''];
  const street = random() < 0.7 ? `${pick(random, streets)} ${1 + Math.floor(random() * 180)}` : '';
  const postalCode = street === '' ? '' : String(10000 + Math.floor(random() * 89999));
  return { street, city, region: '', postalCode, country };
}

function accountName(random: () => number, placeIndex: number): { name: string; domain: string } {
  const [, country] = places[placeIndex] ?? ['', '', ''];
  if (country === '中国') {
    const [word, roman] = pick(random, chineseCompanyWords);
    const [city] = places[placeIndex] ?? [''];
    return { name: `${city}${word}${pick(random, chineseCompanyTrades)}有限公司`, domain: `${roman}${Math.floor(random() * 900) + 100}.example` };
  }
  const stem = pick(random, companyStems);
  const noun = pick(random, companyNouns);
  return { name: `${stem} ${noun} ${pick(random, companySuffixes)}`, domain: `${asciiSlug(stem)}-${asciiSlug(noun)}${Math.floor(random() * 90) + 10}.example` };
}

function territoryOf(random: () => number, placeIndex: number): string {
  const roll = random();
  // A small national key-account team and a pilot region: the narrow territory filters.
  if (roll < 0.0005) return 'Pilot Region';
  if (roll < 0.0035) return 'Global Key Accounts';
  if (roll < 0.0235) return '';
  return places[placeIndex]?.[2] ?? '';
}

/** The account plan, in creation order. */
export function* accountPlans(count: number, seed: number): Generator<AccountPlan> {
  const random = seededRandom(seed);
  for (let index = 0; index < count; index += 1) {
    const placeIndex = pickPlace(random);
    const { name, domain } = accountName(random, placeIndex);
    const fields: AccountFields = {
      name,
      industry: pickIndustry(random),
      website: random() < 0.85 ? `https://www.${domain}` : '',
      address: address(random, placeIndex),
      territory: territoryOf(random, placeIndex),
      tags: drawTags(random, accountTags),
      ownerId: owner(random),
    };
    const createdAt = createdAtOf(index, count, random);
    yield { index, fields, domain, placeIndex, ...lifecycle(random, createdAt, () => pickIndustry(random)) };
  }
}

function personName(random: () => number): { name: string; local: string } {
  const roll = random();
  if (roll < 0.17) {
    const [family, familyRoman] = pick(random, chineseFamily);
    const [given, givenRoman] = pick(random, chineseGiven);
    return { name: `${family}${given}`, local: `${givenRoman}.${familyRoman}` };
  }
  if (roll < 0.22) {
    const [family, familyRoman] = pick(random, japaneseFamily);
    const [given, givenRoman] = pick(random, japaneseGiven);
    return { name: `${family}${given}`, local: `${givenRoman}.${familyRoman}` };
  }
  const given = pick(random, latinGiven);
  const family = pick(random, latinFamily);
  const middle = random() < 0.1 ? ` ${String.fromCharCode(65 + Math.floor(random() * 26))}.` : '';
  return { name: `${given}${middle} ${family}`, local: `${asciiSlug(given)}.${asciiSlug(family)}` };
}

function phone(random: () => number): string {
  const digits = String(Math.floor(random() * 10_000_000)).padStart(7, '0');
  return `${pick(random, callingCodes)} ${10 + Math.floor(random() * 890)} 555 ${digits.slice(0, 3)} ${digits.slice(3)}`;
}

/**
 * The contact plan, in creation order. Contacts link to accounts made before
 * them; the service-made contacts link only to live service-made accounts
 * (the services refuse a link to a trashed account).
 */
export function* contactPlans(
  count: number,
  seed: number,
  accounts: readonly AccountSummary[],
  serviceMade: { readonly accounts: number; readonly contacts: number },
): Generator<ContactPlan> {
  const random = seededRandom(seed);
  for (let index = 0; index < count; index += 1) {
    const { name, local } = personName(random);
    const linked = random() < 0.92;
    let accountIndex: number | null = null;
    if (linked && accounts.length > 0) {
      const bySeed = index < serviceMade.contacts;
      const made = bySeed ? Math.min(serviceMade.accounts, accounts.length) : Math.max(1, Math.floor((index / count) * accounts.length));
      // Skewed towards older accounts: some companies have hundreds of contacts, most a handful.
      accountIndex = Math.floor(made * random() ** 1.4);
      if (bySeed && accounts[accountIndex]?.trashed === true) accountIndex = null;
    }
    const account = accountIndex === null ? undefined : accounts[accountIndex];
    const work = `${local}${random() < 0.3 ? Math.floor(random() * 100) : ''}@${account?.domain ?? pick(random, ['mail.example', 'post.example', 'inbox.example'])}`;
    const emails = random() < 0.15 ? [work, `${local}${Math.floor(random() * 1000)}@mail.example`] : [work];
    const phoneRoll = random();
    const phones = phoneRoll < 0.1 ? [] : phoneRoll < 0.9 ? [phone(random)] : [phone(random), phone(random)];
    const fields: ContactFields = {
      name,
      title: pickTitle(random),
      emails,
      phones,
      address: address(random, account?.placeIndex ?? pickPlace(random)),
      preferredChannel: pickChannel(random),
      tags: drawTags(random, contactTags),
      notes: random() < 0.6 ? makeNotes(random) : '',
      ownerId: account !== undefined && random() < 0.7 ? account.ownerId : owner(random),
    };
    const createdAt = createdAtOf(index, count, random);
    yield { index, fields, accountIndex, ...lifecycle(random, createdAt, () => makeNotes(random)) };
  }
}

/** Record ids for the bulk part, from a stream of their own. */
export function idStream(seed: number): (createdAt: number) => string {
  const random = seededRandom(seed);
  return (createdAt) => seededUuid7(createdAt, random);
}
