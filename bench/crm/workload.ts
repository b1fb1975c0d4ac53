// The queries the CRM benchmark times, as the UI sends them: Ctrl+K search
// prefixes of one to three characters (Latin, with and without accents, and
// Chinese/Japanese), and list pages of 50 rows with the sorts and filters the
// list screens offer (owner, territory, tag, date range, trash; accounts also
// by industry and sorted by territory), first pages and pages further down
// (keyset cursors taken from sampled rows). Everything is drawn from a seeded
// PRNG, so every run asks the same questions.
import { encodeCursor } from '../../src-main/services/crm/list-query';
import { nameSortKey } from '../../src-shared/sort/name-sort-key';
import { pick, seededRandom } from '../vault/contact-fixture';
import { chineseCompanyWords, chineseFamily, chineseGiven, companyStems, japaneseFamily, latinFamily, latinGiven, localOwner } from './vocabulary';

export interface SearchCase {
  readonly group: string;
  readonly text: string;
}

export interface ListCase {
  readonly group: string;
  readonly channel: 'contacts.list' | 'accounts.list';
  readonly input: Record<string, unknown>;
}

/** Rows sampled from the vault (outside the timed part) to start deep pages from. */
export interface SampledRow {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly territory: string;
}

function prefix(word: string, length: number): string {
  return [...word].slice(0, length).join('');
}

/** `count` search texts per group; group names say the script and the length typed. */
export function searchCases(count: number, seed: number): SearchCase[] {
  const random = seededRandom(seed);
  const latinWords = [...latinGiven, ...latinFamily, ...companyStems];
  const cjkOne = [...chineseFamily.map(([han]) => han), ...chineseGiven.map(([han]) => han)].map((word) => prefix(word, 1));
  const cjkTwo = [
    ...chineseFamily.flatMap(([family]) => chineseGiven.slice(0, 8).map(([given]) => prefix(`${family}${given}`, 2))),
    ...chineseGiven.filter(([han]) => [...han].length === 2).map(([han]) => han),
    ...japaneseFamily.map(([han]) => han),
    ...chineseCompanyWords.map(([han]) => han),
  ];
  const cjkThree = chineseFamily.flatMap(([family]) => chineseGiven.filter(([given]) => [...given].length === 2).map(([given]) => prefix(`${family}${given}`, 3)));
  const groups: { group: string; share: number; make: () => string }[] = [
    { group: 'latin-1', share: 0.2, make: () => prefix(pick(random, latinWords), 1) },
    { group: 'latin-2', share: 0.2, make: () => prefix(pick(random, latinWords), 2) },
    { group: 'latin-3', share: 0.2, make: () => prefix(pick(random, latinWords), 3) },
    { group: 'cjk-1', share: 0.15, make: () => pick(random, cjkOne) },
    { group: 'cjk-2', share: 0.15, make: () => pick(random, cjkTwo) },
    { group: 'cjk-3', share: 0.1, make: () => pick(random, cjkThree) },
  ];
  return groups.flatMap(({ group, share, make }) => Array.from({ length: Math.round(count * share) }, () => ({ group, text: make() })));
}

const month = 30 * 86_400_000;

