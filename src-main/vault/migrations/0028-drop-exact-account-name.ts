// 0028: drops accounts_live_exact_name. It served the import's lookup of an
// account by a company name under the name column's NOCASE collation, which
// folds ASCII letters only ("ÉCOLE DES ARTS" missed "École des Arts" and the
// import made a second account). The import now looks company names up by
// their sort key (company-accounts.ts), which accounts_live_name leads with,
// so this index only cost every account write an entry.
import type { Migration } from './migration';

export const migration0028DropExactAccountName: Migration = {
  version: 28,
  name: 'drop-exact-account-name',
  async up(tx) {
    await tx.run('DROP INDEX IF EXISTS accounts_live_exact_name');
  },
};
