// Words the main process's reasons (src-shared/ipc/reasons.ts) in the UI's
// language. The main process sends each reason beside its English message;
// in English that message is shown as it is (it is what the main process
// wrote, and the forms' wording of a rule is less precise), in any other
// language the reason is worded here, and a reason this renderer cannot word
// keeps the English message.
import type { ErrorCode } from '../../src-shared/ipc/errors';
import type { FieldRuleReason, FileProblemCode, Reason } from '../../src-shared/ipc/reasons';
import type { ConflictReason } from '../../src-shared/sync/client-api';
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import { maxImportColumns, maxImportRecordChars } from '../../src-shared/transfer/import';
import { currentLocale, i18n } from '../app/i18n';
import { en } from '../app/locales/en';
import { formatIsoDate, formatNumber } from './format';

type TranslatedCode = Exclude<keyof typeof en.errors.code, 'THROTTLED'>;

/** Codes added to errors.ts later may not be translated yet; THROTTLED needs its wait. */
function isTranslated(code: string): code is TranslatedCode {
  return code !== 'THROTTLED' && Object.prototype.hasOwnProperty.call(en.errors.code, code);
}

/** The translated sentence for an error code; null for one without a sentence of its own here. */
export function errorCodeText(code: ErrorCode): string | null {
  return isTranslated(code) ? i18n.t(`errors.code.${code}`) : null;
}

/** A broken field rule, worded as the forms word it. */
export function fieldRuleText(rule: FieldRuleReason): string {
  switch (rule.code) {
    case 'required':
      return i18n.t('validation.required');
    case 'too_short':
      return i18n.t('validation.tooShort', { min: rule.min });
    case 'too_long':
      return i18n.t('validation.tooLong', { max: rule.max });
    case 'too_small':
      return i18n.t('validation.tooSmall', { min: rule.min });
    case 'too_big':
      return i18n.t('validation.tooBig', { max: rule.max });
    case 'email':
      return i18n.t('validation.email');
    case 'url':
      return i18n.t('validation.url');
    case 'date':
      return i18n.t('validation.date');
    case 'time_range':
      return i18n.t('validation.timeRange');
    case 'number':
      return i18n.t('validation.number');
    case 'whole_number':
      return i18n.t('validation.wholeNumber');
    case 'choice':
      return i18n.t('validation.choice');
    case 'phone':
      return i18n.t('validation.phone');
    case 'tag':
      return i18n.t('validation.tag');
    case 'currency_code':
      return i18n.t('validation.currencyCode');
    case 'range_order':
      return i18n.t('validation.rangeOrder');
    case 'too_many_months':
      return i18n.t('validation.tooManyMonths', { max: rule.max });
    case 'reminder_after_due':
      return i18n.t('validation.reminderAfterDue');
    case 'invalid':
      return i18n.t('validation.invalid');
  }
}

const entityNames = { contacts: 'entity.contact.other', accounts: 'entity.account.other' } as const;
/** An entity's name as it reads inside a sentence ("the linked account"). */
const recordNames = {
  contacts: 'entity.contact.inSentence',
  accounts: 'entity.account.inSentence',
  deals: 'entity.deal.inSentence',
  activities: 'entity.activity.inSentence',
  tasks: 'entity.task.inSentence',
} as const satisfies Record<SyncedEntity, string>;
const duplicateInVault = { contacts: 'transfer.reasons.duplicateInVaultContacts', accounts: 'transfer.reasons.duplicateInVaultAccounts' } as const;
const duplicateMany = { contacts: 'transfer.reasons.duplicateManyContacts', accounts: 'transfer.reasons.duplicateManyAccounts' } as const;
const sameRecord = { contacts: 'transfer.reasons.sameRecordContacts', accounts: 'transfer.reasons.sameRecordAccounts' } as const;
const duplicateUnchanged = { contacts: 'transfer.reasons.duplicateUnchangedContacts', accounts: 'transfer.reasons.duplicateUnchangedAccounts' } as const;
const duplicateGone = { contacts: 'transfer.reasons.duplicateGoneContacts', accounts: 'transfer.reasons.duplicateGoneAccounts' } as const;

