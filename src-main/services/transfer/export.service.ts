// Export of one entity's list (the user's sort and filters) to CSV with
// csv-stringify. Pages are read through the CRM services' own list functions,
// each in a short read transaction, so the export matches the list on screen
// and never holds the connection for long. Every cell that a spreadsheet
// would evaluate is neutralised (OWASP "CSV Injection": a leading = + - @,
// tab or carriage return gets an apostrophe). The ExportPolicy hook decides
// before any row is read and hears the outcome afterwards. The list's rows
// are counted first (from the index, up to the limit): a list too large to
// export is refused before its rows are read, and progress has a total. A
// stopped export (export.cancel) ends before its next page. The text has no
// byte-order mark: the page puts it first in the file (Excel needs it to read
// UTF-8). In the text, that one character past U+00FF made V8 store the whole
// string as two-byte UTF-16, which is how it crosses IPC: twice the bytes of
// a mostly-ASCII file (a file with such characters of its own still is).
// Records purged or evicted while the pages are read (the departures count
// moved) refuse the export: rows read before might be theirs, and the file
// would hold values the device has already erased. Records written while
// the pages are read (the entity's generation moved: a sync pull, an edit)
// may have moved across the cursor: a row edited from behind it to ahead of
// it would be read again, one edited from ahead of it to behind it never.
// A row already in the file is never written again (its id is kept), and a
// pass over the list that saw a move is followed by another from the first
// page, which appends only the rows not yet in the file, until a pass sees
// none (at most maxPasses, then export_records_changed rather than a file
// that may lack rows). A request with ids (the rows the user selected)
// exports those of the list's rows only, in the list's order, and a pass
// stops once as many as the list held of them are in the file. A file that
// holds a field the masking rule hides (notes, an activity's details: asked
// for with includeSensitive) is an access like "Show" on each of its rows:
// once the file is made, one access-log entry per such field records it
// (access-log.ts), before the policy hears of the export.
// Every cell is quoted, as csv-text.ts writes files: in a locale whose Excel
// splits on ';' or tab, an unquoted cell holding one would start a new cell
// there, and an '=' after it a formula the apostrophe guard never saw.
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { masksUntilShown } from '../../../src-shared/domain/common';
import { BadInputError, CancelledError } from '../../../src-shared/ipc/errors';
import { neutraliseCell } from '../../../src-shared/transfer/csv-text';
import { maxExportRows, type ExportRequest, type ExportResult } from '../../../src-shared/transfer/export';
import type { Sender } from '../../ipc/registry';
import { listDirectory } from '../../sync/directory';
import type { Connection, ReadTx } from '../../vault/connection';
import { recordExportAccess } from '../access/access-log';
import { countAccounts, listAccounts } from '../crm/account.service';
import { countActivities, listActivities } from '../crm/activity.service';
import { countContacts, listContacts } from '../crm/contact.service';
import { currentUserId } from '../crm/current-user';
import { countDeals, listDeals } from '../crm/deal.service';
import { listStages } from '../crm/pipeline.repo';
import { countTasks, listTasks } from '../crm/task.service';
import { exportColumns, localTime, type ExportColumn, type RelatedNames } from './export-columns';
import type { ExportPolicy } from './export-policy';

const defaultPageSize = 200;
/** Rows between two progress reports. */
const progressRows = 2_000;
/**
 * Most passes over the list while its records are written: each after the first reads it again for rows moved
 * past the cursor, so only writes that keep coming through every pass (a sync pulling thousands of pages) refuse.
 */
export const maxPasses = 5;

interface Links {
  readonly accounts?: readonly (string | null)[];
  readonly contacts?: readonly (string | null)[];
  readonly deals?: readonly (string | null)[];
}

interface EntityExport<R extends { readonly id: string }> {
  readonly columns: readonly ExportColumn<R>[];
  readonly page: (tx: ReadTx, after: string | undefined) => Promise<{ items: R[]; next: string | null }>;
  /** The list's rows (given ids, only those among them), counted no further than upTo. */
  readonly count: (tx: ReadTx, upTo: number, ids: readonly string[] | undefined) => Promise<number>;
  readonly links: (record: R) => Links;
}

const NameRow = z.object({ id: z.string(), name: z.string() });

