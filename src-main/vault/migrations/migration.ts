// The shape of one schema migration. Migrations are append-only: a shipped
// migration is never edited, a change is a new file with the next version.
import type { WriteTx } from '../connection';

export interface Migration {
  /** 1, 2, 3, … with no gaps; the vault's PRAGMA user_version after it ran. */
  version: number;
  name: string;
  up(tx: WriteTx): Promise<void>;
}
