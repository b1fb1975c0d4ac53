// Why something failed, as a stable code with the parameters a sentence needs
// (a row or line number, a limit, an import field's name), never a customer
// value. The main process speaks English only: it sends a reason beside its
// English message, and the renderer words the reason in the user's language,
// keeping the English message for a reason it cannot word. Used by import
// rejections, import file and mapping problems, the errors a user meets in
// normal use (BAD_INPUT of imports, exports and record links, a request the
// schema refused), enrolment, and the sync status's last error.
import { z } from 'zod';
import { currencyCodePattern, IsoDate, phonePattern, rangeOrderRule, tagPattern, timeRangeRule } from '../domain/common';
import { forecastLengthRule } from '../domain/pipeline';
import { reminderOrderRule } from '../domain/task';
import { SyncErrorCode, SyncedEntity } from '../sync/protocol';
import { ImportEntity, ImportField } from '../transfer/import-fields';
import { ErrorCode } from './error-codes';

/** The rule a value broke, as the domain schemas (zod) state it; forms and imports word it the same way. */
export const FieldRuleReason = z.discriminatedUnion('code', [
  z.object({
    code: z.enum(['required', 'email', 'url', 'date', 'time_range', 'number', 'whole_number', 'choice', 'phone', 'tag', 'currency_code', 'range_order', 'reminder_after_due', 'invalid']),
  }),
  z.object({ code: z.enum(['too_short', 'too_small']), min: z.number() }),
  z.object({ code: z.enum(['too_long', 'too_big']), max: z.number() }),
  // A range of months longer than its maximum (the forecast's).
  z.object({ code: z.literal('too_many_months'), max: z.number() }),
]);
export type FieldRuleReason = z.infer<typeof FieldRuleReason>;

function sizeReason(origin: string, bound: number, small: boolean): FieldRuleReason {
  if (origin === 'string') {
    if (small) return bound <= 1 ? { code: 'required' } : { code: 'too_short', min: bound };
    return { code: 'too_long', max: bound };
  }
  if (origin === 'array' || origin === 'set') return small ? { code: 'required' } : { code: 'too_big', max: bound };
  if (origin === 'date') return { code: 'date' };
  return small ? { code: 'too_small', min: bound } : { code: 'too_big', max: bound };
}

/** The text rules with a wording of their own, by the pattern a zod issue reports (a RegExp's source form). */
const patternRules = new Map<string, FieldRuleReason>([
  [String(phonePattern), { code: 'phone' }],
  [String(tagPattern), { code: 'tag' }],
  [String(currencyCodePattern), { code: 'currency_code' }],
]);

/** The rule a zod issue reports. */
export function fieldRuleOf(issue: z.core.$ZodIssue): FieldRuleReason {
  switch (issue.code) {
    case 'too_small':
      return sizeReason(issue.origin, Number(issue.minimum), true);
    case 'too_big':
      return sizeReason(issue.origin, Number(issue.maximum), false);
    case 'invalid_format':
      if (issue.format === 'regex') return patternRules.get(issue.pattern ?? '') ?? { code: 'invalid' };
      if (issue.format === 'email') return { code: 'email' };
      if (issue.format === 'url') return { code: 'url' };
      if (issue.format === 'date' || issue.format === 'datetime') return { code: 'date' };
      return { code: 'invalid' };
    case 'invalid_value':
      return { code: 'choice' };
    case 'invalid_union': {
      // e.g. "empty, or a web address": the branch that got furthest names the real problem.
      const telling = issue.errors.flat().find((inner) => inner.code !== 'invalid_value' && inner.code !== 'invalid_type');
      return telling === undefined ? { code: 'invalid' } : fieldRuleOf(telling);
    }
    case 'invalid_type':
      // A number with a fraction where a whole one is asked for (zod's .int(): 1.5 minutes) is not "not a number".
      if (issue.expected === 'int') return { code: 'whole_number' };
      if (issue.expected === 'number') return { code: 'number' };
      if (issue.expected === 'date') return { code: 'date' };
      return { code: 'required' };
    case 'custom':
      // A refinement words its rule by the params it carries (rangeOrderRule, forecastLengthRule, reminderOrderRule).
      if (issue.params?.rule === rangeOrderRule.params.rule) return { code: 'range_order' };
      if (issue.params?.rule === forecastLengthRule.params.rule) return { code: 'too_many_months', max: Number(issue.params['max']) };
      if (issue.params?.rule === timeRangeRule.params.rule) return { code: 'time_range' };
      return issue.params?.rule === reminderOrderRule.params.rule ? { code: 'reminder_after_due' } : { code: 'invalid' };
    default:
      return { code: 'invalid' };
  }
}

