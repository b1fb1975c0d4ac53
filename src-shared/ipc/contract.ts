// The one declaration of the IPC surface: channel → { input, output, permission }.
// The preload allow-list, the renderer client and the handler registry are all
// derived from it; a channel without a handler does not compile.
import { z } from 'zod';
import { Account, AccountDraft, AccountListQuery, AccountPage, AccountRef, AccountUpdate } from '../domain/account';
import { Activity, ActivityDraft, ActivityListQuery, ActivityPage, ActivityRef, ActivityUpdate } from '../domain/activity';
import { BulkDeleted, BulkEdited, BulkRestored, bulkEditOf, bulkRefsOf, bulkRevertOf, Deleted, ListCount, pagingFields, TagsInUse } from '../domain/common';
import { LookAlikeQuery, LookAlikes } from '../domain/look-alikes';
import { AccountId, ActivityId, ContactId, DealId, TaskId, UserId } from '../domain/ids';
import { Contact, ContactDraft, ContactListQuery, ContactPage, ContactRef, ContactUpdate } from '../domain/contact';
import { Deal, DealDraft, DealListQuery, DealMoved, DealMoveMany, DealMovesMade, DealMoveStage, DealPage, DealRef, DealUndoMove, DealUndoMoveMany, DealUpdate, LostReasons } from '../domain/deal';
import { AccountDetail, ActivityDetail, ContactDetail, DealDetail, TaskDetail } from '../domain/details';
import { Forecast, ForecastQuery, Pipeline, PipelineQuery, PipelineUpdate } from '../domain/pipeline';
import { SavedView, SavedViewDefault, SavedViewList, SavedViewQuery, SavedViewRef, SavedViewSave } from '../domain/saved-view';
import { RecordNames, RecordNamesQuery } from '../domain/record-names';
import { RevealLogged, RevealRef } from '../domain/access-log';
import { SearchQuery, SearchResult } from '../search/search';
import { ExportCancel, ExportCancelled, ExportRequest, ExportResult } from '../transfer/export';
import {
  ImportJobRef,
  ImportRejectedRows,
  ImportRejectedRowsQuery,
  InterruptedImports,
  ImportUndo,
  ImportUndone,
  RecentImports,
  RunningImport,
  ImportPreview,
  ImportPreviewQuery,
  ImportRun,
  ImportStatus,
  ImportStatusQuery,
  ImportUpload,
  ImportUploadDiscarded,
  ImportUploadRef,
  ImportUploadResult,
} from '../transfer/import';
import { ConflictPage, ConflictQuery, ConflictResolution, SyncEnrolInput, SyncStatus, UnsentQuery, UnsentRecords } from '../sync/client-api';
import { DirectoryUser } from '../sync/protocol';
import { Task, TaskBulkEdited, TaskDraft, TaskEditMany, TaskListQuery, TaskPage, TaskRef, TaskRevertMany, TaskStatusesBefore, TaskStatusMany, TaskUpdate } from '../domain/task';
import { Today, TodayQuery } from '../domain/today';
import type { Permission } from '../rbac/permissions';
import type { ChannelName, eventNameList } from './channels';
import type { EventName } from './events';
import { AppPreferences, PreferencesPatch } from './preferences';

export interface ChannelSpec {
  readonly input: z.ZodType;
  readonly output: z.ZodType;
  readonly permission: Permission;
}

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

/** A password typed by the user. It travels renderer → main only, never back. */
const Password = z.string().min(1, 'Enter your password').max(1024, 'Password is too long');
const NewPassword = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(1024, 'Password is too long');

