// How global search ranks on a real vault seeded like the demo organisation:
// contacts and accounts first, then deals, tasks and activities that are
// newer and more numerous and whose titles hold short common words ("Book a
// demo for …", "Note on …"); and names holding the words as typed, accents
// and all, before names that only match once folded.
import { describe, expect, it } from 'vitest';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { WriteTx } from '../../vault/connection';
import { addAccount, addActivity, addContact, addDeal, addTask } from './testing/search-records';
import { useSearchService, type SearchCall } from './testing/search-service';

const people: readonly SyncedEntity[] = ['contacts', 'accounts'];

describe('global search ranking', () => {
  const service = useSearchService();
  const { connection } = service;
  // The Ctrl+K dialog asks for 30.
  const search = (text: string, options: SearchCall = {}) => service.search(text, { limit: 30, ...options });

  /** The demo organisation's shape: accounts, then their contacts, then deals, tasks and activities, newest last. */
  async function seedDemoLike(tx: WriteTx, tasks: number, activities: number): Promise<void> {
    const companies = ['Acme Robotics GmbH', 'Alpenblick Medizintechnik', 'Bellecour Santé', 'Summit Foods Ltd'];
    const accountIds = [];
    for (const company of companies) accountIds.push(await addAccount(tx, company));
    const names = ['Aaliyah Johnson', 'Anja Kühn', 'Andrés Pérez', 'Maja Åberg', 'Carlos Díaz', 'Chloé Côté', 'Pieter de Vries', 'Sanne Bakker'];
    const contactIds = [];
    for (const [index, name] of names.entries()) contactIds.push(await addContact(tx, { name, accountId: accountIds[index % accountIds.length] }));
    await addDeal(tx, 'Consumables subscription – Summit Foods', accountIds[3]);
    for (let index = 0; index < tasks; index += 1) {
      const company = companies[index % companies.length] ?? '';
      await addTask(tx, index % 2 === 0 ? `Book a demo for ${company}` : `Confirm delivery dates with ${company}`, contactIds[index % contactIds.length]);
    }
    const subjects = ['Note on Chloé', 'Phone call with Carlos', 'Note on Sanne'];
    for (let index = 0; index < activities; index += 1) await addActivity(tx, subjects[index % subjects.length] ?? '', contactIds[index % contactIds.length]);
  }

  it('lists people and companies first for one letter, before hundreds of newer tasks holding the word "a" ("Book a demo for …")', async () => {
    await connection.write((tx) => seedDemoLike(tx, 450, 150));
    const hits = await search('a');
    expect(hits).toHaveLength(30);
    const titles = hits.map((hit) => hit.title);
    // Every contact and account with a name word starting with "a", names that start with it first.
    expect(titles.slice(0, 5).sort()).toEqual(['Aaliyah Johnson', 'Acme Robotics GmbH', 'Alpenblick Medizintechnik', 'Andrés Pérez', 'Anja Kühn']);
    expect(titles[5]).toBe('Maja Åberg');
    expect(hits.slice(0, 6).every((hit) => people.includes(hit.entity))).toBe(true);
    expect(hits.slice(6).every((hit) => !people.includes(hit.entity))).toBe(true);

    // "c": Carlos and Chloé, not the newer "Note on Chloé" and "Phone call with Carlos" activities, nor "Confirm delivery dates with …".
    const c = await search('c');
    expect(c.slice(0, 2).map((hit) => hit.title).sort()).toEqual(['Carlos Díaz', 'Chloé Côté']);
    expect(c.slice(2).every((hit) => !people.includes(hit.entity))).toBe(true);
  });

  it('ranks a contact whose name starts with a short word above newer records holding it as a word ("on" finds Onur before "Note on …")', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Onur Yılmaz' });
      for (let index = 0; index < 40; index += 1) await addActivity(tx, `Note on Chloé ${index}`);
    });
    const hits = await search('on');
    expect(hits[0]?.title).toBe('Onur Yılmaz');
    expect(hits).toHaveLength(30);
  });

  it('does not rank a record above another for holding a one-letter query as a word of its own', async () => {
    await connection.write(async (tx) => {
      await addDeal(tx, 'Acme renewal');
      for (let index = 0; index < 40; index += 1) await addTask(tx, `Book a demo for Summit Foods ${index}`);
    });
    const hits = await search('a', { entities: ['deals', 'tasks'] });
    expect(hits[0]?.title).toBe('Acme renewal');
    // Two letters are a word worth matching whole again.
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Wu Li' });
      await addContact(tx, { name: 'Lisa Li' });
      await addContact(tx, { name: 'Linnea Larsson' });
    });
    expect((await search('li', { entities: ['contacts'] })).map((hit) => hit.title)).toEqual(['Lisa Li', 'Wu Li', 'Linnea Larsson']);
  });

  it('ranks names holding the letters as typed above names that only match once folded ("mül": the Müllers before the Mulders)', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Katrin Müller' });
      await addContact(tx, { name: 'Jürgen Müller' });
    });
    // Newer, and as short: without the accent they would come first.
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Ruud Mulder' });
      await addContact(tx, { name: 'Femke Mulder' });
    });
    const names = async (text: string, limit?: number) => (await search(text, { ...(limit === undefined ? {} : { limit }) })).map((hit) => hit.title);
    const mullers = ['Jürgen Müller', 'Katrin Müller'];
    const mulders = ['Femke Mulder', 'Ruud Mulder'];
    const mul = await names('mül');
    expect(mul.slice(0, 2).sort()).toEqual(mullers);
    expect(mul.slice(2).sort()).toEqual(mulders);
    // Typed decomposed (ü as u and a combining diaeresis), and on a page of two: the Müllers, not the newer Mulders.
    expect((await names('mu\u0308l', 2)).sort()).toEqual(mullers);
    expect((await names('MÜL', 2)).sort()).toEqual(mullers);
    // Typed without the accent, the query says nothing about it: all four, by the usual ranking.
    expect((await names('mul')).sort()).toEqual([...mulders, ...mullers].sort());
  });
});
