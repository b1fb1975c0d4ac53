// The shape of one schema migration. Migrations are append-only: a shipped
// migration is never edited, a change is a new file with the next version.
import type { WriteTx } from '../connection';

/** How far a long migration has got: `done` of `total` rows (0 ≤ done ≤ total, total ≥ 1). */
export interface MigrationRows {
  readonly done: number;
  readonly total: number;
}

export interface Migration {
  /** 1, 2, 3, … with no gaps; the vault's PRAGMA user_version after it ran. */
  version: number;
  name: string;
  /**
   * Runs inside the write transaction that also sets the version. A
   * migration that may take long (a search index rebuilt) calls `progress`
   * as it goes, a batch of rows at a time; the unlock screen shows it.
   */
  up(tx: WriteTx, progress: (rows: MigrationRows) => void): Promise<void>;
}
