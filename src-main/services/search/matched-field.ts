// Which of a contact's emails or phones a search matched: a contact found
// only by its body (not its name) shows the one holding most of the words
// typed, so the row tells why it matched and which of two like names is
// meant. Read from the contacts table for the page's hits alone; the value
// is the user's own data for their own screen and is never logged.
import { z } from 'zod';
import type { SearchHit } from '../../../src-shared/search/search';
import { termsHeld } from '../../../src-shared/search/search-text';
import type { ReadTx } from '../../vault/connection';

export type MatchedField = NonNullable<SearchHit['matched']>;

const ContactFields = z.object({ id: z.string(), emails: z.string(), phones: z.string() });
const Values = z.array(z.string());

/** Per contact id, the email or phone that holds most of the query's terms (the first such, emails before phones); none held, no entry. */
export async function matchedContactFields(tx: ReadTx, query: string, ids: readonly string[]): Promise<Map<string, MatchedField>> {
  const found = new Map<string, MatchedField>();
  if (ids.length === 0) return found;
  const rows = z
    .array(ContactFields)
    .parse(await tx.all('SELECT id, emails, phones FROM contacts WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]));
  for (const row of rows) {
    const values: MatchedField[] = [
      ...Values.parse(JSON.parse(row.emails)).map((value) => ({ field: 'email' as const, value })),
      ...Values.parse(JSON.parse(row.phones)).map((value) => ({ field: 'phone' as const, value })),
    ];
    let best: MatchedField | null = null;
    let most = 0;
    for (const candidate of values) {
      const held = candidate.value.trim() === '' ? 0 : termsHeld(query, candidate.value);
      if (held > most) {
        best = candidate;
        most = held;
      }
    }
    if (best !== null) found.set(row.id, best);
  }
  return found;
}
