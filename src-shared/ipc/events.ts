// Push events from the main process to the renderer: `domain.didX`.
import { z } from 'zod';

export const LockReason = z.enum(['user', 'idle', 'suspend', 'screen-lock', 'wiped', 'destroyed']);

export const events = {
  'vault.didLock': z.object({ reason: LockReason }),
  'vault.didUnlock': z.object({}),
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const eventNames = Object.keys(events) as EventName[];