async function namesOf(tx: ReadTx, table: 'accounts' | 'contacts' | 'deals', ids: ReadonlySet<string>): Promise<Map<string, string>> {
  if (ids.size === 0) return new Map();
  const list = [...ids];
  const rows = z.array(NameRow).parse(await tx.all(`SELECT id, name FROM ${table} WHERE id IN (${list.map(() => '?').join(', ')})`, list));
  return new Map(rows.map((row) => [row.id, row.name]));
}

async function relatedNames<R>(tx: ReadTx, items: readonly R[], links: (record: R) => Links, once: Pick<RelatedNames, 'people' | 'stages'>): Promise<RelatedNames> {
  const ids = { accounts: new Set<string>(), contacts: new Set<string>(), deals: new Set<string>() };
  for (const item of items) {
    const link = links(item);
    for (const table of ['accounts', 'contacts', 'deals'] as const) {
      for (const id of link[table] ?? []) if (id !== null) ids[table].add(id);
    }
  }
  return { accounts: await namesOf(tx, 'accounts', ids.accounts), contacts: await namesOf(tx, 'contacts', ids.contacts), deals: await namesOf(tx, 'deals', ids.deals), ...once };
}

/** An EntityExport whose record type is hidden, so the five entities share one code path. */
interface AnyEntityExport {
  run<T>(visit: <R extends { readonly id: string }>(spec: EntityExport<R>) => T): T;
}

function visitWith<R extends { readonly id: string }>(spec: EntityExport<R>): AnyEntityExport {
  return { run: (visit) => visit(spec) };
}

function entityExport(request: ExportRequest, pageSize: number): AnyEntityExport {
  switch (request.entity) {
    case 'contacts':
      return visitWith({
        columns: exportColumns.contacts,
        page: (tx, after) => listContacts(tx, { ...request.query, limit: pageSize, ...(after === undefined ? {} : { after }) }),
        count: (tx, upTo, ids) => countContacts(tx, { ...request.query, limit: pageSize }, upTo, ids),
        links: (contact) => ({ accounts: [contact.accountId] }),
      });
    case 'accounts':
      return visitWith({
        columns: exportColumns.accounts,
        page: (tx, after) => listAccounts(tx, { ...request.query, limit: pageSize, ...(after === undefined ? {} : { after }) }),
        count: (tx, upTo, ids) => countAccounts(tx, { ...request.query, limit: pageSize }, upTo, ids),
        links: () => ({}),
      });
    case 'deals':
      return visitWith({
        columns: exportColumns.deals,
        page: (tx, after) => listDeals(tx, { ...request.query, limit: pageSize, ...(after === undefined ? {} : { after }) }),
        count: (tx, upTo, ids) => countDeals(tx, { ...request.query, limit: pageSize }, upTo, ids),
        links: (deal) => ({ accounts: [deal.accountId], contacts: deal.contactIds }),
      });
    case 'activities':
      return visitWith({
        columns: exportColumns.activities,
        page: (tx, after) => listActivities(tx, { ...request.query, limit: pageSize, ...(after === undefined ? {} : { after }) }),
        count: (tx, upTo, ids) => countActivities(tx, { ...request.query, limit: pageSize }, upTo, ids),
        links: (activity) => ({ accounts: [activity.accountId], contacts: [activity.contactId], deals: [activity.dealId] }),
      });
    case 'tasks':
      return visitWith({
        columns: exportColumns.tasks,
        page: (tx, after) => listTasks(tx, { ...request.query, limit: pageSize, ...(after === undefined ? {} : { after }) }),
        count: (tx, upTo, ids) => countTasks(tx, { ...request.query, limit: pageSize }, upTo, ids),
        links: (task) => ({ accounts: [task.accountId], contacts: [task.contactId], deals: [task.dealId] }),
      });
  }
}

function filterFields(filter: object): string[] {
  return Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
    .sort();
}

