// Who is writing. Until accounts and roles land, every write on this device
// is made by the local vault owner, whose id migration 0002 stores in
// sync_state ('local_user_id' = 'local-owner'); enrolment with the sync
// server will replace that value with the server's user id.
import { z } from 'zod';
import { UserId } from '../../../src-shared/domain/ids';
import { VaultCorruptError } from '../../../src-shared/ipc/errors';
import type { ReadTx } from '../../vault/connection';

const Row = z.object({ value: UserId });

export async function currentUserId(tx: ReadTx): Promise<UserId> {
  const parsed = Row.safeParse(await tx.get("SELECT value FROM sync_state WHERE key = 'local_user_id'"));
  if (!parsed.success) throw new VaultCorruptError('its local user id is missing');
  return parsed.data.value;
}
