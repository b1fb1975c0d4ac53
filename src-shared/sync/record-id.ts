// Record ids on the wire. A server may hold and send a UUID of either case: an id it took before new records had to
// be lower case never stops a device at a pull page. A new record's id (the push checks it: isLowerCaseRecordId)
// must be lower case, as devices make them: server keys compare byte for byte, so an upper-case copy of an erased
// id was another key, unknown to the erasure ledger. An id an admin names may be in either case: the server looks
// for the spelling it stored (src-server/sync/admin.ts, findStoredKey), so a record taken before the rule stays
// erasable.
import { z } from 'zod';

export const RecordId = z.string().uuid();
const lowerCaseRecordId = /^[0-9a-f-]+$/;
export function isLowerCaseRecordId(id: string): boolean {
  return lowerCaseRecordId.test(id);
}
/** A new record's id, as devices make them. */
export const LowerCaseRecordId = RecordId.regex(lowerCaseRecordId, 'Not a lower-case id');
