// The live records a new record would duplicate (`<entity>.lookAlikes`),
// asked while its "New …" dialog is filled in, or while a key of an existing
// one is edited in place (that record left out): a contact sharing an email
// address or a phone number with the one typed, an account sharing its name,
// with the keys and folding an import's duplicate check uses
// (duplicate-keys.ts); a deal sharing its name (folded) and its account. The
// search index finds the candidates (an address as its words in a row, a
// number by its phone tokens, a name by its exact words), so the answer costs
// a few index lookups on a million contacts; each candidate is then compared
// key by key, so only a real match is named. A name's candidates are only
// those indexed under the typed name's own index text (and a deal's, of its
// account), so the records that merely hold its words, however many and
// however much older, never fill the candidates read before the one sharing it.
import { z } from 'zod';
import { lookAlikesShown, type LookAlikeQuery, type LookAlikes } from '../../../src-shared/domain/look-alikes';
import { foldText, indexText, matchExpression, phoneExpression, phraseExpression } from '../../../src-shared/search/search-text';
import type { ReadTx } from '../../vault/connection';
import { keysOfRecord, type DuplicateKey } from '../transfer/duplicate-keys';

type Entity = 'contacts' | 'accounts' | 'deals';

/** Index hits read per key typed: the candidates compared. */
const candidatesPerKey = 50;
const kindOrder = { email: 0, phone: 1, name: 2 } as const;

const Candidate = z.object({
  id: z.string(),
  name: z.string(),
  emails: z.string().transform((text): unknown => JSON.parse(text)).pipe(z.array(z.string())).optional(),
  phones: z.string().transform((text): unknown => JSON.parse(text)).pipe(z.array(z.string())).optional(),
});

/**
 * A key's candidates: the index's matches first (CROSS JOIN), each looked up by its doc id. As a plain
 * JOIN SQLite walked the entity's search docs and asked the match of each: on 100,000 contacts 63 asks
 * did not end in 15 minutes; now an address takes 1.4 ms (median of 21; slowest 16.7), a number 0.6 ms.
 */
export const candidatesQuery = 'SELECT d.record_id FROM search_fts f CROSS JOIN search_docs d ON d.doc_id = f.rowid WHERE search_fts MATCH ? AND d.entity = ? LIMIT ?';

/**
 * A name's candidates (parameters: the name's words, its index text, the record edited or null, and for
 * a deal its account or null): the index's matches indexed under the same name text, other than the one
 * edited, and for a deal the live ones of that account, each looked up as above. The LIMIT comes after
 * these tests: taken over every match of the words, in doc id order, it was filled by the oldest
 * records holding them (60 "Renewal 2025" deals of other accounts hid the one of the same account; 50
 * older "Siemens …" accounts hid Siemens). A name's index text is a function of its key (folded, white
 * space collapsed: indexText folds first, and its CJK runs, phone tokens and spacing do not depend on
 * the width of white space), so every record sharing the key is indexed under it; the key test after
 * drops those that share the index text only (CJK runs with and without a space between them).
 */
export const nameCandidatesQuery = {
  accounts:
    "SELECT d.record_id FROM search_fts f CROSS JOIN search_docs d ON d.doc_id = f.rowid WHERE search_fts MATCH ? AND d.entity = 'accounts' AND d.name = ? AND d.record_id IS NOT ? LIMIT ?",
  deals:
    "SELECT d.record_id FROM search_fts f CROSS JOIN search_docs d ON d.doc_id = f.rowid CROSS JOIN deals r ON r.id = d.record_id WHERE search_fts MATCH ? AND d.entity = 'deals' AND d.name = ? AND d.record_id IS NOT ? AND r.account_id IS ? AND r.deleted_at IS NULL LIMIT ?",
} as const;

/** The search expression that finds the records holding a key (the column it is in, the words or tokens). */
function expressionOf(key: DuplicateKey, typed: string): string | null {
  const inner = key.kind === 'email' ? phraseExpression(typed) : key.kind === 'phone' ? phoneExpression(typed) : matchExpression(typed, true);
  if (inner === null) return null;
  return `{${key.kind === 'name' ? 'name' : 'body'}} : (${inner})`;
}

