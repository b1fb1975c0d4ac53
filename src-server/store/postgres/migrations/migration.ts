// The shape of one PostgreSQL schema migration: a version (1, 2, …, gap-free,
// in file order), a name, and the DDL statements run in one transaction.
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}