/** The key a duplicate row matched on. */
export const DuplicateKind = z.enum(['email', 'phone', 'name']);
export type DuplicateKind = z.infer<typeof DuplicateKind>;

/** What makes a whole CSV file unreadable past some line. */
export const FileProblemCode = z.enum(['unterminated_quote', 'malformed_csv', 'record_too_large', 'not_text', 'no_header', 'too_many_columns', 'empty']);
export type FileProblemCode = z.infer<typeof FileProblemCode>;

export const SyncNetworkFailure = z.enum([
  'unreachable',
  'timeout',
  'untrusted_certificate',
  /** Whoever answered did not speak TLS (a guest Wi-Fi's sign-in page answering in plain HTTP). */
  'no_secure_connection',
  'certificate_expired',
  'certificate_not_yet_valid',
  'connection_lost',
  'too_large',
]);
export type SyncNetworkFailure = z.infer<typeof SyncNetworkFailure>;

/** A DNS name or IP address a server certificate names (its subjectAltName): the organisation's server, not customer data. */
export const certificateHostNamePattern = /^[A-Za-z0-9*._:-]{1,253}$/;
/** At most this many of a certificate's names are listed. */
export const maxListedHostNames = 10;
export const CertificateHostNames = z.array(z.string().regex(certificateHostNamePattern)).min(1).max(maxListedHostNames);

/**
 * The sync server's error answers (SyncErrorCode; revocation and upgrade have
 * codes of their own) and our checks of its answers, which the status words
 * separately; anything else is `server_problem`.
 */
export const SyncServerProblem = z.enum([
  ...SyncErrorCode.exclude(['device_revoked', 'upgrade_required', 'internal']).options,
  // A bad_request naming the newest protocol the server speaks, older than this FieldVault's: the server needs an update.
  'server_outdated',
  'no_progress',
  'wrong_page',
  'cursor_regressed',
  'unreadable',
  'unexpected',
  'server_problem',
]);
export type SyncServerProblem = z.infer<typeof SyncServerProblem>;

