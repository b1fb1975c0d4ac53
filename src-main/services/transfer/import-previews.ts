// The previews of an import (import.preview): the file's first rows as a run
// with the user's choices would take them (import-preview.ts), against the
// vault's duplicate keys, read once and reused until records of the entity
// are written (a mapping screen previews again and again), forgotten when
// the vault locks.
import type { ImportDuplicates, ImportPreview, ImportRun } from '../../../src-shared/transfer/import';
import type { RecordGenerations } from '../../vault/record-generations';
import type { Vault } from '../../vault/vault';
import { FileProblemError } from './csv-source';
import { detectEncoding } from './decode-text';
import { vaultKeyHashes, type VaultKeys } from './duplicate-keys';
import { previewRows } from './import-preview';
import { openSource, type OpenedSource } from './import-source';
import { shownMerges } from './update-preview';
import type { UploadStore } from './upload-store';

/** `duplicates` is the run's choice (skip when not given): the preview says what the run would do with each row. */
export interface PreviewQuery {
  readonly uploadId: string;
  readonly format: ImportRun['format'];
  readonly entity: ImportRun['entity'];
  readonly mapping?: ImportRun['mapping'];
  readonly rows: number;
  readonly duplicates?: ImportDuplicates;
  readonly createAccounts?: boolean;
}

export class ImportPreviews {
  #keyCache: { entity: ImportRun['entity']; withRecords: boolean; generation: number; keys: VaultKeys } | null = null;

  constructor(
    private readonly vault: Vault,
    private readonly uploads: UploadStore,
    /** Moved by every contact and account write: the keys are read again after one. */
    private readonly generations: RecordGenerations,
  ) {}

  async preview(query: PreviewQuery): Promise<ImportPreview> {
    const upload = this.uploads.get(query.uploadId);
    let source: OpenedSource;
    try {
      source = await openSource(upload.bytes, query.format, query.entity, query.mapping);
    } catch (error) {
      // The file breaks before its header could be read: show where, with nothing else.
      if (!(error instanceof FileProblemError)) throw error;
      return { encoding: detectEncoding(upload.bytes), totalRows: 0, headers: [], samples: [], suggestedMapping: [], mapping: [], mappingProblem: null, mappingProblemReason: null, rows: [], fileProblem: error.problem };
    }
    const duplicates = query.duplicates ?? 'skip';
    const keys = duplicates === 'import' ? null : await this.#keys(query.entity, duplicates === 'update');
    const preview = await previewRows(source, {
      entity: query.entity,
      limit: query.rows,
      vaultKeys: keys,
      duplicates,
      knownTotal: upload.rowCounts.get(query.format) ?? null,
      merges: (updates) => this.vault.connection().read((tx) => shownMerges(tx, updates, query.createAccounts ?? true)),
    });
    // The preview read the whole file (or knew its count): a run of it need not count its rows again.
    if (preview.fileProblem === null) upload.rowCounts.set(query.format, preview.totalRows);
    return preview;
  }

  /** The vault locked: the keys read from it go. */
  forget(): void {
    this.#keyCache = null;
  }

  /**
   * Vault keys for previews, reused until records of the entity are written
   * (a mapping screen previews again and again). The generation is taken
   * before the scan: a write that commits during it leaves this copy stale.
   * Keys read with their records serve a preview that needs only the keys
   * (switching the duplicates choice back from Update reads nothing).
   */
  async #keys(entity: ImportRun['entity'], withRecords: boolean): Promise<VaultKeys> {
    const generation = this.generations.of(entity);
    const cached = this.#keyCache;
    if (cached !== null && cached.entity === entity && (cached.withRecords || !withRecords) && cached.generation === generation) return cached.keys;
    const keys = await vaultKeyHashes(this.vault.connection(), entity, withRecords);
    this.#keyCache = { entity, withRecords, generation, keys };
    return keys;
  }
}
