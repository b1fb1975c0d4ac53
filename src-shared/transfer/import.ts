// Import of contacts and accounts from CSV and vCard files: what the renderer
// sends and what comes back. The file travels in chunks (`import.upload`,
// base64, so it fits any transport's frame limit) and stays in main-process
// memory only; preview and run refer to it by uploadId. Rejected rows are
// reported by row number, field and reason, never with their values.
import { z } from 'zod';
import { DuplicateKind, FileProblemCode, Reason } from '../ipc/reasons';

export {
  accountImportFields,
  contactImportFields,
  ImportEntity,
  importEntities,
  ImportField,
  ImportFormat,
} from './import-fields';
import { ImportEntity, ImportField, ImportFormat } from './import-fields';

/** Largest file accepted (bytes). */
export const maxImportBytes = 200 * 1024 * 1024;
/** Largest upload chunk (bytes before base64). */
export const maxUploadChunkBytes = 2 * 1024 * 1024;
export const maxImportColumns = 500;
/** Largest CSV record (characters): large enough that an oversized note (10 MB) is rejected for its field, not the file. */
export const maxImportRecordChars = 16_000_000;
export const maxPreviewRows = 50;
/** Rejections returned by one status call; page with `rejectionsFrom`. */
export const maxReportedRejections = 1000;

/** One entry per CSV column, in order: the field it fills, or null to leave the column out. */
export const ColumnMapping = z.array(ImportField.nullable()).max(maxImportColumns, `A file may have at most ${maxImportColumns} columns`);
export type ColumnMapping = z.infer<typeof ColumnMapping>;

export const ImportUpload = z
  .object({
    /** Omit for the first chunk; then pass the id the first answer returned. */
    uploadId: z.string().uuid().optional(),
    chunk: z.base64('Expected base64').max(Math.ceil(maxUploadChunkBytes / 3) * 4, 'Send at most 2 MiB per chunk'),
    /** True on the last chunk: the upload is then complete and can be previewed or imported. */
    last: z.boolean(),
  })
  .strict();
export const ImportUploadResult = z.object({ uploadId: z.string().uuid(), receivedBytes: z.number().int().nonnegative(), complete: z.boolean() });
/** An upload the page no longer wants (another file was picked while it was sent): the main process lets it go. */
export const ImportUploadRef = z.object({ uploadId: z.string().uuid() }).strict();
/** False when the main process no longer held it (sent, dropped idle, or forgotten at a lock). */
export const ImportUploadDiscarded = z.object({ discarded: z.boolean() });

const FileSource = {
  uploadId: z.string().uuid(),
  format: ImportFormat,
  entity: ImportEntity,
  /** CSV only: the column mapping; the suggested one when omitted. */
  mapping: ColumnMapping.optional(),
};

export const ImportDuplicates = z.enum(['skip', 'update', 'import']);
export type ImportDuplicates = z.infer<typeof ImportDuplicates>;

export const ImportPreviewQuery = z
  .object({
    ...FileSource,
    rows: z.number().int().min(1).max(maxPreviewRows, `Preview at most ${maxPreviewRows} rows`).default(20),
    /** The run's choice (ImportRun's `duplicates`): the preview says what the run would do with each row. */
    duplicates: ImportDuplicates.default('skip'),
    /** The run's choice (ImportRun's `createAccounts`): whether a company no account has would link a new one. */
    createAccounts: z.boolean().default(true),
  })
  .strict();

export const rejectionCodes = ['invalid', 'encoding', 'column_count', 'syntax', 'duplicate_in_file', 'duplicate_in_vault'] as const;
export const RejectionCode = z.enum(rejectionCodes);

/** Reasons one rejection lists at most: the last of a longer list says how many more there were (`more_reasons`). */
export const maxRejectionReasons = 20;

/** Why a row was (or would be) rejected. `field` is an import field, or 'row' for the row as a whole. */
export const Rejection = z.object({
  row: z.number().int().positive(),
  field: z.string(),
  code: RejectionCode,
  /** In English; several reasons joined with "; ". */
  message: z.string(),
  /** The message as reasons the renderer words in the user's language; empty for rows recorded before reasons were kept. */
  reasons: z.array(Reason).max(maxRejectionReasons),
});
export type Rejection = z.infer<typeof Rejection>;

