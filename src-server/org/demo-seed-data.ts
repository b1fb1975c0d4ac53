// The demo organisation's records, generated from a seed: accounts across
// the sales territories of demo-seed-locales.ts, their contacts, deals,
// tasks and activities, each with every synced field a device would send
// for a new record. Record ids and values depend only on (seed, entity,
// index), so a second run produces the same records and the seeder can tell
// which already exist; only times are relative to `now`, so the Today view
// has tasks due around the day the demo runs. Every record is checked
// against the domain's own schemas before it leaves this module.
//
// No two records share what the app's duplicate and look-alike checks
// compare (a contact's e-mail addresses and phone numbers, an account's name,
// a deal's name at its account) nor an account's website: a value an earlier
// record holds is drawn again. Records are built in index order and every
// link goes to a record that exists in every demo holding this one (contact
// i works for account ⌊i/10⌋, a deal's account and contacts are among those
// of the smallest demo with that deal), so a demo seeded again with more
// contacts adds records that agree with the ones already there.
import { Account, AccountDraft } from '../../src-shared/domain/account';
import { Activity, ActivityDraft, activityKinds } from '../../src-shared/domain/activity';
import { Contact, ContactDraft, preferredChannels } from '../../src-shared/domain/contact';
import { Deal, DealDraft } from '../../src-shared/domain/deal';
import { defaultPipelineStages } from '../../src-shared/domain/pipeline';
import { Task, TaskDraft } from '../../src-shared/domain/task';
import { syncedFieldsOf } from '../../src-shared/sync/entity-fields';
import type { JsonValue, SyncedEntity } from '../../src-shared/sync/protocol';
import * as words from './demo-seed-locales';
import { asciiOf, between, digits, draw, firstUnused, pick, pickLocale, streetLine, textOf } from './demo-seed-random';

export interface DemoRecord {
  readonly entity: SyncedEntity;
  readonly recordId: string;
  readonly fields: Readonly<Record<string, JsonValue>>;
}

export interface DemoDatasetOptions {
  readonly contacts: number;
  readonly seed: number;
  /** Owner, creator and assignee of every record. */
  readonly userId: string;
  readonly now: number;
}

const dayMs = 86_400_000;

/** How many records of each entity a demo with `contacts` contacts holds. */
export function demoCounts(contacts: number): Record<SyncedEntity, number> {
  return {
    // Every ten contacts (or fewer, at the end) have their account: contact i's is account ⌊i/10⌋.
    accounts: Math.ceil(contacts / 10),
    contacts,
    deals: Math.round(contacts * 0.15),
    tasks: Math.round(contacts * 0.2),
    activities: Math.round(contacts * 0.3),
  };
}

function meta(random: () => number, userId: string, now: number, maxAgeDays: number): Record<string, JsonValue> {
  const createdAt = now - Math.floor(random() * maxAgeDays * dayMs) - 3_600_000;
  const updatedAt = createdAt + Math.floor(random() * (now - createdAt));
  return { ownerId: userId, createdAt, createdBy: userId, updatedAt, updatedBy: userId, deletedAt: null };
}

function notes(random: () => number, chance: number): string {
  if (random() >= chance) return '';
  return Array.from({ length: between(random, 1, 3) }, () => pick(random, words.notePhrases)).join(' ');
}

function tags(random: () => number, list: readonly string[], chance: number): string[] {
  return random() < chance ? [...new Set(Array.from({ length: between(random, 1, 2) }, () => pick(random, list)))] : [];
}

interface AccountInfo {
  readonly id: string;
  readonly locale: words.Locale;
  readonly city: words.City;
  readonly domain: string;
  readonly shortName: string;
}

interface Built<Info> {
  readonly record: DemoRecord;
  readonly info: Info;
}

/** The values of earlier records that a new one must not share (see the top of this file). */
type Used = Set<string>;

/** Folded as the app's name key folds (case and accents). */
const folded = (text: string): string => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

function streetAddress(random: () => number, locale: words.Locale, city: words.City) {
  const street = streetLine(random, locale, pick(random, city.streets ?? locale.streets));
  return { street, city: city.city, region: city.region, postalCode: city.postalCode, country: locale.country };
}

/** Draws after which a name or number gets a distinguishing part (the city, a number). */
const plainTries = 8;