const ImportReasons = [
  // A row of an import.
  z.object({ code: z.enum(['not_utf8', 'vcard_version', 'vcard_unfinished', 'vcard_no_end']) }),
  z.object({ code: z.literal('vcard_not_property'), line: z.number().int().positive() }),
  // The last reason of a rejection that had more than maxRejectionReasons: how many are not listed.
  z.object({ code: z.literal('more_reasons'), count: z.number().int().positive() }),
  // `entity` names what the existing record is; reports stored before it was kept lack it.
  z.object({ code: z.literal('duplicate_in_vault'), key: DuplicateKind, entity: ImportEntity.optional() }),
  z.object({ code: z.literal('duplicate_in_file'), key: DuplicateKind, row: z.number().int().positive() }),
  // An import that updates the records its rows match: the row matches several, an earlier row updates the
  // same one, or the one it matched was deleted while the import ran.
  z.object({ code: z.literal('duplicate_many_in_vault'), entity: ImportEntity }),
  z.object({ code: z.literal('same_record_in_file'), entity: ImportEntity, row: z.number().int().positive() }),
  z.object({ code: z.literal('duplicate_gone'), entity: ImportEntity }),
  // The row matches a record that already holds everything in it: skipped, not counted as an update.
  z.object({ code: z.literal('duplicate_unchanged'), entity: ImportEntity }),
  // The row's contact matched one by phone or name, but each has email addresses and none is the other's: two people.
  z.object({ code: z.literal('duplicate_other_emails') }),
  // The row's contact matched one by phone alone, and its name is another: two people behind one number.
  z.object({ code: z.literal('duplicate_other_name') }),
  z.object({
    code: z.literal('column_count'),
    values: z.number().int().nonnegative(),
    columns: z.number().int().nonnegative(),
    delimiter: z.enum(['comma', 'semicolon', 'tab']),
  }),
  // The column mapping.
  z.object({ code: z.literal('field_not_for_entity'), field: ImportField, entity: ImportEntity }),
  z.object({ code: z.literal('field_mapped_twice'), field: ImportField }),
  z.object({ code: z.literal('name_unmapped'), entity: ImportEntity }),
  // The file as a whole.
  z.object({ code: z.literal('file_problem'), problem: FileProblemCode, line: z.number().int().positive().nullable(), row: z.number().int().positive().nullable().optional() }),
  z.object({ code: z.enum(['workbook_xlsx', 'workbook_xls', 'not_utf8_file', 'vcard_into_accounts']) }),
  z.object({ code: z.literal('file_too_large'), maxMb: z.number().int().positive() }),
  // The upload, the mapping against the file, and a resumed import.
  z.object({
    code: z.enum([
      'upload_complete',
      'upload_incomplete',
      'upload_gone',
      'mapping_wider_than_file',
      'resume_other_kind',
      'resume_dry_run',
      'resume_finished',
      // An import undone (its records in the trash) is restored before it can be resumed.
      'resume_undone',
      'resume_other_file',
      // Rejected rows of a check asked for before any check of the file.
      'no_check',
      // One import runs at a time.
      'import_running',
      'import_still_running',
      'undo_running',
      // One export runs at a time (each holds up to 256 MB of text until it is saved).
      'export_running',
      // An import not ended yet (running, or cut off) cannot be undone; one from before imports kept what they created neither.
      'undo_not_ended',
      'undo_unavailable',
    ]),
  }),
] as const;

/** A field path of a request as the schema names it (registry.ts keeps only such segments). */
const RequestPath = z.string().regex(/^[A-Za-z0-9_?]{1,64}(\.[A-Za-z0-9_?]{1,64}){0,7}$/);

