// What each row of an import becomes given the records already in the vault
// and the rows before it: a new record, an update of the one record its keys
// lead to, or a skipped duplicate (with the rejection that says why). The run
// and the preview ask the same finder, so the preview's rows say what the run
// will do with them.
import type { Rejection } from '../../../src-shared/transfer/import';
import { hashKey, keysOfDraftBothSides, type DuplicateKey, type DuplicateKind, type VaultKeys } from './duplicate-keys';
import type { ImportDraft } from './import-rows';

/** What a checked row becomes: a new record, an update of the record (rowid) it matched, or a skipped duplicate. */
export type Verdict =
  | { readonly kind: 'new' }
  /** `key`: the kind of key that led to the record. */
  | { readonly kind: 'update'; readonly record: number; readonly key: DuplicateKind }
  | { readonly kind: 'skip'; readonly rejection: Rejection };

const newRecord: Verdict = { kind: 'new' };

export class DuplicateFinder {
  /** Key hash → the row that brought it into the file. */
  readonly #inFile = new Map<number, number>();
  /** Record (rowid) → the row that updates it. */
  readonly #updating = new Map<number, number>();
  /** Key hash → the row, imported before a resumed skip job stopped, that brought it (remember). */
  readonly #recalled = new Map<number, number>();

  constructor(
    private readonly vault: VaultKeys | null,
    private readonly update: boolean,
  ) {}

  check(row: number, draft: ImportDraft): Verdict {
    if (this.vault === null) return newRecord;
    const { existing, incoming } = keysOfDraftBothSides(draft);
    const hashes = existing.map(hashKey);
    const verdict = this.update ? this.#updateVerdict(row, draft, incoming, hashes) : this.#skipVerdict(row, draft, incoming, hashes);
    if (verdict.kind !== 'skip') {
      for (const hash of hashes) {
        if (!this.#inFile.has(hash)) this.#inFile.set(hash, row);
      }
    }
    if (verdict.kind === 'update') this.#updating.set(verdict.record, row);
    return verdict;
  }

  /**
   * A row a resumed skip job imported before it stopped: a later row sharing one of its keys is a
   * duplicate of that row, as in a run in one go, though its record is in the vault now.
   */
  remember(row: number, draft: ImportDraft): void {
    for (const hash of keysOfDraftBothSides(draft).existing.map(hashKey)) {
      if (!this.#recalled.has(hash)) this.#recalled.set(hash, row);
    }
  }

  // incoming is a prefix of existing, so hashes[index] is the hash of incoming[index].
  #skipVerdict(row: number, draft: ImportDraft, incoming: readonly DuplicateKey[], hashes: readonly number[]): Verdict {
    for (const [index, key] of incoming.entries()) {
      const hash = hashes[index] ?? hashKey(key);
      const recalled = this.#recalled.get(hash);
      if (recalled !== undefined) return { kind: 'skip', rejection: inFile(row, key.kind, recalled) };
      if (this.vault?.has(hash) === true) return { kind: 'skip', rejection: inVault(row, draft, key.kind) };
      const earlier = this.#inFile.get(hash);
      if (earlier !== undefined) return { kind: 'skip', rejection: inFile(row, key.kind, earlier) };
    }
    return newRecord;
  }

  /**
   * A row sharing a key with an earlier row is skipped as in skip mode; otherwise it updates the one
   * record its keys lead to, unless they lead to several (which one would be a guess) or an earlier
   * row updates that record already (two rows' values in one record: the later would overwrite).
   */
  #updateVerdict(row: number, draft: ImportDraft, incoming: readonly DuplicateKey[], hashes: readonly number[]): Verdict {
    const records = new Set<number>();
    let matchedBy: DuplicateKey['kind'] | null = null;
    for (const [index, key] of incoming.entries()) {
      const hash = hashes[index] ?? hashKey(key);
      const earlier = this.#inFile.get(hash);
      if (earlier !== undefined) return { kind: 'skip', rejection: inFile(row, key.kind, earlier) };
      // Two records are enough to know the row cannot update one.
      for (const record of this.vault?.recordsOf(hash, 2) ?? []) {
        records.add(record);
        matchedBy ??= key.kind;
      }
    }
    const [record] = records;
    if (record === undefined || matchedBy === null) return newRecord;
    const label = labelOf(draft);
    if (records.size > 1) {
      return { kind: 'skip', rejection: { row, field: matchedBy, code: 'duplicate_in_vault', message: `Matches more than one existing ${label}`, reasons: [{ code: 'duplicate_many_in_vault', entity: draft.entity }] } };
    }
    const updating = this.#updating.get(record);
    if (updating !== undefined) {
      return { kind: 'skip', rejection: { row, field: matchedBy, code: 'duplicate_in_file', message: `Row ${updating} updates the same existing ${label}`, reasons: [{ code: 'same_record_in_file', entity: draft.entity, row: updating }] } };
    }
    return { kind: 'update', record, key: matchedBy };
  }
}

const labelOf = (draft: ImportDraft): string => (draft.entity === 'contacts' ? 'contact' : 'account');

function inVault(row: number, draft: ImportDraft, kind: DuplicateKey['kind']): Rejection {
  return { row, field: kind, code: 'duplicate_in_vault', message: `An existing ${labelOf(draft)} has the same ${kind}`, reasons: [{ code: 'duplicate_in_vault', key: kind, entity: draft.entity }] };
}

function inFile(row: number, kind: DuplicateKey['kind'], earlier: number): Rejection {
  return { row, field: kind, code: 'duplicate_in_file', message: `Row ${earlier} has the same ${kind}`, reasons: [{ code: 'duplicate_in_file', key: kind, row: earlier }] };
}
