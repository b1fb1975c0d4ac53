// Every schema migration, in order. Append only: add the next file at the end,
// never edit, reorder or remove a shipped one.
import { migration0001Contacts } from './0001-contacts';
import { migration0002Crm } from './0002-crm';
import { migration0003Search } from './0003-search';
import { migration0004Sync } from './0004-sync';
import { migration0005ListIndexes } from './0005-list-indexes';
import { migration0006ContactTerritory } from './0006-contact-territory';
import { migration0007SearchMerge } from './0007-search-merge';
import { migration0008SearchFold } from './0008-search-fold';
import { migration0009SearchCjkSpaces } from './0009-search-cjk-spaces';
import { migration0010RejectionReasons } from './0010-rejection-reasons';
import { migration0011RejectedWithoutDuplicates } from './0011-rejected-without-duplicates';
import { migration0012SearchScriptMarks } from './0012-search-script-marks';
import { migration0013UserDirectory } from './0013-user-directory';
import { migration0014SyncUnsent } from './0014-sync-unsent';
import { migration0015SearchNukta } from './0015-search-nukta';
import { migration0016NameSortKeys } from './0016-name-sort-keys';
import { migration0017SearchPhoneNumbers } from './0017-search-phone-numbers';
import { migration0018DealAmountByCurrency } from './0018-deal-amount-by-currency';
import { migration0019SearchPhoneTrunk } from './0019-search-phone-trunk';
import { migration0020DefaultViews } from './0020-default-views';
import { migration0021DealAmountDescending } from './0021-deal-amount-descending';
import { migration0022SearchPhoneUnseparated } from './0022-search-phone-unseparated';
import { migration0023ContactsTerritoryPartial } from './0023-contacts-territory-partial';
import { migration0024ConflictReasons } from './0024-conflict-reasons';
import { migration0025ImportUpdatedRows } from './0025-import-updated-rows';
import { migration0026ImportCreated } from './0026-import-created';
import { migration0027TagKeys } from './0027-tag-keys';
import { migration0028DropExactAccountName } from './0028-drop-exact-account-name';
import { migration0029DealCreatedByOwnerAccount } from './0029-deal-created-by-owner-account';
import { migration0030TaskDueDescending } from './0030-task-due-descending';
import { migration0031RecordOwners } from './0031-record-owners';
import { migration0032SearchReplaced } from './0032-search-replaced';
import { migration0033SearchScriptFolds } from './0033-search-script-folds';
import { migration0034AccessLog } from './0034-access-log';
import { migration0035SearchAccountNames } from './0035-search-account-names';
import type { Migration } from './migration';

export const migrations: readonly Migration[] = [
  migration0001Contacts,
  migration0002Crm,
  migration0003Search,
  migration0004Sync,
  migration0005ListIndexes,
  migration0006ContactTerritory,
  migration0007SearchMerge,
  migration0008SearchFold,
  migration0009SearchCjkSpaces,
  migration0010RejectionReasons,
  migration0011RejectedWithoutDuplicates,
  migration0012SearchScriptMarks,
  migration0013UserDirectory,
  migration0014SyncUnsent,
  migration0015SearchNukta,
  migration0016NameSortKeys,
  migration0017SearchPhoneNumbers,
  migration0018DealAmountByCurrency,
  migration0019SearchPhoneTrunk,
  migration0020DefaultViews,
  migration0021DealAmountDescending,
  migration0022SearchPhoneUnseparated,
  migration0023ContactsTerritoryPartial,
  migration0024ConflictReasons,
  migration0025ImportUpdatedRows,
  migration0026ImportCreated,
  migration0027TagKeys,
  migration0028DropExactAccountName,
  migration0029DealCreatedByOwnerAccount,
  migration0030TaskDueDescending,
  migration0031RecordOwners,
  migration0032SearchReplaced,
  migration0033SearchScriptFolds,
  migration0034AccessLog,
  migration0035SearchAccountNames,
];

export const latestVersion: number = migrations.at(-1)?.version ?? 0;
