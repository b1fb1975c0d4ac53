// Columns of record tables the vault derives itself (by trigger, migration
// 0006) rather than storing a field: they are not part of any record, so sync
// neither sends nor accepts them, whatever a remote change names.
export const derivedColumns: Readonly<Record<string, readonly string[]>> = {
  contacts: ['account_territory'],
};
