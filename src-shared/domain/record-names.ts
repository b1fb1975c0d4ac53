// The names of related records (a task's contact, an activity's deal) that
// lists and chips show, read many at once by `records.names`: a list's
// Related column used to read each whole record (`contacts.get`, with its
// deals, tasks and a timeline page) just to show its name.
import { z } from 'zod';
import { SyncedEntity } from '../sync/protocol';

/** The most records one `records.names` call names (a list page's worth, with room to spare). */
export const recordNamesMax = 200;

export const RecordNameRef = z.object({ entity: SyncedEntity, id: z.string().uuid('Not a valid id') }).strict();
export type RecordNameRef = z.infer<typeof RecordNameRef>;

export const RecordNamesQuery = z.object({ refs: z.array(RecordNameRef).max(recordNamesMax) }).strict();
export type RecordNamesQuery = z.infer<typeof RecordNamesQuery>;

/**
 * A record's name: null for a record that is not there (never was, or erased) or whose entity the user may not
 * read. A record in the trash keeps its name, as its detail read did, and says `trashed`.
 */
export const RecordNameEntry = z.object({ entity: SyncedEntity, id: z.string(), name: z.string().nullable(), trashed: z.literal(true).optional() });
export type RecordNameEntry = z.infer<typeof RecordNameEntry>;

/** One entry per distinct ref asked for, in the order asked. */
export const RecordNames = z.object({ names: z.array(RecordNameEntry) });
export type RecordNames = z.infer<typeof RecordNames>;
