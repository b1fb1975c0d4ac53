// The one hook point of exports, where the permission and audit issues plug
// in. beforeExport runs after the channel's permission check and before any
// row is read: it may refuse (throw an AppError, e.g. NotPermittedError or a
// monitoring rule's block) or narrow the columns (e.g. drop 'sensitive'
// columns for a role that may not reveal them). afterExport runs once the CSV
// is built, with counts and column names only — what an audit event records.
// Neither ever sees a cell value.
import type { Sensitivity } from '../../../src-shared/domain/common';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { Sender } from '../../ipc/registry';

export interface ExportColumnInfo {
  readonly key: string;
  readonly sensitivity: Sensitivity;
}

export interface ExportContext {
  readonly entity: SyncedEntity;
  readonly columns: readonly ExportColumnInfo[];
  /** The filter field names in use (not their values), for the audit record. */
  readonly filterFields: readonly string[];
  readonly deleted: 'exclude' | 'only';
  /** The user asked for the sensitive columns too (else `columns` holds none of them): what the audit records. */
  readonly includeSensitive: boolean;
  readonly sender: Sender;
}

export interface ExportDecision {
  /** The column keys that may be exported, in any order; the export keeps its own order. */
  readonly columns: readonly string[];
}

export interface ExportPolicy {
  beforeExport(context: ExportContext): Promise<ExportDecision>;
  afterExport(context: ExportContext & { readonly exportedColumns: readonly string[]; readonly rows: number; readonly bytes: number }): Promise<void>;
}

/** Until roles and the audit chain land: the local vault owner may export every column; nothing is recorded. */
export const ownerExportPolicy: ExportPolicy = {
  beforeExport: (context) => Promise.resolve({ columns: context.columns.map((column) => column.key) }),
  afterExport: () => Promise.resolve(),
};