/** List pages per group; `samples` gives cursors and values for pages past the first. */
export function listCases(perGroup: number, seed: number, contacts: readonly SampledRow[], accounts: readonly SampledRow[]): ListCase[] {
  const random = seededRandom(seed);
  const row = (rows: readonly SampledRow[]) => pick(random, rows);
  // A name cursor holds the name's sort key (migration 0016), as the list's own next-page cursors do.
  const afterName = (sample: SampledRow, direction: 'asc' | 'desc' = 'asc') => encodeCursor('name', direction, [nameSortKey(sample.name)], sample.id);
  const contactAfterName = (sample: SampledRow) => afterName(sample);
  const contact = (group: string, build: () => Record<string, unknown>): ListCase[] =>
    Array.from({ length: perGroup }, () => ({ group: `contacts ${group}`, channel: 'contacts.list' as const, input: { limit: 50, ...build() } }));
  const account = (group: string, build: () => Record<string, unknown>): ListCase[] =>
    Array.from({ length: perGroup }, () => ({ group: `accounts ${group}`, channel: 'accounts.list' as const, input: { limit: 50, ...build() } }));
  const bigTerritories = ['DACH North', 'DACH South', 'Île-de-France'];
  const smallTerritories = ['Africa', 'Türkiye', 'Middle East', 'Global Key Accounts', 'Pilot Region'];
  const commonTags = ['newsletter', 'vip', 'decision-maker'];
  const rareTags = ['renewal-q1', 'beta-program', 'board-member', 'hackathon-2023', 'legacy-import'];
  const teammates = ['rep-01', 'rep-02', 'rep-05', 'rep-17', 'rep-24'];
  const created = (sample: SampledRow) => ({ from: sample.createdAt - month, to: sample.createdAt });
  return [
    ...contact('by name', () => ({})),
    ...contact('by name, deep page', () => ({ after: contactAfterName(row(contacts)) })),
    ...contact('by name desc, deep page', () => {
      return { sort: { field: 'name', direction: 'desc' }, after: afterName(row(contacts), 'desc') };
    }),
    ...contact('recently updated', () => ({ sort: { field: 'updatedAt', direction: 'desc' } })),
    ...contact('by created, deep page', () => {
      const sample = row(contacts);
      return { sort: { field: 'createdAt', direction: 'asc' }, after: encodeCursor('createdAt', 'asc', [sample.createdAt], sample.id) };
    }),
    ...contact('owner (mine)', () => ({ filter: { ownerId: localOwner } })),
    ...contact('owner (teammate)', () => ({ filter: { ownerId: pick(random, teammates) } })),
    ...contact('territory (large)', () => ({ filter: { territory: pick(random, bigTerritories) } })),
    ...contact('territory (small)', () => ({ filter: { territory: pick(random, smallTerritories) } })),
    ...contact('territory, deep page', () => {
      const sample = row(contacts.filter((candidate) => candidate.territory !== ''));
      return { filter: { territory: sample.territory }, after: contactAfterName(sample) };
    }),
    ...contact('territory, recently updated', () => ({ sort: { field: 'updatedAt', direction: 'desc' }, filter: { territory: pick(random, [...bigTerritories, ...smallTerritories]) } })),
    ...contact('tag (common)', () => ({ filter: { tags: [pick(random, commonTags)] } })),
    ...contact('tag (rare)', () => ({ filter: { tags: [pick(random, rareTags)] } })),
    ...contact('two tags', () => ({ filter: { tags: [pick(random, commonTags), pick(random, ['champion', 'finance', 'webinar'])] } })),
    ...contact('tag, deep page', () => ({ filter: { tags: [pick(random, commonTags)] }, after: contactAfterName(row(contacts)) })),
    ...contact('created in a month', () => ({ filter: { createdAt: created(row(contacts)) } })),
    ...contact('updated in a month, newest first', () => ({ sort: { field: 'updatedAt', direction: 'desc' }, filter: { updatedAt: { from: row(contacts).updatedAt - month } } })),
    ...contact('owner + tag', () => ({ filter: { ownerId: pick(random, [localOwner, ...teammates]), tags: [pick(random, commonTags)] } })),
    ...contact('territory + tag', () => ({ filter: { territory: pick(random, bigTerritories), tags: [pick(random, [...commonTags, ...rareTags])] } })),
    ...contact('territory + created in a month', () => ({ filter: { territory: pick(random, bigTerritories), createdAt: created(row(contacts)) } })),
    ...contact('trash', () => ({ deleted: 'only' })),
    ...account('by name', () => ({})),
    ...account('by name, deep page', () => ({ after: afterName(row(accounts)) })),
    ...account('by territory', () => ({ sort: { field: 'territory', direction: 'asc' } })),
    ...account('territory', () => ({ filter: { territory: pick(random, [...bigTerritories, ...smallTerritories]) } })),
    ...account('industry', () => ({ filter: { industry: pick(random, ['Manufacturing', 'Retail', 'Pharmaceuticals', 'Media']) } })),
    ...account('owner', () => ({ filter: { ownerId: pick(random, [localOwner, ...teammates]) } })),
    ...account('tag', () => ({ filter: { tags: [pick(random, ['customer', 'strategic', 'framework-contract'])] } })),
    ...account('created in a month', () => ({ filter: { createdAt: created(row(accounts)) } })),
    ...account('territory + tag', () => ({ filter: { territory: pick(random, bigTerritories), tags: [pick(random, ['customer', 'strategic'])] } })),
  ];
}

/** A sampled contact's keys, as the New contact form would be typed with them. */
export interface SampledKeys {
  readonly emails: readonly string[];
  readonly phones: readonly string[];
}

export interface LookAlikeCase {
  readonly group: string;
  readonly channel: 'contacts.lookAlikes' | 'accounts.lookAlikes';
  readonly input: Record<string, unknown>;
  /** Whether the typed key is a live record's: such a case must name at least one, a new one none. */
  readonly known: boolean;
}

/**
 * The New contact and New account forms' look-alike calls: a sampled contact's address and number (in
 * other case and grouping, as a rep would type them) and a sampled account's name in lower case, which
 * each name that record; new addresses and names, which name none. `newPrefix` starts the new addresses
 * (the warm-up calls use another, so they are not the timed calls made early).
 */
export function lookAlikeCases(contacts: readonly SampledKeys[], accounts: readonly SampledRow[], newPrefix = 'someone.new'): LookAlikeCase[] {
  const cases: LookAlikeCase[] = [];
  for (const [index, { emails, phones }] of contacts.entries()) {
    const [email] = emails;
    const [phone] = phones;
    if (email !== undefined) cases.push({ group: 'contact email (known)', channel: 'contacts.lookAlikes', input: { emails: [email.toUpperCase()] }, known: true });
    if (phone !== undefined) cases.push({ group: 'contact phone (known)', channel: 'contacts.lookAlikes', input: { phones: [phone.replace(/[\s().-]/gu, '')] }, known: true });
    cases.push({ group: 'contact email (new)', channel: 'contacts.lookAlikes', input: { emails: [`${newPrefix}${index}@look-alike.invalid`] }, known: false });
  }
  for (const [index, account] of accounts.entries()) {
    cases.push({ group: 'account name (known)', channel: 'accounts.lookAlikes', input: { name: account.name.toLowerCase() }, known: true });
    cases.push({ group: 'account name (new)', channel: 'accounts.lookAlikes', input: { name: `${account.name} Neugründung ${index}` }, known: false });
  }
  return cases;
}