function buildAccount(options: DemoDatasetOptions, index: number, used: Used): Built<AccountInfo> {
  const { id, random } = draw(options.seed, 'accounts', index);
  const locale = pickLocale(random);
  const city = pick(random, locale.cities);
  // The trading name (without legal form) is what deals and tasks call the company; no earlier account has it or
  // the website. After a few draws the city is part of it, then the account's number.
  const naming = firstUnused(used, (candidate) => [`account:${folded(candidate.tradingName)}`, `domain:${candidate.domain}`], (tries: number) => {
    const stem = pick(random, locale.companyStems);
    const [sector, slug, industry] = pick(random, locale.sectors);
    const withCity = tries >= plainTries || (locale.familyFirst === true && random() < 0.4);
    const number = tries >= 2 * plainTries ? String(index + 1) : '';
    const cityAscii = city.ascii ?? asciiOf(city.city);
    const tradingName = locale.familyFirst
      ? `${withCity ? city.city : ''}${textOf(stem)}${sector}${number}`
      : [textOf(stem), sector, withCity ? city.city : '', number].filter((part) => part !== '').join(' ');
    const domain = [asciiOf(stem), slug, withCity ? cityAscii : '', number].filter((part) => part !== '').join('-');
    return { industry, tradingName, domain: `${domain}.example` };
  });
  const { industry, tradingName, domain } = naming;
  const legalForm = pick(random, locale.legalForms);
  const name = locale.familyFirst ? `${tradingName}${legalForm}` : `${tradingName} ${legalForm}`;
  const draft = AccountDraft.parse({
    name,
    industry,
    website: `https://www.${domain}`,
    address: streetAddress(random, locale, city),
    territory: locale.territory,
    tags: tags(random, words.accountTags, 0.35),
    ownerId: options.userId,
  });
  const fields = { ...draft, ...meta(random, options.userId, options.now, 1_000) };
  return { record: checked('accounts', id, fields, Account), info: { id, locale, city, domain, shortName: tradingName } };
}

interface ContactInfo {
  readonly id: string;
  readonly index: number;
  /** How a task or activity names the person: the first name, or the full name where the family name comes first. */
  readonly callName: string;
  readonly account: AccountInfo | null;
}

/** A number as the app's phone key compares it: the national digits (after the country code), and an extension. */
function phoneKeyOf(phone: string): string {
  const [number = '', extension] = phone.split(' ext. ');
  return `phone:${number.replace(/^\+\d+ /, '').replace(/\D/g, '')}${extension === undefined ? '' : `x${extension}`}`;
}

function buildContact(options: DemoDatasetOptions, index: number, accounts: readonly AccountInfo[], used: Used): Built<ContactInfo> {
  const { id, random } = draw(options.seed, 'contacts', index);
  // Most contacts work for an account (ten to an account, so a larger demo keeps the links); the rest are independent buyers.
  const account = random() < 0.9 ? (accounts[Math.floor(index / 10)] ?? null) : null;
  const locale = account?.locale ?? pickLocale(random);
  const city = account?.city ?? pick(random, locale.cities);
  // Another name while the address is taken; after a few draws the address gets a number (jorg.weiss2@…).
  const person = firstUnused(used, (candidate) => [`email:${candidate.email}`], (tries: number) => {
    const first = pick(random, locale.firstNames);
    const last = pick(random, locale.lastNames);
    const local = `${asciiOf(first)}.${asciiOf(last)}${tries >= plainTries ? String(tries - plainTries + 2) : ''}`;
    return { first, last, email: `${local}@${account?.domain ?? pick(random, ['mail.example', 'post.example'])}` };
  });
  const { first, last } = person;
  const name = locale.familyFirst ? `${textOf(last)}${textOf(first)}` : `${textOf(first)} ${textOf(last)}`;
  const emails = [person.email];
  if (random() < 0.15) {
    const personal = (tries: number) => `${asciiOf(first)}${tries < plainTries ? between(random, 10, 99) : between(random, 100, 99_999)}@mail.example`;
    emails.push(firstUnused(used, (email) => [`email:${email}`], personal));
  }
  const formats = city.phoneFormats ?? locale.phoneFormats;
  // Fictional ranges are small (a US area code has a hundred): a number still taken after many draws gets an extension of this contact's own.
  const phone = (slot: number) => (tries: number) => `${digits(random, pick(random, formats))}${tries < 4 * plainTries ? '' : ` ext. ${2 * index + slot + 100}`}`;
  const phones = [firstUnused(used, (number) => [phoneKeyOf(number)], phone(0))];
  if (random() < 0.3) phones.push(firstUnused(used, (number) => [phoneKeyOf(number)], phone(1)));
  const draft = ContactDraft.parse({
    name,
    title: pick(random, locale.titles ?? words.englishTitles),
    accountId: account?.id ?? null,
    emails,
    phones,
    address: streetAddress(random, locale, city),
    preferredChannel: pick(random, preferredChannels.filter((channel) => channel !== 'none')),
    tags: tags(random, words.contactTags, 0.4),
    notes: notes(random, 0.6),
    ownerId: options.userId,
  });
  const fields = { ...draft, ...meta(random, options.userId, options.now, 730) };
  return { record: checked('contacts', id, fields, Contact), info: { id, index, callName: locale.familyFirst ? name : textOf(first), account } };
}