export interface ExportDependencies {
  /** Pages are read; the access log is written once a file holding hidden fields is made. */
  readonly connection: Pick<Connection, 'read' | 'write'>;
  readonly policy: ExportPolicy;
  readonly sender: Sender;
  readonly now: number;
  /** Rows read so far and the rows the list held when the export began: at the start, every progressRows rows and at the end. */
  readonly onProgress?: (rows: number, total: number) => void;
  /** Aborted by export.cancel: the export stops before its next page with CancelledError, and the policy hears no outcome (there is no file). */
  readonly signal?: AbortSignal;
  /** Most rows the export may hold (maxExportRows unless a test sets fewer). */
  readonly maxRows?: number;
  /** Most megabytes (2^20 bytes) of CSV the export may make (maxExportMegabytes unless a test sets fewer). */
  readonly maxMegabytes?: number;
  /** Records purged or evicted so far (RecordGenerations.departures): a move during the export refuses it. */
  readonly departures?: () => number;
  /** Record writes to the exported entity so far (RecordGenerations.of): a move during a pass over the list makes another (at most maxPasses). */
  readonly written?: () => number;
  /** Rows per page read (200 unless a test sets fewer). */
  readonly pageSize?: number;
}

/**
 * Most megabytes an export makes. The file is one string sent over IPC: past V8's longest string (about 512 M
 * UTF-16 units) the join threw after every row was read, and well before it an IPC message this size is a risk
 * of its own (150,000 activities with 4 KB details each are 600 MB).
 */
export const maxExportMegabytes = 256;

function tooLarge(maxMegabytes: number): BadInputError {
  return new BadInputError(`The file would be larger than ${maxMegabytes} MB: export without details, or narrow the list with filters and export the parts`, {
    code: 'export_too_large',
    maxMegabytes,
  });
}

/** The day `at` falls on in this process's time zone (the user's), as YYYY-MM-DD: the file is named for the user's today, not UTC's. */
function localDate(at: number): string {
  return localTime(at).slice(0, 10);
}

function recordsLeft(): BadInputError {
  return new BadInputError('Records left this device while exporting; export again.', { code: 'export_records_left' });
}

function recordsChanged(): BadInputError {
  return new BadInputError('Records changed while exporting; export again.', { code: 'export_records_changed' });
}

function tooManyRows(maxRows: number): BadInputError {
  return new BadInputError(`The list has more than ${maxRows.toLocaleString('en-US')} rows: narrow it with filters and export the parts`, { code: 'export_too_many_rows', max: maxRows });
}

/** CRLF rows and every cell quoted, empty ones too, as csv-text.ts writes files (see the header). */
const csvOptions = { record_delimiter: 'windows', quoted: true, quoted_empty: true } as const;

/** What the page puts before the text in the file; counted in the file's size. */
const byteOrderMarkBytes = Buffer.byteLength('\uFEFF', 'utf8');

