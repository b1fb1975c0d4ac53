import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FieldChange, FieldChanges, FieldName, JsonValue, PokeQuery, PullResponse, pulledThroughHeader, PushHeaders, PushResponse, isLowerCaseRecordId, LowerCaseRecordId, RecordId, RecordKey } from './protocol';
import { EraseRecordRequest } from './admin-protocol';

// FieldChanges checks a pull page's field maps in one pass instead of zod's
// record parsing; it must accept what the zod form would, except an own
// "__proto__" key, which zod's record skips and FieldChanges refuses.
const zodFieldChanges = z.record(FieldName, FieldChange);

const hlc = fc.oneof(
  fc.constantFrom('1796010734158-0000-6484e3c350530bc14964', '0000000000000-zzzz-a', '1796010734158-0000-', '179601073415-0000-abc', 'x'),
  fc.string({ maxLength: 30 }),
);
const json = fc.jsonValue({ maxDepth: 3 });
const fieldChange = fc.oneof(
  fc.record({ value: json, hlc }),
  fc.record({ value: json, hlc, extra: fc.constant(1) }),
  fc.record({ value: json }),
  fc.constant(null),
  fc.constant([]),
  json,
);
const fieldName = fc.oneof(fc.constantFrom('name', 'accountId', 'Name', 'a_b', 'constructor', 'toString', 'x'.repeat(65)), fc.string({ maxLength: 8 }));

describe('the wire schemas', () => {
  it('FieldChanges accepts the maps z.record(FieldName, FieldChange) accepts', () => {
    fc.assert(
      fc.property(fc.dictionary(fieldName, fieldChange, { maxKeys: 6, noNullPrototype: true }), (fields) => {
        expect(FieldChanges.safeParse(fields).success).toBe(zodFieldChanges.safeParse(fields).success);
      }),
      { numRuns: 2000 },
    );
    const named = (key: string, value: unknown): Record<string, unknown> => Object.defineProperty({}, key, { value, enumerable: true, writable: true, configurable: true });
    expect(FieldChanges.safeParse(named('__proto__', { value: 1, hlc: '1796010734158-0000-6484e3c350530bc14964' })).success).toBe(false);
    expect(FieldChanges.safeParse(named('name', { value: 1, hlc: '1796010734158-0000-6484e3c350530bc14964' })).success).toBe(true);
  });

  it('JsonValue takes own properties only, and refuses what JSON cannot hold', () => {
    const inherited: Record<string, unknown> = Object.create({ hidden: () => undefined }) as Record<string, unknown>;
    expect(JsonValue.safeParse({ a: [1, 'b', null, { c: true }] }).success).toBe(true);
    expect(JsonValue.safeParse({ a: Number.NaN }).success).toBe(false);
    expect(JsonValue.safeParse({ a: () => 1 }).success).toBe(false);
    expect(JsonValue.safeParse({ ['k'.repeat(101)]: 1 }).success).toBe(false);
    expect(JsonValue.safeParse(new Date(0)).success).toBe(false);
    // Not a plain object: its prototype is refused before any key is read.
    expect(JsonValue.safeParse(inherited).success).toBe(false);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expect(JsonValue.safeParse(value).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('reads a pull page from a server without the user directory as naming no version (the device then never asks /v1/users)', () => {
    const page = { from: { cursor: 3, resume: null }, changes: [], cursor: 3, resume: null, hasMore: false };
    expect(PullResponse.parse(page).directoryVersion).toBeNull();
    expect(PullResponse.parse({ ...page, directoryVersion: 'abc' }).directoryVersion).toBe('abc');
  });

  it('reads a push answer from a server before overwrites as naming none, and a push without the cursor header as saying nothing', () => {
    expect(PushResponse.parse({ appliedThroughSeq: 4, rejected: [], commitSeq: 9 }).overwritten).toEqual([]);
    expect(PushHeaders.parse({ 'content-type': 'application/json' })[pulledThroughHeader]).toBeUndefined();
    expect(PushHeaders.parse({ [pulledThroughHeader]: '42' })[pulledThroughHeader]).toBe(42);
    for (const bad of ['-1', '4.5', '', '1'.repeat(16)]) expect(PushHeaders.safeParse({ [pulledThroughHeader]: bad }).success).toBe(false);
  });

  it('PokeQuery takes a cursor of decimal digits only: an empty one is refused, not read as 0', () => {
    for (const [cursor, parsed] of [['0', 0], ['42', 42], ['007', 7], ['999999999999999', 999_999_999_999_999]] as const) {
      expect(PokeQuery.parse({ cursor })).toEqual({ cursor: parsed });
    }
    for (const cursor of ['', ' ', ' 1', '1 ', '-1', '+1', '1.5', '1e3', '0x10', '0b1', 'Infinity', '1234567890123456', ['1', '2'], 5]) {
      expect(PokeQuery.safeParse({ cursor }).success, JSON.stringify(cursor)).toBe(false);
    }
    expect(PokeQuery.safeParse({}).success).toBe(false);
  });

  it('a new record’s id is lower case; an admin, what the server sends and devices acknowledge may name either case', () => {
    const id = '019a4e5c-7d2e-7b31-9f0a-3c5d8e1f2a4b';
    expect(LowerCaseRecordId.parse(id)).toBe(id);
    for (const other of [id.toUpperCase(), id.replace('b31', 'B31'), id.replace('9f0a', '9F0A'), `${id} `, id.replaceAll('-', '')]) {
      expect(LowerCaseRecordId.safeParse(other).success, other).toBe(false);
    }
    // The push's rule for a new record's id (checked after the schema took it as a UUID): case alone.
    expect(isLowerCaseRecordId(id)).toBe(true);
    for (const other of [id.toUpperCase(), id.replace('b31', 'B31')]) expect(isLowerCaseRecordId(other), other).toBe(false);
    // An admin names a record stored before the rule by either spelling; the server finds the one it holds (admin.ts).
    expect(EraseRecordRequest.parse({ record: { entity: 'contacts', recordId: id.toUpperCase() } }).record.recordId).toBe(id.toUpperCase());
    expect(EraseRecordRequest.safeParse({ record: { entity: 'contacts', recordId: `${id} ` } }).success).toBe(false);
    // A server from before the rule may hold such an id: its pull pages and their acknowledgements must still parse,
    // or a device would stop at that page for good.
    expect(RecordKey.parse({ entity: 'contacts', recordId: id.toUpperCase() })).toEqual({ entity: 'contacts', recordId: id.toUpperCase() });
    expect(RecordId.safeParse(`${id} `).success).toBe(false);
  });
});