function fileProblemText(problem: FileProblemCode): string {
  switch (problem) {
    case 'record_too_large':
      return i18n.t('transfer.fileProblems.record_too_large', { max: formatNumber(maxImportRecordChars) });
    case 'too_many_columns':
      return i18n.t('transfer.fileProblems.too_many_columns', { max: formatNumber(maxImportColumns) });
    default:
      return i18n.t(`transfer.fileProblems.${problem}`);
  }
}

/** A reason in the UI's language; null for one this renderer cannot word. */
export function reasonText(reason: Reason): string | null {
  switch (reason.code) {
    case 'required':
    case 'too_short':
    case 'too_long':
    case 'too_small':
    case 'too_big':
    case 'email':
    case 'url':
    case 'date':
    case 'time_range':
    case 'number':
    case 'whole_number':
    case 'choice':
    case 'phone':
    case 'tag':
    case 'currency_code':
    case 'range_order':
    case 'too_many_months':
    case 'reminder_after_due':
    case 'invalid':
      return fieldRuleText(reason);
    case 'not_utf8':
      return i18n.t('transfer.reasons.notUtf8');
    case 'vcard_version':
      return i18n.t('transfer.reasons.vcardVersion');
    case 'vcard_unfinished':
      return i18n.t('transfer.reasons.vcardUnfinished');
    case 'vcard_not_property':
      return i18n.t('transfer.reasons.vcardNotProperty', { line: reason.line });
    case 'vcard_no_end':
      return i18n.t('transfer.reasons.vcardNoEnd');
    case 'more_reasons':
      return i18n.t('transfer.reasons.moreReasons', { count: reason.count });
    case 'duplicate_in_vault':
      return i18n.t(reason.entity === undefined ? 'transfer.reasons.duplicateInVault' : duplicateInVault[reason.entity], { key: i18n.t(`transfer.duplicateKeys.${reason.key}`) });
    case 'duplicate_in_file':
      return i18n.t('transfer.reasons.duplicateInFile', { key: i18n.t(`transfer.duplicateKeys.${reason.key}`), row: reason.row });
    case 'duplicate_many_in_vault':
      return i18n.t(duplicateMany[reason.entity]);
    case 'same_record_in_file':
      return i18n.t(sameRecord[reason.entity], { row: reason.row });
    case 'duplicate_gone':
      return i18n.t(duplicateGone[reason.entity]);
    case 'duplicate_unchanged':
      return i18n.t(duplicateUnchanged[reason.entity]);
    case 'duplicate_other_emails':
      return i18n.t('transfer.reasons.duplicateOtherEmails');
    case 'duplicate_other_name':
      return i18n.t('transfer.reasons.duplicateOtherName');
    case 'column_count':
      return i18n.t('transfer.reasons.columnCount', {
        values: reason.values,
        columns: reason.columns,
        delimiter: i18n.t(`transfer.delimiters.${reason.delimiter}`),
      });
    case 'field_not_for_entity':
      return i18n.t('transfer.reasons.fieldNotForEntity', { field: i18n.t(`transfer.fields.${reason.field}`), entity: i18n.t(entityNames[reason.entity]) });
    case 'field_mapped_twice':
      return i18n.t('transfer.reasons.fieldMappedTwice', { field: i18n.t(`transfer.fields.${reason.field}`) });
    case 'name_unmapped':
      return reason.entity === 'contacts' ? i18n.t('transfer.reasons.nameUnmappedContacts') : i18n.t('transfer.reasons.nameUnmappedAccounts');
    case 'file_problem': {
      const problem = fileProblemText(reason.problem);
      if (reason.line === null) return problem;
      // A row apart from the line only when a quoted value spanning lines (or Excel's "sep=" line) makes them differ.
      return reason.row === undefined || reason.row === null || reason.row === reason.line
        ? i18n.t('transfer.reasons.atLine', { problem, line: reason.line })
        : i18n.t('transfer.reasons.atLineAndRow', { problem, line: reason.line, row: reason.row });
    }
    case 'workbook_xlsx':
      return i18n.t('transfer.reasons.workbookXlsx');
    case 'workbook_xls':
      return i18n.t('transfer.reasons.workbookXls');
    case 'not_utf8_file':
      return i18n.t('transfer.reasons.notUtf8File');
    case 'vcard_into_accounts':
      return i18n.t('transfer.reasons.vcardIntoAccounts');
    case 'file_too_large':
      return i18n.t('transfer.reasons.fileTooLarge', { max: reason.maxMb });
    case 'upload_complete':
      return i18n.t('transfer.reasons.uploadComplete');
    case 'upload_incomplete':
      return i18n.t('transfer.reasons.uploadIncomplete');
    case 'upload_gone':
      return i18n.t('transfer.reasons.uploadGone');
    case 'mapping_wider_than_file':
      return i18n.t('transfer.reasons.mappingWiderThanFile');
    case 'resume_other_kind':
      return i18n.t('transfer.reasons.resumeOtherKind');
    case 'resume_dry_run':
      return i18n.t('transfer.reasons.resumeDryRun');
    case 'resume_finished':
      return i18n.t('transfer.reasons.resumeFinished');
    case 'resume_undone':
      return i18n.t('transfer.reasons.resumeUndone');
    case 'resume_other_file':
      return i18n.t('transfer.reasons.resumeOtherFile');
    case 'no_check':
      return i18n.t('transfer.reasons.noCheck');
    case 'import_running':
      return i18n.t('transfer.reasons.importRunning');
    case 'import_still_running':
      return i18n.t('transfer.reasons.importStillRunning');
    case 'undo_running':
      return i18n.t('transfer.reasons.undoRunning');
    case 'export_running':
      return i18n.t('transfer.reasons.exportRunning');
    case 'undo_not_ended':
      return i18n.t('transfer.reasons.undoNotEnded');
    case 'undo_unavailable':
      return i18n.t('transfer.reasons.undoUnavailable');
    case 'export_too_many_rows':
      return i18n.t('transfer.reasons.exportTooManyRows', { max: formatNumber(reason.max) });
    case 'export_too_large':
      return i18n.t('transfer.reasons.exportTooLarge', { max: formatNumber(reason.maxMegabytes) });
    case 'export_records_left':
      return i18n.t('transfer.reasons.exportRecordsLeft');
    case 'export_records_changed':
      return i18n.t('transfer.reasons.exportRecordsChanged');
    case 'invalid_request':
      return i18n.t('errors.reasons.invalidRequest', { path: reason.path, rule: fieldRuleText(reason.rule) });
    case 'link_missing':
      return i18n.t('errors.reasons.linkMissing', { entity: i18n.t(recordNames[reason.entity]) });
    case 'link_trashed':
      return i18n.t('errors.reasons.linkTrashed', { entity: i18n.t(recordNames[reason.entity]) });
    case 'selection_gone':
      return i18n.t('errors.reasons.selectionGone', { entity: i18n.t(recordNames[reason.entity]) });
    case 'not_owner':
      if (reason.importRow === true) return i18n.t('transfer.reasons.notOwnerRow', { entity: i18n.t(recordNames[reason.entity]) });
      return reason.count === undefined
        ? i18n.t('errors.reasons.notOwner', { entity: i18n.t(recordNames[reason.entity]) })
        : i18n.t('errors.reasons.notOwnerSelected', { count: reason.count });
    case 'tags_full':
      return i18n.t('errors.reasons.tagsFull', { entity: i18n.t(recordNames[reason.entity]), max: formatNumber(reason.max) });
    case 'amount_too_large_for_currency':
      return i18n.t('errors.reasons.amountTooLargeForCurrency');
    case 'unknown_stage':
      return i18n.t('errors.reasons.unknownStage');
    case 'stage_has_deals':
      return i18n.t('errors.reasons.stageHasDeals');
    case 'stage_kind_has_deals':
      return i18n.t('errors.reasons.stageKindHasDeals');
    case 'stage_has_trashed_deals':
      return i18n.t('errors.reasons.stageHasTrashedDeals', { count: reason.count });
    case 'probability_fixed_by_stage':
      return i18n.t(`errors.reasons.probabilityFixedByStage.${reason.kind}`);
    case 'stage_move_overtaken':
      return i18n.t('errors.reasons.stageMoveOvertaken');
    case 'conflict_value_gone':
      return i18n.t('errors.reasons.conflictValueGone');
    case 'conflict_both_invalid':
      return i18n.t('errors.reasons.conflictBothInvalid');
    case 'conflict_record_trashed':
      return i18n.t('errors.reasons.conflictRecordTrashed');
    case 'conflict_changed':
      return i18n.t('errors.reasons.conflictChanged');
    case 'view_name_taken':
      return i18n.t('errors.reasons.viewNameTaken');
    case 'vault_too_new':
      return i18n.t('errors.reasons.vaultTooNew');
    case 'disk_full':
      return i18n.t('errors.reasons.diskFull');
    case 'data_folder_unwritable':
      return i18n.t('errors.reasons.dataFolderUnwritable', { folder: reason.folder });
    case 'keychain_missing':
      return i18n.t('errors.reasons.keychainMissing');
    case 'keychain_entry_damaged':
      return i18n.t('errors.reasons.keychainEntryDamaged');
    case 'enrol_failed':
      return i18n.t(`errors.reasons.enrol.${reason.problem}`);
    case 'sync_network':
      return i18n.t(`sync.problems.network.${reason.failure}`);
    case 'sync_server':
      return i18n.t(`sync.problems.server.${reason.problem}`);
    case 'host_not_in_certificate':
      return i18n.t('sync.problems.hostNotInCertificate', { names: reason.names.join(', ') });
    case 'organisation_ca_expired':
      return i18n.t('sync.problems.organisationCaExpired', { date: formatIsoDate(reason.expiredOn) });
    case 'sync_not_enrolled':
      return i18n.t('sync.problems.notEnrolled');
    case 'device_revoked':
      return i18n.t('sync.problems.deviceRevoked');
    case 'upgrade_required':
      return i18n.t('sync.problems.upgradeRequired');
    case 'sync_internal':
      return i18n.t('sync.problems.internal');
    case 'sync_stopped': {
      const problem = errorCodeText(reason.error);
      return problem === null ? null : i18n.t('sync.problems.stopped', { problem });
    }
    default:
      // Every code is worded above (the compiler checks it); a newer main process may still send one this renderer lacks.
      reason satisfies never;
      return null;
  }
}

/**
 * What to show for a main-process message and its reasons: the message in
 * English, or when there are no reasons or one cannot be worded; otherwise
 * the reasons in the UI's language, joined as the message joins them.
 */
export function localText(message: string, reasons: readonly Reason[]): string {
  if (currentLocale() === 'en' || reasons.length === 0) return message;
  const worded: string[] = [];
  for (const reason of reasons) {
    const text = reasonText(reason);
    if (text === null) return message;
    worded.push(text);
  }
  return worded.join(i18n.t('transfer.reasonJoiner'));
}

/**
 * Why sync kept a conflict for review, in the UI's language: a concurrent
 * edit, or the server's reason for refusing a change; of a new record the
 * server refused whole (`unsent`), that it is kept on this device only.
 */
export function conflictReasonText(reason: ConflictReason, unsent: boolean): string {
  const why = i18n.t(`conflicts.reasons.${reason}`);
  return unsent ? [why, i18n.t('conflicts.reasons.unsent')].join(currentLocale() === 'en' ? ' ' : '') : why;
}
