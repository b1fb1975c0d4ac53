// What the recent imports list and the undo's question say of what an import
// created. An import that only updated records created nothing to undo (the
// changes stay), which is not the same as one made before imports kept what
// they create; and an update-only contact import may still have created
// accounts for company names: its question counts those, not its 0 contacts.
import type { ImportEntity, RecentImport } from '../../../src-shared/transfer/import';

/** Under a recent import: its undo, or why it has none. */
export function recentUndoNote(job: Pick<RecentImport, 'undoable' | 'created'>): 'undo' | 'transfer.recent.notUndoable' | 'transfer.recent.createdNothing' {
  if (job.undoable) return 'undo';
  return job.created === null ? 'transfer.recent.notUndoable' : 'transfer.recent.createdNothing';
}

/** The import the undo asks about: what it created when known (the recent imports), else its imported rows (a report). */
export interface UndoQuestionJob {
  readonly entity: ImportEntity;
  readonly imported: number;
  readonly created: RecentImport['created'];
}

/** The undo's question, from what the job created. */
export function undoQuestion(job: UndoQuestionJob): {
  readonly key: 'transfer.undo.confirmContacts' | 'transfer.undo.confirmAccounts' | 'transfer.undo.confirmCompanyAccounts';
  readonly count: number;
} {
  if (job.entity === 'accounts') return { key: 'transfer.undo.confirmAccounts', count: job.created?.accounts ?? job.imported };
  const contacts = job.created?.contacts ?? job.imported;
  const accounts = job.created?.accounts ?? 0;
  if (contacts === 0 && accounts > 0) return { key: 'transfer.undo.confirmCompanyAccounts', count: accounts };
  return { key: 'transfer.undo.confirmContacts', count: contacts };
}
