// A contact found by one of its emails or phones, not its name, carries that
// email or phone in its hit (`matched`), so the row says why it matched.
import { describe, expect, it } from 'vitest';
import { addContact } from './testing/search-records';
import { useSearchService } from './testing/search-service';

describe('search hits found by an email or phone', () => {
  const { connection, search } = useSearchService();

  it('carries the email or phone that matched, and nothing when the name matched', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Jane Miller', emails: ['jane@home.example', 'j.miller@northwind.example'], phones: ['+44 20 7946 0018'] });
      await addContact(tx, { name: 'Jane Millar', emails: ['jane@contoso.example'], phones: ['+1 206 555 1111'] });
    });
    const byEmail = await search('northwind');
    expect(byEmail.map(({ id, ...hit }) => (id === '' ? null : hit))).toEqual([
      { entity: 'contacts', title: 'Jane Miller', subtitle: [], matched: { field: 'email', value: 'j.miller@northwind.example' } },
    ]);
    const byPhone = await search('020 7946');
    expect(byPhone.map((hit) => [hit.title, hit.matched])).toEqual([['Jane Miller', { field: 'phone', value: '+44 20 7946 0018' }]]);
    expect((await search('2065551111')).map((hit) => hit.matched)).toEqual([{ field: 'phone', value: '+1 206 555 1111' }]);
    // Name and email together: the email holding the word the name does not.
    expect((await search('jane contoso')).map((hit) => [hit.title, hit.matched])).toEqual([['Jane Millar', { field: 'email', value: 'jane@contoso.example' }]]);
    // Found by the name: no matched field, though the emails hold the word too.
    const byName = await search('jane');
    expect(byName).toHaveLength(2);
    expect(byName.every((hit) => !('matched' in hit))).toBe(true);
  });

  it('leaves it out when the body matched elsewhere (a job title, a tag)', async () => {
    await connection.write(async (tx) => {
      await addContact(tx, { name: 'Pat', title: 'Procurement lead', emails: ['pat@buyers.example'], tags: ['golf'] });
    });
    const hits = await search('procure');
    expect(hits.map((hit) => hit.title)).toEqual(['Pat']);
    expect(hits[0]).not.toHaveProperty('matched');
    expect((await search('golf')).map(({ id, ...hit }) => (id === '' ? null : hit))).toEqual([{ entity: 'contacts', title: 'Pat', subtitle: ['Procurement lead'] }]);
  });
});
