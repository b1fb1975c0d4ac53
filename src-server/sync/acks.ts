// Purge acknowledgements: a device confirms it deleted erased records (rows,
// field versions, outbox entries, search index). Keys that match no erasure
// are ignored, so a device cannot acknowledge on another's behalf or learn
// which ids were erased beyond what its pulls told it.
import type { AckRequest, AckResponse } from '../../src-shared/sync/protocol';
import type { DeviceRow } from '../store/rows';
import type { SyncContext } from './context';

export async function acknowledgePurges(ctx: SyncContext, device: DeviceRow, request: AckRequest): Promise<AckResponse> {
  if (request.purged.length === 0) return { acknowledged: 0 };
  return ctx.store.transaction(async (tx) => {
    const erasures = await tx.findErasures(request.purged);
    const at = ctx.now();
    await tx.insertPurgeAcks(erasures.map((erasure) => ({ erasureSeq: erasure.commitSeq, deviceId: device.id, ackedAt: at })));
    return { acknowledged: erasures.length };
  });
}