const isoDate = (millis: number): string => new Date(millis).toISOString().slice(0, 10);
const stageWeights: Readonly<Record<string, number>> = { lead: 25, qualified: 20, proposal: 20, negotiation: 15, won: 12, lost: 8 };

interface DealInfo {
  readonly id: string;
  readonly account: AccountInfo;
  readonly contacts: readonly ContactInfo[];
}

/** The fewest contacts a demo with deal `index` has: the deal's account and contacts are among theirs. */
function contactsWithDeal(index: number): number {
  let contacts = Math.max(1, Math.floor(index / 0.15) - 2);
  while (demoCounts(contacts).deals <= index) contacts += 1;
  return contacts;
}

function buildDeal(options: DemoDatasetOptions, index: number, accounts: readonly AccountInfo[], contactsOf: ReadonlyMap<string, readonly ContactInfo[]>, used: Used): Built<DealInfo> {
  const { id, random } = draw(options.seed, 'deals', index);
  // One of the last 30 accounts of the smallest demo holding this deal, with contacts of that demo only: a deal
  // seeded with fewer contacts names the same account and people as it does in a larger demo.
  const fewest = contactsWithDeal(index);
  const newest = Math.min(demoCounts(fewest).accounts, accounts.length) - 1;
  const account = accounts[newest - between(random, 0, Math.min(30, newest))];
  if (account === undefined) throw new Error('no demo accounts');
  let ticket = random() * 100;
  const stage = defaultPipelineStages.find((candidate) => (ticket -= stageWeights[candidate.id] ?? 0) < 0) ?? defaultPipelineStages[0];
  if (stage === undefined) throw new Error('no pipeline stages');
  const people = (contactsOf.get(account.id) ?? []).filter((contact) => contact.index < fewest);
  const dealContacts = people.length === 0 ? [] : [...new Set(Array.from({ length: between(random, 1, Math.min(2, people.length)) }, () => pick(random, people)))];
  // 2,000 to 180,000 euros' worth, in round hundreds of the account's currency.
  const major = Math.round(between(random, 20, 1800) * fxPerEuro(account.locale.currency)) * 100;
  const closed = stage.kind !== 'open';
  // No other deal of the account has its name (the app's look-alike check); a product sold again is a later phase.
  const product = firstUnused(used, (name) => [`deal:${account.id}:${folded(name)}`], (tries: number) =>
    tries < plainTries ? pick(random, words.dealProducts) : `${pick(random, words.dealProducts)}, phase ${tries - plainTries + 2}`,
  );
  const draft = DealDraft.parse({
    name: `${product} – ${account.shortName}`,
    accountId: account.id,
    contactIds: dealContacts.map((contact) => contact.id),
    amount: account.locale.currency === 'JPY' ? major : major * 100,
    currency: account.locale.currency,
    stageId: stage.id,
    probability: stage.probability,
    expectedCloseDate: isoDate(options.now + (closed ? -between(random, 1, 120) : between(random, 7, 180)) * dayMs),
    lostReason: stage.kind === 'lost' ? pick(random, words.lostReasons) : '',
    tags: tags(random, ['upsell', 'new logo', 'renewal', 'tender'], 0.3),
    ownerId: options.userId,
  });
  const fields = { ...draft, ...meta(random, options.userId, options.now, 240) };
  return { record: checked('deals', id, fields, Deal), info: { id, account, contacts: dealContacts } };
}

/** Rough exchange rates, so amounts look like the currency they are in. */
function fxPerEuro(currency: string): number {
  const rates: Readonly<Record<string, number>> = { CHF: 0.95, SEK: 11.5, NOK: 11.7, DKK: 7.5, GBP: 0.85, USD: 1.08, CAD: 1.47, CNY: 7.8, JPY: 160 };
  return rates[currency] ?? 1;
}