/** The list as CSV text (CRLF rows, no byte-order mark: the page adds it), after the export policy allowed it. */
export async function exportCsv(request: ExportRequest, deps: ExportDependencies): Promise<ExportResult> {
  return entityExport(request, deps.pageSize ?? defaultPageSize).run(async (spec) => {
    // Sensitive columns (notes, details) only when the user asked for them: the policy sees the rest.
    const includeSensitive = request.includeSensitive === true;
    const offered = spec.columns.filter((column) => includeSensitive || !masksUntilShown(column.sensitivity));
    const context = {
      entity: request.entity,
      columns: offered.map((column) => ({ key: column.key, sensitivity: column.sensitivity })),
      includeSensitive,
      filterFields: filterFields(request.query.filter),
      deleted: request.query.deleted,
      sender: deps.sender,
    };
    const decision = await deps.policy.beforeExport(context);
    const allowed = new Set(decision.columns);
    const columns = offered.filter((column) => allowed.has(column.key));
    const maxRows = deps.maxRows ?? maxExportRows;
    // Taken before the first read: a purge committing after any page read moves it past this.
    const departures = deps.departures?.();
    const departed = () => departures !== undefined && deps.departures?.() !== departures;
    // Taken before each pass's first read (the first pass's before the count), as departures: a write committing
    // after any page read moves it past this.
    let generation = deps.written?.();
    const changed = () => generation !== undefined && deps.written?.() !== generation;
    let passes = 1;
    let passChanged = false;
    // The rows in the file by id: one a write moved behind the cursor is read again, and left out.
    const inFile = new Set<string>();
    const selection = request.ids === undefined ? undefined : new Set<string>(request.ids);
    const wanted = (item: { readonly id: string }) => !inFile.has(item.id) && (selection === undefined || selection.has(item.id));
    // From the index alone: a larger list was read up to the limit before it was refused (about 16 s at 254,000 contacts; the count, about 50 ms).
    const { total, once } = await deps.connection.read(async (tx) => ({
      // A selection: only the list's rows among it (selected rows since gone from the list are not), so a pass
      // stops once that many are in the file.
      total: await spec.count(tx, selection === undefined ? maxRows + 1 : selection.size, request.ids),
      // The user directory is the user's teams, the pipeline a few stages: small enough to read once.
      once: {
        people: { me: await currentUserId(tx), names: new Map((await listDirectory(tx)).map((user) => [user.userId, user.displayName])) },
        stages: new Map((await listStages(tx)).map((stage) => [stage.id, stage.name])),
      },
    }));
    if (total > maxRows) throw tooManyRows(maxRows);
    deps.onProgress?.(0, total);
    const parts: string[] = [stringify([columns.map((column) => column.header)], csvOptions)];
    const maxBytes = (deps.maxMegabytes ?? maxExportMegabytes) * 2 ** 20;
    // The file's size: the text as UTF-8, and the mark the page puts first.
    let bytes = parts.reduce((sum, part) => sum + Buffer.byteLength(part, 'utf8'), byteOrderMarkBytes);
    let rows = 0;
    let reported = 0;
    let after: string | undefined;
    // Read afresh each time: Stop aborts the signal between the reads.
    const stopped = () => deps.signal?.aborted === true;
    let more = true;
    while (more) {
      if (stopped()) throw new CancelledError('The export');
      const page = await deps.connection.read(async (tx) => {
        const result = await spec.page(tx, after);
        const items = result.items.filter(wanted);
        return { items, next: result.next, related: await relatedNames(tx, items, spec.links, once) };
      });
      // Said at once: no later page can make the rows read so far safe to write.
      if (departed()) throw recordsLeft();
      // The page's rows are kept (each was true when read); a row the write moved ahead of the cursor is what the
      // next pass is for.
      if (changed()) passChanged = true;
      for (const item of page.items) inFile.add(item.id);
      rows += page.items.length;
      // Rows written (e.g. synced in) since the count can still push the list over the limit.
      if (rows > maxRows) throw tooManyRows(maxRows);
      const cells = page.items.map((item) => columns.map((column) => neutraliseCell(column.cell(item, page.related))));
      if (cells.length > 0) {
        const text = stringify(cells, csvOptions);
        bytes += Buffer.byteLength(text, 'utf8');
        // Said as soon as it is known, not after the last page.
        if (bytes > maxBytes) throw tooLarge(deps.maxMegabytes ?? maxExportMegabytes);
        parts.push(text);
      }
      // As many of the selection in the file as the list held: the rest of the list holds none of them.
      after = selection !== undefined && rows >= total ? undefined : (page.next ?? undefined);
      if (rows - reported >= progressRows || (after === undefined && rows > reported)) {
        reported = rows;
        deps.onProgress?.(rows, Math.max(total, rows));
      }
      if (after !== undefined || !passChanged) {
        more = after !== undefined;
        continue;
      }
      // A pass that saw a write ended: again from the first page, the file kept (a row edited after it was written
      // keeps the values it was read with, true then; a row moved ahead of the cursor was not read and is now).
      // Progress goes on from the rows in the file: a new pass only adds to them.
      if (passes >= maxPasses) throw recordsChanged();
      passes += 1;
      passChanged = false;
      generation = deps.written?.();
    }
    // Stopped while the last page was read: no file, and no export for the audit.
    if (stopped()) throw new CancelledError('The export');
    if (departed()) throw recordsLeft();
    const csv = parts.join('');
    // With the file made: the hidden fields it holds (the policy may have narrowed them), an entry each. Before the
    // policy hears of the export, so an entry that fails to be written leaves no audited export without its entries.
    const hidden = columns.filter((column) => masksUntilShown(column.sensitivity)).map((column) => column.key);
    if (hidden.length > 0) await deps.connection.write((tx) => recordExportAccess(tx, request.entity, hidden, deps.now));
    await deps.policy.afterExport({ ...context, exportedColumns: columns.map((column) => column.key), rows, bytes });
    return { fileName: `${request.entity}-${localDate(deps.now)}.csv`, csv, rows };
  });
}
