// Seals a record's current fields, each with its value and HLC stamp (the
// FieldChange shape devices receive), as one AES-256-GCM ciphertext under the
// active data key. The AAD names the entity and record, so a sealed document
// moved onto another record fails to open. The stamps also stay in clear in
// field_state (merge and paging need them, they carry no customer value); in
// here they let a snapshot page come from one read and one open per record.
import type { FieldChange, JsonValue, SyncedEntity } from '../../src-shared/sync/protocol';
import type { SealedValue } from '../store/rows';
import { open, seal, SealOpenError } from './aead';
import type { Keyring } from './keyring';

export type RecordFields = Record<string, FieldChange>;

const aadOf = (entity: SyncedEntity, recordId: string): string => `fieldvault/record/v1|${entity}|${recordId}`;

export function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (depth > 64 || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  return Object.values(value).every((item) => isJsonValue(item, depth + 1));
}

/**
 * Checks the shape of an opened document without zod: it came out of an
 * authenticated ciphertext we wrote, so this guards against our own bugs
 * and costs little on a 100,000-record snapshot.
 */
function toRecordFields(parsed: unknown): RecordFields {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SealOpenError();
  const fields: RecordFields = {};
  for (const [name, change] of Object.entries(parsed)) {
    if (typeof change !== 'object' || change === null) throw new SealOpenError();
    const value: unknown = Reflect.get(change, 'value');
    const hlc: unknown = Reflect.get(change, 'hlc');
    if (typeof hlc !== 'string' || !isJsonValue(value)) throw new SealOpenError();
    fields[name] = { value, hlc };
  }
  return fields;
}

export function sealRecordFields(keyring: Keyring, entity: SyncedEntity, recordId: string, fields: RecordFields): SealedValue {
  const keyId = keyring.activeKeyId;
  return { keyId, ciphertext: seal(keyring.key(keyId), Buffer.from(JSON.stringify(fields), 'utf8'), aadOf(entity, recordId)) };
}

/**
 * The opened document as text, unparsed: the JSON of a ServerChange's
 * `fields`, as sealRecordFields wrote it. Authentication (GCM, AAD bound to
 * the record) is what vouches for it; pull-body.ts embeds it in a page.
 */
export function openRecordFieldsJson(keyring: Keyring, entity: SyncedEntity, recordId: string, sealed: SealedValue): string {
  return open(keyring.key(sealed.keyId), sealed.ciphertext, aadOf(entity, recordId)).toString('utf8');
}

export function openRecordFields(keyring: Keyring, entity: SyncedEntity, recordId: string, sealed: SealedValue): RecordFields {
  const plaintext = open(keyring.key(sealed.keyId), sealed.ciphertext, aadOf(entity, recordId));
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw new SealOpenError();
  }
  return toRecordFields(parsed);
}