export const VaultStatus = z.object({
  state: z.enum(['none', 'locked', 'unlocked']),
  failedAttempts: z.number().int().nonnegative(),
  maxFailedAttempts: z.number().int().positive(),
  retryAfterMs: z.number().int().nonnegative(),
  /** A key rotation runs (or waits its turn): a window that left Settings, or reloaded, learns it here. Always sent by the main process. */
  rotating: z.boolean().optional(),
  /**
   * With no vault: why the last one on this device was erased (too many failed unlocks, or the organisation revoked
   * the device) and when, until a new vault is created, so the create screen can say so after a restart too.
   */
  lastWipe: z.object({ reason: z.enum(['wiped', 'revoked']), at: z.number().int().nonnegative() }).optional(),
  /**
   * Locked, and its header (vault.json) is damaged: no password can be tried, and the lock screen offers only to
   * erase it (vault.eraseForgotten or vault.eraseUnopenable take such a vault without a password).
   */
  headerDamaged: z.boolean().optional(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

/**
 * Who this device writes as: the local vault owner, or the server user it
 * enrolled as; and the people it can name (`people`, the user directory the
 * sync server sent: its own user and the members of that user's teams and
 * territories, by id). Empty before enrolment or with a server from before
 * the directory: then owners read as short id labels.
 */
export const CurrentUser = z.object({ userId: UserId, people: z.array(DirectoryUser) });
export type CurrentUser = z.infer<typeof CurrentUser>;

export const contract = {
  'vault.status': { input: Empty, output: VaultStatus, permission: 'public' },
  'vault.create': { input: z.object({ password: NewPassword }).strict(), output: VaultStatus, permission: 'public' },
  'vault.unlock': { input: z.object({ password: Password }).strict(), output: VaultStatus, permission: 'public' },
  'vault.lock': { input: Empty, output: VaultStatus, permission: 'session' },
  'vault.changePassword': {
    input: z.object({ current: Password, next: NewPassword }).strict(),
    output: Ok,
    permission: 'vault:admin',
  },
  'vault.rotateKey': { input: Empty, output: Ok, permission: 'vault:admin' },
  'vault.destroy': { input: z.object({ password: Password }).strict(), output: VaultStatus, permission: 'vault:admin' },
  // Erases a vault that can never open again (its device key is gone from the OS
  // keychain), so the user can set up a new one; refused while the key is there.
  // The password only for a damaged vault whose device key is still there (Vault.eraseUnopenable).
  'vault.eraseUnopenable': { input: z.object({ confirm: z.literal('ERASE'), password: Password.optional() }).strict(), output: VaultStatus, permission: 'public' },
  // The lock screen's "Forgot password?": erases a locked vault without its password (refused while open).
  'vault.eraseForgotten': { input: z.object({ confirm: z.literal('ERASE') }).strict(), output: VaultStatus, permission: 'public' },
  // Theme and language, kept between launches; not secret, read before unlock.
  'preferences.get': { input: Empty, output: AppPreferences, permission: 'public' },
  'preferences.set': { input: PreferencesPatch, output: AppPreferences, permission: 'public' },
  // CRM (issue 3). `<entity>.delete` is a soft delete (the record goes to the
  // trash); `<entity>.restore { id }` undoes it. `<entity>.get` returns the
  // record with its related records for the detail page. `<entity>.count`
  // counts what a list query matches, up to listCountCap, apart from its
  // pages so a list shows its first page without waiting for the count.
  // `<entity>.deleteMany { ids }` trashes a list's selection (at most bulkMax)
  // in one transaction, all or nothing; `<entity>.restoreMany` undoes it.
  // Each as the other's Undo passes `skipGone`: a record that cannot move
  // back (gone, trashed again, linked to a record in the trash) is left out
  // of the call and its answer, and the others move.
  // `<entity>.editMany { ids, change }` gives the selection a new owner or
  // adds or removes tags, all or nothing, answering each record's owner and
  // tags before; `<entity>.revertMany { items }` writes those back (Undo).
  // `<entity>.tagsInUse` names the tags most used on the entity's recently
  // updated live records, for the tag inputs to offer.
  'accounts.create': { input: AccountDraft, output: Account, permission: 'accounts:write' },
  'accounts.get': { input: AccountRef, output: AccountDetail, permission: 'accounts:read' },
  'accounts.list': { input: AccountListQuery, output: AccountPage, permission: 'accounts:read' },
  'accounts.count': { input: AccountListQuery.omit(pagingFields), output: ListCount, permission: 'accounts:read' },
  'accounts.update': { input: AccountUpdate, output: Account, permission: 'accounts:write' },
  'accounts.delete': { input: AccountRef, output: Deleted, permission: 'accounts:delete' },
  'accounts.restore': { input: AccountRef, output: Account, permission: 'accounts:delete' },
  'accounts.deleteMany': { input: bulkRefsOf(AccountId), output: BulkDeleted, permission: 'accounts:delete' },
  'accounts.restoreMany': { input: bulkRefsOf(AccountId), output: BulkRestored, permission: 'accounts:delete' },
  'accounts.editMany': { input: bulkEditOf(AccountId), output: BulkEdited, permission: 'accounts:write' },
  'accounts.revertMany': { input: bulkRevertOf(AccountId), output: BulkEdited, permission: 'accounts:write' },
  'accounts.tagsInUse': { input: Empty, output: TagsInUse, permission: 'accounts:read' },
  'accounts.lookAlikes': { input: LookAlikeQuery, output: LookAlikes, permission: 'accounts:read' },
  'contacts.create': { input: ContactDraft, output: Contact, permission: 'contacts:write' },
  'contacts.get': { input: ContactRef, output: ContactDetail, permission: 'contacts:read' },
  'contacts.list': { input: ContactListQuery, output: ContactPage, permission: 'contacts:read' },
  'contacts.count': { input: ContactListQuery.omit(pagingFields), output: ListCount, permission: 'contacts:read' },
  'contacts.update': { input: ContactUpdate, output: Contact, permission: 'contacts:write' },
  'contacts.delete': { input: ContactRef, output: Deleted, permission: 'contacts:delete' },
  'contacts.restore': { input: ContactRef, output: Contact, permission: 'contacts:delete' },
  'contacts.deleteMany': { input: bulkRefsOf(ContactId), output: BulkDeleted, permission: 'contacts:delete' },
  'contacts.restoreMany': { input: bulkRefsOf(ContactId), output: BulkRestored, permission: 'contacts:delete' },
  'contacts.editMany': { input: bulkEditOf(ContactId), output: BulkEdited, permission: 'contacts:write' },
  'contacts.revertMany': { input: bulkRevertOf(ContactId), output: BulkEdited, permission: 'contacts:write' },
  'contacts.tagsInUse': { input: Empty, output: TagsInUse, permission: 'contacts:read' },
  'contacts.lookAlikes': { input: LookAlikeQuery, output: LookAlikes, permission: 'contacts:read' },
  'deals.create': { input: DealDraft, output: Deal, permission: 'deals:write' },
  'deals.lookAlikes': { input: LookAlikeQuery, output: LookAlikes, permission: 'deals:read' },
  'deals.get': { input: DealRef, output: DealDetail, permission: 'deals:read' },
  'deals.list': { input: DealListQuery, output: DealPage, permission: 'deals:read' },
  'deals.count': { input: DealListQuery.omit(pagingFields), output: ListCount, permission: 'deals:read' },
  'deals.update': { input: DealUpdate, output: Deal, permission: 'deals:write' },
  'deals.delete': { input: DealRef, output: Deleted, permission: 'deals:delete' },
  'deals.restore': { input: DealRef, output: Deal, permission: 'deals:delete' },
  'deals.deleteMany': { input: bulkRefsOf(DealId), output: BulkDeleted, permission: 'deals:delete' },
  'deals.restoreMany': { input: bulkRefsOf(DealId), output: BulkRestored, permission: 'deals:delete' },
  'deals.editMany': { input: bulkEditOf(DealId), output: BulkEdited, permission: 'deals:write' },
  'deals.revertMany': { input: bulkRevertOf(DealId), output: BulkEdited, permission: 'deals:write' },
  'deals.tagsInUse': { input: Empty, output: TagsInUse, permission: 'deals:read' },
  'deals.moveStage': { input: DealMoveStage, output: DealMoved, permission: 'deals:write' },
  'deals.undoMove': { input: DealUndoMove, output: Deal, permission: 'deals:write' },
  // A list's selection moved to one stage in one transaction, all or nothing; undoMoveMany puts each back.
  'deals.moveStageMany': { input: DealMoveMany, output: DealMovesMade, permission: 'deals:write' },
  'deals.undoMoveMany': { input: DealUndoMoveMany, output: DealMovesMade, permission: 'deals:write' },
  // The lost reasons most used, to offer when a deal is lost.
  'deals.lostReasons': { input: Empty, output: LostReasons, permission: 'deals:read' },
  'activities.create': { input: ActivityDraft, output: Activity, permission: 'activities:write' },
  'activities.get': { input: ActivityRef, output: ActivityDetail, permission: 'activities:read' },
  'activities.list': { input: ActivityListQuery, output: ActivityPage, permission: 'activities:read' },
  'activities.count': { input: ActivityListQuery.omit(pagingFields), output: ListCount, permission: 'activities:read' },
  'activities.update': { input: ActivityUpdate, output: Activity, permission: 'activities:write' },
  'activities.delete': { input: ActivityRef, output: Deleted, permission: 'activities:delete' },
  'activities.restore': { input: ActivityRef, output: Activity, permission: 'activities:delete' },
  'activities.deleteMany': { input: bulkRefsOf(ActivityId), output: BulkDeleted, permission: 'activities:delete' },
  'activities.restoreMany': { input: bulkRefsOf(ActivityId), output: BulkRestored, permission: 'activities:delete' },
  'activities.editMany': { input: bulkEditOf(ActivityId), output: BulkEdited, permission: 'activities:write' },
  'activities.revertMany': { input: bulkRevertOf(ActivityId), output: BulkEdited, permission: 'activities:write' },
  'activities.tagsInUse': { input: Empty, output: TagsInUse, permission: 'activities:read' },
  'tasks.create': { input: TaskDraft, output: Task, permission: 'tasks:write' },
  'tasks.get': { input: TaskRef, output: TaskDetail, permission: 'tasks:read' },
  'tasks.list': { input: TaskListQuery, output: TaskPage, permission: 'tasks:read' },
  'tasks.count': { input: TaskListQuery.omit(pagingFields), output: ListCount, permission: 'tasks:read' },
  'tasks.update': { input: TaskUpdate, output: Task, permission: 'tasks:write' },
  'tasks.delete': { input: TaskRef, output: Deleted, permission: 'tasks:delete' },
  'tasks.restore': { input: TaskRef, output: Task, permission: 'tasks:delete' },
  'tasks.deleteMany': { input: bulkRefsOf(TaskId), output: BulkDeleted, permission: 'tasks:delete' },
  'tasks.restoreMany': { input: bulkRefsOf(TaskId), output: BulkRestored, permission: 'tasks:delete' },
  'tasks.editMany': { input: TaskEditMany, output: TaskBulkEdited, permission: 'tasks:write' },
  'tasks.revertMany': { input: TaskRevertMany, output: TaskBulkEdited, permission: 'tasks:write' },
  'tasks.tagsInUse': { input: Empty, output: TagsInUse, permission: 'tasks:read' },
  'tasks.setStatusMany': { input: TaskStatusMany, output: TaskStatusesBefore, permission: 'tasks:write' },
  'pipeline.get': { input: PipelineQuery, output: Pipeline, permission: 'deals:read' },
  'pipeline.update': { input: PipelineUpdate, output: Pipeline, permission: 'deals:write' },
  'pipeline.forecast': { input: ForecastQuery, output: Forecast, permission: 'deals:read' },
  'today.get': { input: TodayQuery, output: Today, permission: 'tasks:read' },
  'session.user': { input: Empty, output: CurrentUser, permission: 'session' },
  // The user pressed a key, clicked or scrolled in the window: the idle lock counts its minutes again from now. Other
  // calls do not (a page reading itself again after a sync is not the user, and kept the vault open for ever).
  'session.active': { input: Empty, output: Empty, permission: 'session' },
  // Saved views are the user's own list presets; any unlocked session may keep them.
  'views.list': { input: SavedViewQuery, output: SavedViewList, permission: 'session' },
  'views.save': { input: SavedViewSave, output: SavedView, permission: 'session' },
  'views.delete': { input: SavedViewRef, output: Deleted, permission: 'session' },
  'views.setDefault': { input: SavedViewDefault, output: SavedViewList, permission: 'session' },
  // Global search: 'contacts:read' admits the call; the handler then searches
  // only the entities whose '<entity>:read' the user holds.
  'search.query': { input: SearchQuery, output: SearchResult, permission: 'contacts:read' },
  // The names of related records, many at once (a list's Related column, Today's rows): any unlocked session may
  // ask; the handler names only records of entities whose '<entity>:read' the user holds (the others come back null).
  'records.names': { input: RecordNamesQuery, output: RecordNames, permission: 'session' },
  // "Show" on a value the masking rule hides: the main process appends one access-log entry (who, when, record id,
  // field name; never the value). The handler requires '<entity>:reveal' of the record's entity.
  'records.reveal': { input: RevealRef, output: RevealLogged, permission: 'session' },
  // Import and export (src-main/services/transfer). The channel permission admits
  // the call; each handler then requires '<entity>:write' (import) or
  // '<entity>:export' (export) for the entity it touches.
  'import.upload': { input: ImportUpload, output: ImportUploadResult, permission: 'contacts:write' },
  'import.discardUpload': { input: ImportUploadRef, output: ImportUploadDiscarded, permission: 'contacts:write' },
  'import.preview': { input: ImportPreviewQuery, output: ImportPreview, permission: 'contacts:write' },
  'import.run': { input: ImportRun, output: ImportStatus, permission: 'contacts:write' },
  'import.status': { input: ImportStatusQuery, output: ImportStatus, permission: 'contacts:write' },
  'import.cancel': { input: ImportJobRef, output: ImportStatus, permission: 'contacts:write' },
  // A finished run's rejected rows with their cells, to download, fix and import again.
  'import.rejectedRows': { input: ImportRejectedRowsQuery, output: ImportRejectedRows, permission: 'contacts:write' },
  // Imports cut off before their end, to offer resuming (or discarding, by import.cancel) them.
  'import.interrupted': { input: Empty, output: InterruptedImports, permission: 'contacts:write' },
  // The import running now, which a page opened meanwhile follows to its end (its bar, Stop and report).
  'import.running': { input: Empty, output: RunningImport, permission: 'contacts:write' },
  // The records an import created go to the trash (restore: back out); the handler requires <entity>:delete.
  'import.undo': { input: ImportUndo, output: ImportUndone, permission: 'contacts:write' },
  // The newest imports that ended having written records, with their undo state (entities the user may import).
  'import.recent': { input: Empty, output: RecentImports, permission: 'contacts:write' },
  'export.csv': { input: ExportRequest, output: ExportResult, permission: 'contacts:export' },
  'export.cancel': { input: ExportCancel, output: ExportCancelled, permission: 'contacts:export' },
  // Sync (issue 4). Enrolment stores a server credential in the vault: the vault owner's call.
  'sync.status': { input: Empty, output: SyncStatus, permission: 'session' },
  'sync.now': { input: Empty, output: SyncStatus, permission: 'session' },
  'sync.enrol': { input: SyncEnrolInput, output: SyncStatus, permission: 'vault:admin' },
  'sync.conflicts.list': { input: ConflictQuery, output: ConflictPage, permission: 'session' },
  'sync.conflicts.resolve': { input: ConflictResolution, output: Ok, permission: 'session' },
  'sync.unsent.list': { input: UnsentQuery, output: UnsentRecords, permission: 'session' },
} as const satisfies Record<ChannelName, ChannelSpec>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

// Compile-time proof that channels.ts lists exactly the contract's channels and events.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelListMatches: Same<Channel, ChannelName> = true;
const eventListMatches: Same<EventName, (typeof eventNameList)[number]> = true;
void channelListMatches;
void eventListMatches;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}
