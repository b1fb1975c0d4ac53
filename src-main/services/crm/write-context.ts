// The WriteContext of one call: the clock reading and the writing user.
import type { ReadTx } from '../../vault/connection';
import { currentUserId } from './current-user';
import type { WriteContext } from './record-writes';

export async function writeContext(tx: ReadTx, now: number): Promise<WriteContext> {
  return { now, userId: await currentUserId(tx) };
}
