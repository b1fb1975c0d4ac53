// Every schema migration, in order. Append only: add the next file at the end,
// never edit, reorder or remove a shipped one.
import { migration0001Contacts } from './0001-contacts';
import type { Migration } from './migration';

export const migrations: readonly Migration[] = [migration0001Contacts];

export const latestVersion: number = migrations.at(-1)?.version ?? 0;