const RequestReasons = [
  // A request the channel's schema refused: the first broken rule and where.
  z.object({ code: z.literal('invalid_request'), path: RequestPath, rule: FieldRuleReason }),
  // Checks of a record write the schema cannot make.
  z.object({ code: z.enum(['link_missing', 'link_trashed']), entity: SyncedEntity }),
  // A bulk call's selection names a record that is gone or already in the trash: nothing was changed.
  z.object({ code: z.literal('selection_gone'), entity: SyncedEntity }),
  // The record (or `count` of a bulk call's selected records) belongs to a teammate: only its owner may change it
  // (the server's owner, PullResponse.owners); nothing was changed. `importRow`: the record an update import's
  // row matched, so the row was rejected (record-updates.ts).
  z.object({ code: z.literal('not_owner'), entity: SyncedEntity, count: z.number().int().positive().optional(), importRow: z.literal(true).optional() }),
  // A bulk tag change would leave one of the selected records with more tags than a record keeps: nothing was changed.
  z.object({ code: z.literal('tags_full'), entity: SyncedEntity, max: z.number().int().positive() }),
  z.object({ code: z.enum(['amount_too_large_for_currency', 'unknown_stage', 'stage_has_deals', 'stage_kind_has_deals']) }),
  // A stage removal refused only because deals in the trash still use the stage (the board shows none): how many.
  z.object({ code: z.literal('stage_has_trashed_deals'), count: z.number().int().positive() }),
  // A probability edit on a won or lost deal: its stage fixes the probability (100 %, 0 %).
  z.object({ code: z.literal('probability_fixed_by_stage'), kind: z.enum(['won', 'lost']) }),
  // Undo of a stage move refused: the deal's stage, probability or lost reason changed since the move.
  z.object({ code: z.literal('stage_move_overtaken') }),
  // A saved view named as another view of its list is (viewNameKey).
  z.object({ code: z.literal('view_name_taken') }),
  // The vault (its schema or its header) was written by a newer FieldVault: not damaged, this app is too old.
  z.object({ code: z.literal('vault_too_new') }),
  // The disk is full (SQLite's SQLITE_FULL, a file write's ENOSPC): the write was rolled back.
  z.object({ code: z.literal('disk_full') }),
  // The data folder cannot be written (or read): no permission, a read-only or missing drive, a file in its place.
  // `folder` is its path (the app's own folder, no customer value), for the IT team to find it.
  z.object({ code: z.literal('data_folder_unwritable'), folder: z.string().min(1).max(4096) }),
  // No OS keychain answers (no Secret Service, no D-Bus session, the keychain module did not load): nothing to unlock.
  z.object({ code: z.literal('keychain_missing') }),
  // The keychain answered, but its entry for the vault holds no device key this app wrote: no password opens it again.
  z.object({ code: z.literal('keychain_entry_damaged') }),
  // A conflict's kept value that is gone (a deleted field, a whole-record conflict).
  z.object({ code: z.literal('conflict_value_gone') }),
  // Keeping both sides of a conflict would give a value the field may not hold (more tags than a record keeps).
  z.object({ code: z.literal('conflict_both_invalid') }),
  // A side of a conflict kept on a record now in the trash: written there, it would stay out of sight.
  z.object({ code: z.literal('conflict_record_trashed') }),
  // The entry changed since the review showed it (a sync wrote other values or another reason into it): nothing kept.
  z.object({ code: z.literal('conflict_changed') }),
  z.object({ code: z.literal('export_too_many_rows'), max: z.number().int().positive() }),
  // The file would be larger than an export may make (megabytes): long notes or details, most often.
  z.object({ code: z.literal('export_too_large'), maxMegabytes: z.number().int().positive() }),
  // Records were purged or evicted while the export read its pages: rows read before may be among them, so no file.
  z.object({ code: z.literal('export_records_left') }),
  // Records of the exported list were written while the export read its pages, again after it started over: rows may
  // have moved past the point it had read to, so no file.
  z.object({ code: z.literal('export_records_changed') }),
] as const;

/**
 * Why this device could not enrol: a part of the bundle an administrator
 * handed over, the one-time code, or reaching the server with them. Problems
 * the user cannot fix from the enrolment form keep the sync reasons.
 */
export const EnrolProblem = z.enum([
  'already_enrolled',
  'address_invalid',
  'certificate_unreadable',
  'certificate_not_ca',
  'certificate_not_current',
  'code_invalid',
  'server_unreachable',
  'server_timeout',
  'certificate_mismatch',
  'too_many_attempts',
]);
export type EnrolProblem = z.infer<typeof EnrolProblem>;

const SyncReasons = [
  z.object({ code: z.literal('enrol_failed'), problem: EnrolProblem }),
  z.object({ code: z.literal('sync_network'), failure: SyncNetworkFailure }),
  // The server's certificate is from the organisation CA, but does not name the address used for it (enrolling or syncing).
  z.object({ code: z.literal('host_not_in_certificate'), names: CertificateHostNames }),
  // The organisation CA this device pinned at enrolment has expired (`expiredOn`: its last day, UTC). No certificate
  // it signed is trusted, and the server cannot renew its own: the organisation needs a new CA, and devices enrol again.
  z.object({ code: z.literal('organisation_ca_expired'), expiredOn: IsoDate }),
  z.object({ code: z.literal('sync_server'), problem: SyncServerProblem }),
  z.object({ code: z.enum(['sync_not_enrolled', 'device_revoked', 'upgrade_required', 'sync_internal']) }),
  // Another of our errors stopped the sync (a damaged vault, a locked one, the keychain): its code.
  z.object({ code: z.literal('sync_stopped'), error: ErrorCode }),
] as const;

export const Reason = z.discriminatedUnion('code', [...FieldRuleReason.options, ...ImportReasons, ...RequestReasons, ...SyncReasons]);
export type Reason = z.infer<typeof Reason>;
