// Test support, loaded with `--import` into a `fieldvault-server serve` child
// (CliOptions.preload): the stored-task step (sync/stored-task-placement.ts)
// holds before it reads its first page of tasks, on either store, until the
// test releases it (waitUntilReleased in hold-until-released.ts). Only that
// call waits: the event loop goes on, so the server answers requests while
// the step is held. Only the step lists live tasks in serve; every other
// call is untouched.
import { PostgresReadTx } from '../store/postgres/postgres.read-tx';
import { SqliteReadTx } from '../store/sqlite/sqlite-read';
import { holdDirOf, waitUntilReleased } from './hold-until-released';

const hook = 'hold-task-walk';
const holdDir = holdDirOf(hook);
let held = false;

type ListLiveRecords = SqliteReadTx['listLiveRecords'];

/** Holds the step's first listing of tasks until released; every other call goes straight to `listLiveRecords`. */
function holding(listLiveRecords: (this: unknown, ...args: Parameters<ListLiveRecords>) => ReturnType<ListLiveRecords>) {
  return async function heldListLiveRecords(this: unknown, ...args: Parameters<ListLiveRecords>): ReturnType<ListLiveRecords> {
    if (args[0] === 'tasks' && !held) {
      held = true;
      await waitUntilReleased(holdDir, hook);
    }
    return listLiveRecords.apply(this, args);
  };
}

for (const prototype of [SqliteReadTx.prototype, PostgresReadTx.prototype]) {
  // Taken off the prototype unbound on purpose: it is called on each transaction (`apply`).
  const listLiveRecords = Object.getOwnPropertyDescriptor(prototype, 'listLiveRecords')?.value as (this: unknown, ...args: Parameters<ListLiveRecords>) => ReturnType<ListLiveRecords>;
  Object.defineProperty(prototype, 'listLiveRecords', { value: holding(listLiveRecords), writable: true, configurable: true });
}
