import { describe, expect, it } from 'vitest';
import { maxPushBytes, maxPushOperations, type Operation } from '../../src-shared/sync/protocol';
import { firstBatch, operationBytes } from './push-batch';

const op = (seq: number, notes = ''): Operation => ({
  seq,
  entity: 'contacts',
  recordId: '0190b2a0-0000-7000-8000-000000000001',
  kind: 'upsert',
  hlc: '0001700000000-0000-device01',
  fields: { notes: { value: notes, hlc: '0001700000000-0000-device01' } },
});

describe('firstBatch', () => {
  it('stops at the operation limit', () => {
    const ops = Array.from({ length: 1_200 }, (_, i) => op(i + 1));
    const batch = firstBatch(ops);
    expect(batch).toHaveLength(maxPushOperations);
    expect(batch.map((o) => o.seq)).toEqual(ops.slice(0, maxPushOperations).map((o) => o.seq));
  });

  it('stops before the byte limit, and the whole body stays under it', () => {
    const ops = Array.from({ length: 50 }, (_, i) => op(i + 1, 'é'.repeat(60_000)));
    const batch = firstBatch(ops);
    const body = JSON.stringify({ protocolVersion: 1, schemaVersion: 99, deviceId: 'device-0123456789', operations: batch });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(maxPushBytes);
    const withOneMore = batch.reduce((sum, o) => sum + operationBytes(o), 0) + operationBytes(ops[batch.length] ?? op(0));
    expect(withOneMore).toBeGreaterThan(maxPushBytes - 256);
    expect(batch.length).toBeGreaterThan(1);
  });

  it('sends an operation larger than the byte limit on its own rather than never', () => {
    const ops = [op(1, 'x'.repeat(maxPushBytes)), op(2)];
    expect(firstBatch(ops).map((o) => o.seq)).toEqual([1]);
    expect(firstBatch([op(1), ...ops.map((o) => ({ ...o, seq: o.seq + 1 }))]).map((o) => o.seq)).toEqual([1]);
    expect(firstBatch([])).toEqual([]);
  });
});
