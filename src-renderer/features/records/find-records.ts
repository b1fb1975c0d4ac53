// Finds records by name for pickers (the account of a contact, the contacts
// of a deal). Typed text goes to the global search index (search.query,
// limited to the one entity), so it works the same on a vault of a million
// contacts; with nothing typed yet the picker offers the first records by name.
// A deal's second line has its stage and amount (with its account when found
// by search), which tell apart the deals of one account that share a name; a
// pasted text longer than search reads is cut to what it reads, as in Ctrl+K.
// An account picker's matches that hold no account of the typed name (folded:
// case, accents, runs of spaces) may still leave one out: ranked below the
// eight shown ("Café Nord" typed lists the Café Nord … names holding the
// accent first, Cafe Nord last). It is asked for by name (accounts.lookAlikes,
// the New account dialog's check) and put first, so the picker offers it, not
// "Create account", which made it a second time.
import { foldText, maxQueryChars } from '../../../src-shared/search/search-text';
import type { FieldVaultApi } from '../../api/bridge-client';
import { entityOfKind, type EntityKind } from '../../app/router';
import { formatMoney } from '../../ui/format';
import { hitSubtitle } from '../search/hit-subtitle';

export interface FoundRecord {
  readonly id: string;
  readonly name: string;
  /** The second line's parts (RefPicker shows each in its own direction, JoinedValues). */
  readonly detail: readonly string[];
}

const shownLimit = 8;

async function firstByName(api: FieldVaultApi, kind: EntityKind): Promise<FoundRecord[]> {
  const sort = { field: 'name', direction: 'asc' } as const;
  switch (kind) {
    case 'account':
      return (await api.invoke('accounts.list', { sort, limit: shownLimit })).items.map((a) => ({
        id: a.id,
        name: a.name,
        detail: [a.industry, a.address.city].filter((part) => part !== ''),
      }));
    case 'contact':
      return (await api.invoke('contacts.list', { sort, limit: shownLimit })).items.map((c) => ({
        id: c.id,
        name: c.name,
        detail: [c.title === '' ? (c.emails[0] ?? '') : c.title].filter((part) => part !== ''),
      }));
    case 'deal':
      return (await api.invoke('deals.list', { sort, limit: shownLimit })).items.map((d) => ({ id: d.id, name: d.name, detail: [formatMoney(d.amount, d.currency)] }));
    case 'activity':
    case 'task':
      return [];
  }
}

export async function findRecords(api: FieldVaultApi, kind: EntityKind, text: string): Promise<FoundRecord[]> {
  const typed = text.trim().slice(0, maxQueryChars).trim();
  if (typed === '') return firstByName(api, kind);
  const result = await api.invoke('search.query', { text: typed, entities: [entityOfKind[kind]], limit: shownLimit });
  const found = result.hits.map((hit) => ({ id: hit.id, name: hit.title, detail: hitSubtitle(hit) }));
  const name = text.trim();
  if (kind !== 'account' || found.some((record) => sameName(record.name, name))) return found;
  // No shown match has the name: any account that has it goes first (its name said, without a second line).
  const named = (await api.invoke('accounts.lookAlikes', { name: name.slice(0, lookAlikeNameChars) })).records;
  const first = named.filter((record) => record.by === 'name' && sameName(record.name, name)).map((record) => ({ id: record.id, name: record.name, detail: [] }));
  return [...first, ...found.filter((record) => !first.some((one) => one.id === record.id))].slice(0, shownLimit);
}

/** The longest name accounts.lookAlikes reads (LookAlikeQuery). */
const lookAlikeNameChars = 500;

/** A name as an import's duplicate check keys it: folded as search folds (case, accents), spaces run together. */
function nameKey(name: string): string {
  return foldText(name).replace(/\s+/g, ' ').trim();
}

/** Whether an account's name is the typed one, letter case, accents and runs of spaces aside ("Cafe  nord" is "Café Nord"). */
export function sameName(name: string, typed: string): boolean {
  return nameKey(name) === nameKey(typed);
}
