// Keyed blind index: HMAC-SHA256 under a server-held key of a normalised
// value, so an exact-match lookup (a data-subject request naming an email
// address) finds records without decrypting every contact, while a stolen
// database alone cannot confirm a guessed address. Only the fields listed in
// src-shared/sync/entity-fields.ts (blindIndexedFields) are indexed.
import { createHmac } from 'node:crypto';
import type { JsonValue } from '../../src-shared/sync/protocol';

/** Lower-cased, trimmed, Unicode NFC: the same address typed twice indexes the same. */
export function normaliseForIndex(value: string): string {
  return value.normalize('NFC').trim().toLowerCase();
}

export function blindDigest(key: Uint8Array, entity: string, field: string, value: string): string {
  return createHmac('sha256', key).update(`${entity}|${field}|${normaliseForIndex(value)}`, 'utf8').digest('hex');
}

/** Digests of every non-empty string in a field value (a string or an array of strings). */
export function blindDigestsOf(key: Uint8Array, entity: string, field: string, value: JsonValue | undefined): string[] {
  const strings = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  return strings.filter((item) => normaliseForIndex(item) !== '').map((item) => blindDigest(key, entity, field, item));
}
