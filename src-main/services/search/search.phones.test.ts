// The search service on a real vault, for phone numbers: typed in another
// grouping, without their country code, with their trunk prefix, or as
// their local number (phone tokens, src-shared/search/search-text.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addContact, addDeal } from './testing/search-records';
import { useSearchService } from './testing/search-service';

describe('global search service: phone numbers', () => {
  const { connection, titles } = useSearchService();
  /** One contact a phone, named by the keys. */
  const addPhones = (phones: Record<string, string>) =>
    connection.write(async (tx) => {
      for (const [name, phone] of Object.entries(phones)) await addContact(tx, { name, phones: [phone] });
    });

  it('finds a phone number typed with another grouping than the one stored', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Pat', phones: ['07700 900123'] });
      await addContact(tx, { name: 'Sam', phones: ['07700 900999'] });
    });
    expect(await titles('07700 900123')).toEqual(['Pat']);
    expect(await titles('0770 0900123')).toEqual(['Pat']);
    expect(await titles('077 009 001 23')).toEqual(['Pat']);
    expect((await titles('0770-0900')).sort()).toEqual(['Pat', 'Sam']);
    expect(await titles('0770 0900 5')).toEqual([]);
  });

  it('finds a phone number typed as digits without its country code, with its trunk 0, or as its local number', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Seattle', phones: ['+1 206 555 1111'] });
      await addContact(tx, { name: 'Shanghai', phones: ['+86 138 1234 5678'] });
      await addContact(tx, { name: 'London', phones: ['+44 20 7946 0202'] });
      await addContact(tx, { name: 'Bracketed', phones: ['+44 (0)161 496 0303'] });
      await addContact(tx, { name: 'National', phones: ['(206) 555-2222'] });
      await addDeal(tx, 'Order 2079 renewal');
    });
    for (const typed of ['+1 206 555 1111', '206-555-1111', '(206) 555-1111', '+12065551111', '2065551111', '2065551', '5551111', '555-1111']) {
      expect(await titles(typed), typed).toEqual(['Seattle']);
    }
    for (const typed of ['13812345678', '+86 138 1234 5678', '8613812345678', '12345678', '138123']) expect(await titles(typed), typed).toEqual(['Shanghai']);
    for (const typed of ['02079460202', '2079460202', '020 7946 0202', '79460202', '9460202']) expect(await titles(typed), typed).toEqual(['London']);
    for (const typed of ['01614960303', '1614960303', '0161 496 0303', '+44 161 496 0303', '4960303']) expect(await titles(typed), typed).toEqual(['Bracketed']);
    // Stored without its country code, found typed with it.
    for (const typed of ['+1 206 555 2222', '+12065552222', '5552222']) expect(await titles(typed), typed).toEqual(['National']);
    // Fewer than six digits reach words only: the deal's 2079, not London's 2079460202, nor a local number's start.
    expect(await titles('2079')).toEqual(['Order 2079 renewal']);
    expect(await titles('94602')).toEqual([]);
    // Neither a middle stretch nor too long a number finds anything.
    expect(await titles('5551')).toEqual([]);
    expect(await titles('55511')).toEqual([]);
    expect(await titles('20655511119')).toEqual([]);
  });

  it('finds any number stored with its country code by its national number, trunk form and last 7 digits (property)', async () => {
    const codes = ['1', '7', '20', '33', '44', '49', '61', '81', '86', '91', '353', '852', '971'];
    const written = fc.record({
      code: fc.constantFrom(...codes),
      national: fc.stringMatching(/^[1-9][0-9]{7,10}$/),
      cuts: fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 3 }),
      separator: fc.constantFrom(' ', '-', '.', ' - '),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(written, async ({ code, national, cuts, separator }) => {
        run += 1;
        const grouped = [...new Set(cuts)].sort((a, b) => b - a).reduce((text, cut) => (cut < text.length ? `${text.slice(0, cut)}${separator}${text.slice(cut)}` : text), national);
        const name = `Person ${run}`;
        await connection.write((tx) => addContact(tx, { name, phones: [`+${code} ${grouped}`] }));
        const trunk = code === '1' ? null : code === '7' ? '8' : '0';
        const typed = [national, national.slice(-7), ...(trunk === null ? [] : [`${trunk}${national}`])];
        for (const text of typed) expect(await titles(text), `${text} for +${code} ${grouped}`).toContain(name);
      }),
      { numRuns: 60 },
    );
  });
  it('finds a number stored in national form with its trunk 0 typed without it, after its country code or not, and not by another country\'s number', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'London national', phones: ['020 7946 0018'] });
      await addContact(tx, { name: 'Berlin national', phones: ['030 1234567'] });
      await addContact(tx, { name: 'Rome national', phones: ['06 1234 5678'] });
      await addContact(tx, { name: 'London international', phones: ['+44 20 7946 0019'] });
      await addContact(tx, { name: 'Maine', phones: ['+1 207 946 0018'] });
    });
    // Without a country code: any number of any country whose national number starts so.
    for (const typed of ['20 7946', '2079460018']) expect(await titles(typed), typed).toContain('London national');
    expect(await titles('30 1234567')).toEqual(['Berlin national']);
    // With a country code: that country's numbers only, not Maine's +1 207 946 0018.
    for (const typed of ['+44 20 7946 0018', '0044 20 7946 0018', '+44 (0)20 7946 0018', '442079460018']) expect(await titles(typed), typed).toEqual(['London national']);
    for (const typed of ['+49 30 1234567', '4930123456']) expect(await titles(typed), typed).toEqual(['Berlin national']);
    for (const typed of ['+39 06 1234 5678', '390612345678']) expect(await titles(typed), typed).toEqual(['Rome national']);
    for (const typed of ['+1 207 946 0018', '12079460018']) expect(await titles(typed), typed).toEqual(['Maine']);
    // The reverse: stored with its country code, typed in national form with its trunk 0.
    expect(await titles('020 7946')).toContain('London international');
    expect(await titles('020 7946 0019')).toEqual(['London international']);
  });

  it('finds a phone written without separators as one written in groups: by a group, without its trunk 0 or country code, or as its local number', async () => {
    await addPhones({ National: '02079460018', International: '+441614960303', Dialled: '008613812345678', Bare: '2065551111' });
    await connection.write((tx) => addDeal(tx, 'Order 31415 renewal'));
    const found = {
      National: ['7946', '0018', '020 7946', '20 7946', '7946 0018', '2079460018', '79460018', '+44 20 7946 0018', '442079460018'],
      International: ['496', '0303', '161 496', '0161 496 0303', '4960303', '+44 161 496 0303'],
      Dialled: ['1234', '5678', '138 1234 5678', '13812345678', '+86 138 1234 5678'],
      Bare: ['555', '1111', '555-1111', '206 555', '(206) 555-1111'],
    };
    for (const [name, queries] of Object.entries(found)) for (const typed of queries) expect(await titles(typed), typed).toEqual([name]);
    // A stretch where no group of them starts, and a shorter digit run (a number in a name, not a phone), stay unmatched.
    for (const typed of ['4600', '46001', '1415', '415']) expect(await titles(typed), typed).toEqual([]);
  });

  it('finds a number of Russia or Kazakhstan written with its trunk 8 without the 8, and leaves 8 an ordinary digit elsewhere', async () => {
    await addPhones({ Moscow: '8 495 123-45-67', Astana: '8 (7172) 12-34-56', Almaty: '87271234567', 'Moscow international': '+7 499 765 43 21', Natal: '(84) 98765-4321' });
    for (const typed of ['4951234567', '495 1234567', '+7 495 123 45 67', '74951234567']) expect(await titles(typed), typed).toEqual(['Moscow']);
    for (const typed of ['7172123456', '7172 123456', '+7 7172 12 34 56']) expect(await titles(typed), typed).toEqual(['Astana']);
    for (const typed of ['7271234567', '727 123 4567', '+7 727 123 45 67']) expect(await titles(typed), typed).toEqual(['Almaty']);
    // The other way: stored with +7, typed in national form with the 8.
    for (const typed of ['8 499 765-43-21', '84997654321', '4997654321']) expect(await titles(typed), typed).toEqual(['Moscow international']);
    // Brazil's area code 84 first, not a trunk 8: its number after the 8 finds nothing.
    expect(await titles('4987654321')).toEqual([]);
    expect(await titles('84 98765-4321')).toEqual(['Natal']);
  });

  it('ranks the contact whose phone is the number typed above newer contacts whose phones only start with it', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Equal', phones: ['+44 20 7946 0018'] });
      await addContact(tx, { name: 'Equal national', phones: ['020 7946 0018'] });
    });
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Longer', phones: ['+44 20 7946 00181'] });
      await addContact(tx, { name: 'Longer national', phones: ['020 7946 00182'] });
    });
    for (const typed of ['+44 20 7946 0018', '2079460018', '02079460018', '020 7946 0018', '442079460018']) {
      const found = await titles(typed);
      expect(found.slice(0, 2).sort(), typed).toEqual(['Equal', 'Equal national']);
      expect(found.slice(2).sort(), typed).toEqual(['Longer', 'Longer national']);
    }
  });
});