function buildTask(options: DemoDatasetOptions, index: number, contacts: readonly ContactInfo[], deals: readonly DealInfo[]): DemoRecord {
  const { id, random } = draw(options.seed, 'tasks', index);
  // A task about a deal is with one of the deal's contacts (`deals`: those with contacts).
  const deal = deals.length > 0 && random() < 0.35 ? pick(random, deals) : null;
  const contact = deal === null ? pick(random, contacts) : pick(random, deal.contacts);
  const company = deal?.account.shortName ?? contact.account?.shortName ?? contact.callName;
  const title = pick(random, [
    `Call ${contact.callName} about the quote`, `Send the proposal to ${company}`, `Prepare the visit at ${company}`,
    `Follow up on samples with ${contact.callName}`, `Confirm delivery dates with ${company}`, `Book a demo for ${company}`,
  ]);
  // Due times on the hour, from a week and a half ago to a month ahead; some undated.
  const dueAt = random() < 0.15 ? null : Math.floor((options.now + between(random, -10 * 24, 30 * 24) * 3_600_000) / 3_600_000) * 3_600_000;
  const overdue = dueAt !== null && dueAt < options.now;
  const draft = TaskDraft.parse({
    title,
    notes: notes(random, 0.3),
    dueAt,
    remindAt: dueAt !== null && random() < 0.3 ? dueAt - 3_600_000 : null,
    priority: pick(random, ['low', 'normal', 'normal', 'normal', 'high']),
    status: overdue && random() < 0.5 ? 'done' : pick(random, ['open', 'open', 'open', 'in_progress']),
    assigneeId: options.userId,
    contactId: contact.id,
    accountId: deal?.account.id ?? contact.account?.id ?? null,
    dealId: deal?.id ?? null,
    tags: [],
    ownerId: options.userId,
  });
  return checked('tasks', id, { ...draft, ...meta(random, options.userId, options.now, 30) }, Task);
}

function buildActivity(options: DemoDatasetOptions, index: number, contacts: readonly ContactInfo[]): DemoRecord {
  const { id, random } = draw(options.seed, 'activities', index);
  const contact = pick(random, contacts);
  const kind = pick(random, activityKinds);
  const minutes: Readonly<Record<string, readonly [number, number]>> = { call: [5, 45], meeting: [30, 120], email: [0, 0], note: [0, 0] };
  const [low, high] = minutes[kind] ?? [0, 0];
  const subjects: Readonly<Record<string, string>> = { call: 'Phone call with', meeting: 'On-site meeting with', email: 'E-mail exchange with', note: 'Note on' };
  const draft = ActivityDraft.parse({
    kind,
    subject: `${subjects[kind] ?? 'Activity with'} ${contact.callName}`,
    contactId: contact.id,
    accountId: contact.account?.id ?? null,
    occurredAt: options.now - Math.floor(random() * 120 * dayMs),
    durationMinutes: between(random, low, high),
    outcome: pick(random, words.activityOutcomes),
    body: notes(random, 0.8),
    ownerId: options.userId,
  });
  return checked('activities', id, { ...draft, ...meta(random, options.userId, options.now, 120) }, Activity);
}

interface RecordSchema {
  safeParse(value: unknown): { success: boolean };
}

/**
 * The record as a device's create sends it: exactly the synced fields, each
 * valid for the domain's full record schema (the drafts above already applied
 * the editing rules). The push request is parsed again before it is applied.
 */
function checked(entity: SyncedEntity, recordId: string, fields: Record<string, JsonValue>, schema: RecordSchema): DemoRecord {
  const expected = [...syncedFieldsOf(entity)].sort();
  const names = Object.keys(fields).sort();
  if (names.join() !== expected.join()) throw new Error(`demo ${entity} fields differ from the synced fields: ${names.join()} vs ${expected.join()}`);
  if (!schema.safeParse({ id: recordId, ...fields }).success) throw new Error(`a demo ${entity} record does not fit the domain schema`);
  return { entity, recordId, fields };
}

/** Every record of the demo organisation, accounts first, so links point backwards. */
export function demoDataset(options: DemoDatasetOptions): DemoRecord[] {
  const counts = demoCounts(options.contacts);
  const used: Used = new Set();
  const accounts = Array.from({ length: counts.accounts }, (_, index) => buildAccount(options, index, used));
  const accountInfos = accounts.map((account) => account.info);
  const contacts = Array.from({ length: counts.contacts }, (_, index) => buildContact(options, index, accountInfos, used));
  const contactInfos = contacts.map((contact) => contact.info);
  const contactsOf = new Map<string, ContactInfo[]>();
  for (const contact of contactInfos) {
    if (contact.account === null) continue;
    const list = contactsOf.get(contact.account.id);
    if (list === undefined) contactsOf.set(contact.account.id, [contact]);
    else list.push(contact);
  }
  const deals = Array.from({ length: counts.deals }, (_, index) => buildDeal(options, index, accountInfos, contactsOf, used));
  const dealInfos = deals.map((deal) => deal.info).filter((deal) => deal.contacts.length > 0);
  return [
    ...accounts.map((account) => account.record),
    ...contacts.map((contact) => contact.record),
    ...deals.map((deal) => deal.record),
    ...Array.from({ length: counts.tasks }, (_, index) => buildTask(options, index, contactInfos, dealInfos)),
    ...Array.from({ length: counts.activities }, (_, index) => buildActivity(options, index, contactInfos)),
  ];
}
