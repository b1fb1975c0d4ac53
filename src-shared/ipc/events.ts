// Push events from the main process to the renderer: `domain.didX`.
import { z } from 'zod';
import { DueReminders } from '../domain/task';
import { ChangedIds, ChangedLinks } from '../sync/changed-records';
import { SyncStatusEvent } from '../sync/client-api';
import { SyncedEntity } from '../sync/protocol';
import { ExportProgress } from '../transfer/export';
import { ImportProgress, ImportUndoProgress } from '../transfer/import';

/** Why the vault locked; `rotation-failed`: a key rotation did not finish, and the vault locked so the next unlock settles its key. */
export const LockReason = z.enum(['user', 'idle', 'suspend', 'screen-lock', 'wiped', 'revoked', 'destroyed', 'rotation-failed']);

export const events = {
  'vault.didLock': z.object({ reason: LockReason }),
  'vault.didUnlock': z.object({}),
  /**
   * An unlock is bringing the vault's schema up to date after an app update
   * (once): migration `step` of `steps` starts. It can take a minute on a
   * large vault (a search index rebuilt); the lock screen says so. A long
   * migration then sends its step again with the rows it has `done` of its
   * `total`, a batch at a time, and the lock screen shows a progress bar.
   */
  'vault.didStartMigration': z
    .object({
      step: z.number().int().positive(),
      steps: z.number().int().positive(),
      done: z.number().int().nonnegative().optional(),
      total: z.number().int().positive().optional(),
    })
    .refine(({ done, total }) => (done === undefined) === (total === undefined) && (done ?? 0) <= (total ?? 0), 'done comes with total, and is at most total'),
  'sync.didChangeStatus': SyncStatusEvent,
  /**
   * Remote changes reached these entities, or a resolved conflict changed one of their records: lists and detail pages showing them may refresh.
   * `ids`: per entity of `entities`, the records written or removed (deleted, evicted, erased), or null when there were too many to name
   * (changed-records.ts). `links`: per entity, for named records whose links are known, the records each links to after the change
   * (a page's related list concerns a changed record only if it is in the list or links to the page's record).
   * `people`: the user directory changed (names may read differently).
   */
  'sync.didApplyChanges': z
    .object({ entities: z.array(SyncedEntity), ids: ChangedIds, links: ChangedLinks.optional(), people: z.literal(true).optional() })
    .refine(({ entities, ids }) => entities.every((entity) => ids[entity] !== undefined) && Object.keys(ids).every((key) => entities.some((entity) => entity === key)), 'ids names exactly the entities')
    .refine(
      ({ ids, links }) =>
        Object.entries(links ?? {}).every(([entity, linked]) => {
          const known = SyncedEntity.safeParse(entity);
          const named = known.success ? ids[known.data] : undefined;
          return named !== undefined && named !== null && Object.keys(linked).every((id) => named.includes(id));
        }),
      'links names only records ids names',
    ),
  /** Task reminders fell due while the vault is unlocked, or while it was locked or the app closed (sent once after unlock); each is sent once. */
  'tasks.didRemind': DueReminders,
  /** An import job committed a chunk, or stopped (state done, cancelled, failed or interrupted). */
  'transfer.didProgress': ImportProgress,
  /** An import's undo (or its restore) has moved this many of its records so far. */
  'import.didUndoProgress': ImportUndoProgress,
  /** An export has read this many rows of its list so far. */
  'export.didProgress': ExportProgress,
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const eventNames = Object.keys(events) as EventName[];
