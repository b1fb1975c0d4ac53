// The demo data as the app sees it: no two contacts share an e-mail address
// or a phone number, no two accounts a name or a website, no two deals of an
// account a name (compared with the app's own duplicate keys, from
// src-main, which src-server may not import); a demo seeded with more
// contacts after a smaller one keeps every deal, task and activity with
// people of its own account; and addresses and numbers are written as each
// country writes them.
import { describe, expect, it } from 'vitest';
import { nameKey, phoneKey } from '../../src-main/services/transfer/duplicate-keys';
import type { JsonValue, SyncedEntity } from '../../src-shared/sync/protocol';
import { demoDataset, type DemoRecord } from '../../src-server/org/demo-seed-data';

const now = Date.UTC(2026, 5, 15, 9, 30);
const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : JSON.stringify(value));
const texts = (value: JsonValue | undefined): string[] => (Array.isArray(value) ? value.map((item) => text(item)) : []);
const of = (records: readonly DemoRecord[], entity: SyncedEntity) => records.filter((record) => record.entity === entity);

/** The keys held by more than one value. */
function repeated(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  return keys.filter((key) => (seen.has(key) ? true : (seen.add(key), false)));
}

describe('the demo dataset (seed 2024, 3,000 contacts, as npm run demo seeds it)', () => {
  const records = demoDataset({ contacts: 3000, seed: 2024, userId: 'u-demo', now });
  const contacts = of(records, 'contacts');
  const accounts = of(records, 'accounts');

  it('gives no two contacts one e-mail address or phone number, no two accounts a name or website, no two deals of an account a name', () => {
    expect(repeated(contacts.flatMap((contact) => texts(contact.fields['emails']).map((email) => email.toLowerCase())))).toEqual([]);
    expect(repeated(contacts.flatMap((contact) => texts(contact.fields['phones']).map((phone) => phoneKey(phone) ?? phone)))).toEqual([]);
    expect(repeated(accounts.map((account) => nameKey(text(account.fields['name']))))).toEqual([]);
    expect(repeated(accounts.map((account) => text(account.fields['website'])))).toEqual([]);
    expect(repeated(of(records, 'deals').map((deal) => `${text(deal.fields['accountId'])} ${nameKey(text(deal.fields['name']))}`))).toEqual([]);
    // Without numbers or extensions bolted on: at this size every value is a plain draw.
    expect(accounts.filter((account) => /\d/.test(text(account.fields['name'])))).toEqual([]);
    expect(contacts.flatMap((contact) => texts(contact.fields['phones'])).filter((phone) => phone.includes('ext.'))).toEqual([]);
  });

  it('writes street lines as each country does, and a city’s numbers with its area codes', () => {
    const streets = new Map<string, string[]>();
    for (const record of [...accounts, ...contacts]) {
      const address = record.fields['address'];
      if (address === null || typeof address !== 'object' || Array.isArray(address)) continue;
      const country = text(address['country']);
      streets.set(country, [...(streets.get(country) ?? []), `${text(address['city'])}|${text(address['street'])}`]);
    }
    const shapes: Record<string, RegExp> = {
      'United States': /^[^|]+\|\d+ [A-Z]/u,
      Canada: /^[^|]+\|\d+ \p{L}/u,
      'United Kingdom': /^[^|]+\|\d+ [A-Z]/u,
      Ireland: /^[^|]+\|\d+ [A-Z]/u,
      France: /^[^|]+\|\d+ (rue|avenue|boulevard|place|quai) /u,
      Deutschland: /^[^|]+\|\D+ \d+$/u,
      España: /^[^|]+\|\D+, \d+$/u,
      中国: /^[^|]+\|\p{Script=Han}+\d+号$/u,
      日本: /^(東京\|丸の内|大阪\|梅田|名古屋\|名駅|福岡\|天神)[1-4]丁目\d+-\d+$/u,
    };
    for (const [country, shape] of Object.entries(shapes)) {
      const lines = streets.get(country) ?? [];
      expect(lines.length, country).toBeGreaterThan(5);
      expect(lines.filter((line) => !shape.test(line)), country).toEqual([]);
    }
    const areaCodes: Record<string, string[]> = { 'New York': ['212', '646', '718', '917', '332'], Chicago: ['312', '773', '872'], Toronto: ['416', '647', '437'], 上海: ['21', '138'], 東京: ['3', '90'] };
    for (const [city, codes] of Object.entries(areaCodes)) {
      const numbers = contacts.filter((contact) => JSON.stringify(contact.fields['address']).includes(`"city":"${city}"`)).flatMap((contact) => texts(contact.fields['phones']));
      expect(numbers.length, city).toBeGreaterThan(3);
      expect(numbers.filter((number) => !codes.includes(number.split(' ')[1] ?? '')), city).toEqual([]);
    }
  });
});

describe('a demo seeded again with more contacts', () => {
  it('adds records that agree with those already there: every deal, task and activity is with people of its own account', () => {
    // What the server then holds: the first seed's records, and the larger one's only where no record has the id (demo-seed.ts).
    const first = demoDataset({ contacts: 3000, seed: 2024, userId: 'u-demo', now });
    const held = new Map(first.map((record) => [`${record.entity}/${record.recordId}`, record]));
    for (const record of demoDataset({ contacts: 4000, seed: 2024, userId: 'u-demo', now })) {
      if (!held.has(`${record.entity}/${record.recordId}`)) held.set(`${record.entity}/${record.recordId}`, record);
    }
    const stored = [...held.values()];
    expect(stored).toHaveLength(first.length * (4 / 3));
    const accountOf = new Map(of(stored, 'contacts').map((contact) => [contact.recordId, contact.fields['accountId'] ?? null]));
    const deals = new Map(of(stored, 'deals').map((deal) => [deal.recordId, deal]));
    const wrong: string[] = [];
    for (const deal of deals.values()) {
      for (const contactId of texts(deal.fields['contactIds'])) if (accountOf.get(contactId) !== deal.fields['accountId']) wrong.push(`deal ${deal.recordId}`);
    }
    for (const task of of(stored, 'tasks')) {
      const contactAccount = accountOf.get(text(task.fields['contactId']));
      const deal = typeof task.fields['dealId'] === 'string' ? deals.get(task.fields['dealId']) : undefined;
      if (deal !== undefined && (task.fields['accountId'] !== deal.fields['accountId'] || contactAccount !== deal.fields['accountId'])) wrong.push(`task ${task.recordId}`);
      if (deal === undefined && task.fields['accountId'] !== contactAccount) wrong.push(`task ${task.recordId}`);
    }
    for (const activity of of(stored, 'activities')) if (activity.fields['accountId'] !== accountOf.get(text(activity.fields['contactId']))) wrong.push(`activity ${activity.recordId}`);
    expect(wrong).toEqual([]);
    expect(deals.size).toBe(600);
  });
});
