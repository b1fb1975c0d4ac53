// Push events from the main process to the renderer: `domain.didX`.
import { z } from 'zod';
import { SyncStatusEvent } from '../sync/client-api';
import { SyncedEntity } from '../sync/protocol';
import { ExportProgress } from '../transfer/export';
import { ImportProgress } from '../transfer/import';

export const LockReason = z.enum(['user', 'idle', 'suspend', 'screen-lock', 'wiped', 'destroyed']);

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
  /** Remote changes reached these entities, or a resolved conflict changed one of their records: lists and detail pages showing them may refresh. `people`: the user directory changed (names may read differently). */
  'sync.didApplyChanges': z.object({ entities: z.array(SyncedEntity), people: z.literal(true).optional() }),
  /** An import job committed a chunk, or stopped (state done, cancelled, failed or interrupted). */
  'transfer.didProgress': ImportProgress,
  /** An export has read this many rows of its list so far. */
  'export.didProgress': ExportProgress,
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const eventNames = Object.keys(events) as EventName[];
