// Columns of record tables the vault derives itself (by trigger, migration
// 0006; the names' sort keys, migration 0016, written with the record by
// services/crm) rather than storing a field: they are not part of any
// record, so sync neither sends nor accepts them, whatever a remote change
// names.
export const derivedColumns: Readonly<Record<string, readonly string[]>> = {
  contacts: ['account_territory', 'name_key'],
  accounts: ['name_key'],
  deals: ['name_key'],
  tasks: ['title_key'],
};
