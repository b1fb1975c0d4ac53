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
  'sync.didChangeStatus': SyncStatusEvent,
  /** Remote changes reached these entities: lists showing them may refresh. */
  'sync.didApplyChanges': z.object({ entities: z.array(SyncedEntity) }),
  /** An import job committed a chunk, or stopped (state done, cancelled, failed or interrupted). */
  'transfer.didProgress': ImportProgress,
  /** An export has read this many rows of its list so far. */
  'export.didProgress': ExportProgress,
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const eventNames = Object.keys(events) as EventName[];