/** A problem with the file as a whole: nothing can be imported until it is fixed. */
export const FileProblem = z.object({
  code: FileProblemCode,
  /** In English, with where the problem starts. */
  message: z.string(),
  /** The file's line where the problem starts (as a text editor counts). */
  line: z.number().int().positive().nullable(),
  /** The row it is in, as a spreadsheet counts, when that is not the line (a quoted value spanning lines above it); else null. */
  row: z.number().int().positive().nullable(),
});
export type FileProblem = z.infer<typeof FileProblem>;

/** A value a preview shows of a record an update would change is cut to this many UTF-16 units (a 10 MB note is no value to show). */
export const maxShownChars = 120;

/**
 * One field of its record an update row would change, as the run would merge it: 'set' replaces
 * `before` with `after`; 'add' adds `after` to what the record keeps (emails, phone numbers, tags, a
 * note below the record's notes); 'create' (the company) links a new account named `after` in place
 * of the account named `before` ('' for none). Lists are joined with "; "; values cut at maxShownChars with "…".
 */
export const PreviewChange = z.object({ field: ImportField, kind: z.enum(['set', 'add', 'create']), before: z.string(), after: z.string() });
export type PreviewChange = z.infer<typeof PreviewChange>;

export const ImportPreview = z.object({
  encoding: z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be']),
  /** Data rows (CSV rows after the header, or vCards). */
  totalRows: z.number().int().nonnegative(),
  /** CSV header cells; empty for vCard. */
  headers: z.array(z.string()),
  /** An example of each CSV column, mapped or not: its first non-empty value among the first 50 data rows ('' if none); empty for vCard. */
  samples: z.array(z.string()),
  suggestedMapping: ColumnMapping,
  mapping: ColumnMapping,
  /** Why this mapping cannot be imported (e.g. no name column), or null. */
  mappingProblem: z.string().nullable(),
  /** mappingProblem as a reason the renderer words in the user's language. */
  mappingProblemReason: Reason.nullable(),
  rows: z.array(
    z.object({
      row: z.number().int().positive(),
      /** The mapped values as they would be imported (lists joined with "; "). */
      values: z.record(z.string(), z.string()),
      problems: z.array(Rejection),
      /** With duplicates 'update': the kind of key by which the row leads to the one record it would update; else null. */
      updates: DuplicateKind.nullable(),
      /**
       * With `updates`: the record the row would update (so the preview can name it) and what the update
       * would change in it (empty: nothing); null when it went meanwhile.
       */
      record: z.object({ id: z.string(), name: z.string(), changes: z.array(PreviewChange) }).nullable(),
    }),
  ),
  fileProblem: FileProblem.nullable(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportRun = z
  .object({
    ...FileSource,
    /** A check: validate everything and report, writing nothing (a job as a run is, kept in memory only). */
    dryRun: z.boolean().default(false),
    /**
     * What a row that matches a record already in the vault, or an earlier row, by email, phone or name
     * becomes: 'skip' leaves it out (reported as a duplicate); 'update' writes its values into the one
     * existing record it matches (a row matching an earlier row, or several records, is left out as with
     * skip); 'import' creates it as a new record anyway.
     */
    duplicates: ImportDuplicates.default('skip'),
    /** Contacts only: create an account for a company name that matches none. */
    createAccounts: z.boolean().default(true),
    /** Continue an interrupted or cancelled job from its last committed chunk (same file required). */
    resumeJobId: z.string().uuid().optional(),
  })
  .strict();
export type ImportRun = z.infer<typeof ImportRun>;

export const ImportJobRef = z.object({ jobId: z.string().uuid() }).strict();

/** The most rows (or cards) one `import.rejectedRows` answer carries (the first ones of the file). */
export const maxRejectedRowsListed = 100_000;
/** A real run's rejected rows as its file has them, to fix and import again: the job, and the upload it read (still at hand). */
export const ImportRejectedRowsQuery = z
  .object({
    /** The real run's job; null: the newest check (dry run) of the upload. */
    jobId: z.string().uuid().nullable(),
    uploadId: z.string().uuid(),
  })
  .strict();
export const ImportRejectedRows = z.discriminatedUnion('format', [
  z.object({
    format: z.literal('csv'),
    /** The file's header cells. */
    headers: z.array(z.string()),
    /** Each rejected row (not a skipped duplicate) in file order: its number, its cells as the file has them, and why it was rejected. */
    rows: z.array(z.object({ row: z.number().int().positive(), cells: z.array(z.string()), problems: z.array(Rejection) })),
    /** More rows were rejected than the answer carries (maxRejectedRowsListed). */
    more: z.boolean(),
  }),
  z.object({
    format: z.literal('vcard'),
    /** Each rejected card in file order: its number (1 = the first card), its lines as the file has them (folded lines kept), and why. */
    cards: z.array(z.object({ row: z.number().int().positive(), text: z.string(), problems: z.array(Rejection) })),
    more: z.boolean(),
  }),
]);
export type ImportRejectedRows = z.infer<typeof ImportRejectedRows>;
export const ImportStatusQuery = z
  .object({ jobId: z.string().uuid(), rejectionsFrom: z.number().int().nonnegative().default(0) })
  .strict();

export const ImportState = z.enum(['running', 'done', 'cancelled', 'failed', 'interrupted']);
export type ImportState = z.infer<typeof ImportState>;

export const ImportStatus = z.object({
  /** A check's (dry run's) too: its job and report are kept in memory until the vault locks. */
  jobId: z.string().uuid(),
  dryRun: z.boolean(),
  entity: ImportEntity,
  state: ImportState,
  total: z.number().int().nonnegative(),
  /** Rows handled so far (imported, updated, rejected or skipped as duplicates). */
  processed: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  /** Rows whose values were written into the existing record they matched (duplicates 'update'). */
  updated: z.number().int().nonnegative(),
  /** Rows refused for a problem of their own (not counted among `duplicates`). */
  rejected: z.number().int().nonnegative(),
  /** Rows skipped because they match an existing record or an earlier row: imported + updated + duplicates + rejected = processed. */
  duplicates: z.number().int().nonnegative(),
  /**
   * The reasons of the rejected rows and of the rows skipped as duplicates (codes duplicate_in_file and
   * duplicate_in_vault, with what they matched): up to maxReportedRejections, ordered by row, starting at rejectionsFrom.
   */
  rejections: z.array(Rejection),
  rejectionCount: z.number().int().nonnegative(),
  /** When the records the import created were moved to the trash (import.undo); null: not undone (a dry run: never). */
  undoneAt: z.number().int().nullable(),
  /**
   * A real import's file as the main process still holds it (the newest upload it was started or resumed with in
   * this process): a stopped job resumes with it (import.run's `uploadId`) without the file chosen again, from a
   * page that no longer has it. Null for a check, and once the upload has gone (the lock, an idle hour, a finished
   * import without rejected rows, the app started again).
   */
  uploadId: z.string().uuid().nullable(),
});
export type ImportStatus = z.infer<typeof ImportStatus>;

/**
 * An import cut off before its end (the app closed, the vault locked or the process died): its job
 * record still says running and no job of this process runs it. No file name and no cell value: the
 * job keeps neither, only its counters, its kind and when it started.
 */
export const InterruptedImport = z.object({
  jobId: z.string().uuid(),
  entity: ImportEntity,
  format: ImportFormat,
  total: z.number().int().nonnegative(),
  /** Rows of the file already handled (its committed chunks): a resume goes on after them. */
  processed: z.number().int().nonnegative(),
  /** When the import started (ms since the epoch). */
  startedAt: z.number().int(),
});
export type InterruptedImport = z.infer<typeof InterruptedImport>;
/** Newest first. */
export const InterruptedImports = z.object({ jobs: z.array(InterruptedImport) });
export type InterruptedImports = z.infer<typeof InterruptedImports>;
/**
 * What a running import or check does now, for the page to say: reading the keys of the records in the
 * vault to find duplicates, before its first row (`keys`; not when duplicates are imported anyway); a
 * resumed import reading its file again up to where it stopped (`resuming`: it has passed `passed` of
 * the `of` rows its committed chunks wrote, its bar staying at them); checking and writing rows
 * (`rows`); or every row in, the job tidying up before it says how it ended (`finishing`: the search
 * index merged after a large import; nothing is left to stop).
 */
export const ImportPhase = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keys') }),
  z.object({ kind: z.literal('resuming'), passed: z.number().int().nonnegative(), of: z.number().int().positive() }),
  z.object({ kind: z.literal('rows') }),
  z.object({ kind: z.literal('finishing') }),
]);
export type ImportPhase = z.infer<typeof ImportPhase>;

/**
 * The import, or check (`dryRun`), that runs now (`processed` and `phase` as its last progress said),
 * for a page opened while it runs; null when none does.
 */
export const RunningImport = z.object({ job: InterruptedImport.extend({ dryRun: z.boolean(), phase: ImportPhase }).nullable() });
export type RunningImport = z.infer<typeof RunningImport>;

export const ImportProgress = z.object({
  jobId: z.string().uuid(),
  processed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  state: ImportState,
  /** What it does now, while it runs; null once it ended (`state` says how). */
  phase: ImportPhase.nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

/**
 * Undoing an import: its created records (and the accounts it created for company names) go to the
 * trash; `restore` takes back out of the trash the ones that undo put there. Rows it updated keep
 * their changes.
 */
export const ImportUndo = z.object({ jobId: z.string().uuid(), restore: z.boolean() }).strict();
export type ImportUndo = z.infer<typeof ImportUndo>;

export const ImportUndone = z.object({
  jobId: z.string().uuid(),
  /** The records this call moved (to the trash, or out of it with restore). */
  contacts: z.number().int().nonnegative(),
  accounts: z.number().int().nonnegative(),
  /** When the import was undone (its records' deleted_at); null once restored. */
  undoneAt: z.number().int().nullable(),
  /**
   * A restore's contacts left in the trash: their account is in the trash (trashed on its own, not by the undo).
   * An undo's accounts left out of the trash: records it did not create link to them.
   */
  kept: z.number().int().nonnegative(),
});
export type ImportUndone = z.infer<typeof ImportUndone>;

/** An undo's (or its restore's) records moved so far, of how many. */
export const ImportUndoProgress = z.object({
  jobId: z.string().uuid(),
  restore: z.boolean(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** The undo (or restore) ended, done or stopped: the last event of it, for a page that did not start it to read where it stands. */
  ended: z.boolean(),
});
export type ImportUndoProgress = z.infer<typeof ImportUndoProgress>;

/**
 * An import that ended, for the list of recent imports (what it did, and the way to undo it): no
 * file name and no cell value, only its counters, its kind, when it started and whether it was undone.
 */
export const RecentImport = z.object({
  jobId: z.string().uuid(),
  entity: ImportEntity,
  format: ImportFormat,
  state: z.enum(['done', 'cancelled', 'failed']),
  startedAt: z.number().int(),
  imported: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  undoneAt: z.number().int().nullable(),
  /**
   * What it created: its new records, and the accounts a contact import created for company names (both 0: it
   * only updated existing records, whose changes stay). null: made before imports kept what they create
   * (migration 0026), so it cannot be undone here.
   */
  created: z.object({ contacts: z.number().int().nonnegative(), accounts: z.number().int().nonnegative() }).nullable(),
  /** It kept what it created, and created something: an undo has records to move. */
  undoable: z.boolean(),
  /** Of an undone import: the records it created still out of the trash (an undo stopped part way, by a lock); 0 otherwise. */
  left: z.number().int().nonnegative(),
  /** Its undo, or its restore, is running now (started from a page since left); null otherwise. */
  running: z.enum(['undo', 'restore']).nullable(),
});
export type RecentImport = z.infer<typeof RecentImport>;
/** Newest first; at most maxRecentImports. */
export const RecentImports = z.object({ jobs: z.array(RecentImport) });
export type RecentImports = z.infer<typeof RecentImports>;
export const maxRecentImports = 5;
