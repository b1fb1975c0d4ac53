// Every CRM handler group, for the composition root (src-main/app/core.ts).
import type { Handlers } from '../../ipc/registry';
import type { Vault } from '../../vault/vault';
import { accountHandlers } from './accounts.handlers';
import { activityHandlers } from './activities.handlers';
import { contactHandlers } from './contacts.handlers';
import { listDirectory } from '../../sync/directory';
import { currentUserId } from './current-user';
import { dealHandlers } from './deals.handlers';
import { pipelineHandlers } from './pipeline.handlers';
import { taskHandlers, type TaskWrite } from './tasks.handlers';

/** `taskWrite`: how a task write runs its transaction (the core's takes the reminders that fell due in it first). */
export function crmHandlers(vault: Vault, now: () => number = Date.now, taskWrite?: TaskWrite) {
  return {
    ...accountHandlers(vault, now),
    ...contactHandlers(vault, now),
    ...dealHandlers(vault, now),
    ...activityHandlers(vault, now),
    ...taskHandlers(vault, now, taskWrite),
    ...pipelineHandlers(vault, now),
    'session.user': () => vault.connection().read(async (tx) => ({ userId: await currentUserId(tx), people: await listDirectory(tx) })),
  } satisfies Partial<Handlers>;
}