const DealCandidate = z.object({ id: z.string(), name: z.string(), account_id: z.string().nullable() });

/** A deal's name as compared: case, accents and spacing folded. */
function dealKey(name: string): string {
  return foldText(name).replace(/\s+/gu, ' ').trim();
}

/** The live deals of the same account (or of none, as typed) whose name folds to the one typed. */
async function dealLookAlikes(tx: ReadTx, query: LookAlikeQuery): Promise<LookAlikes> {
  const key = dealKey(query.name);
  const words = matchExpression(query.name, true);
  if (key === '' || words === null) return { records: [] };
  const rows = await tx.all<{ record_id: unknown }>(nameCandidatesQuery.deals, [`{name} : (${words})`, indexText(query.name), query.except ?? null, query.accountId ?? null, candidatesPerKey]);
  const ids = rows.map((row) => row.record_id).filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) return { records: [] };
  const candidates = z
    .array(DealCandidate)
    .parse(await tx.all('SELECT id, name, account_id FROM deals WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?)) AND id IS NOT ?', [JSON.stringify(ids), query.except ?? null]));
  const found = candidates
    .filter((deal) => deal.account_id === (query.accountId ?? null) && dealKey(deal.name) === key)
    .map((deal) => ({ id: deal.id, name: deal.name, by: 'name' as const }));
  found.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { records: found.slice(0, lookAlikesShown) };
}

export async function lookAlikes(tx: ReadTx, entity: Entity, query: LookAlikeQuery): Promise<LookAlikes> {
  if (entity === 'deals') return dealLookAlikes(tx, query);
  // A contact's name is no key here: the keys an import compares a row that has an email or phone by.
  const typed: { key: DuplicateKey; text: string }[] = [];
  if (entity === 'accounts') {
    const [name] = keysOfRecord('accounts', { name: query.name }, 'incoming');
    if (name !== undefined && name.key !== '') typed.push({ key: name, text: query.name });
  } else {
    for (const email of query.emails) for (const key of keysOfRecord('contacts', { name: '', emails: [email] }, 'existing')) if (key.kind === 'email' && key.key !== '') typed.push({ key, text: email });
    for (const phone of query.phones) for (const key of keysOfRecord('contacts', { name: '', phones: [phone] }, 'existing')) if (key.kind === 'phone') typed.push({ key, text: phone });
  }
  const ids = new Set<string>();
  for (const { key, text } of typed) {
    const expression = expressionOf(key, text);
    if (expression === null) continue;
    const rows =
      entity === 'accounts'
        ? await tx.all<{ record_id: unknown }>(nameCandidatesQuery.accounts, [expression, indexText(text), query.except ?? null, candidatesPerKey])
        : await tx.all<{ record_id: unknown }>(candidatesQuery, [expression, entity, candidatesPerKey]);
    for (const { record_id: id } of rows) if (typeof id === 'string') ids.add(id);
  }
  if (ids.size === 0) return { records: [] };
  const columns = entity === 'contacts' ? 'id, name, emails, phones' : 'id, name';
  const candidates = z
    .array(Candidate)
    .parse(await tx.all(`SELECT ${columns} FROM ${entity} WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?)) AND id IS NOT ?`, [JSON.stringify([...ids]), query.except ?? null]));
  const found: LookAlikes['records'] = [];
  for (const candidate of candidates) {
    const keys = keysOfRecord(entity, candidate, 'existing');
    const shared = typed.find(({ key }) => keys.some((own) => own.kind === key.kind && own.key === key.key));
    if (shared !== undefined) found.push({ id: candidate.id, name: candidate.name, by: shared.key.kind });
  }
  found.sort((a, b) => kindOrder[a.by] - kindOrder[b.by] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { records: found.slice(0, lookAlikesShown) };
}
