// The records a conflicts review holds: one whose conflicts left the review
// (its record erased by a sync, which took its conflicts) is forgotten, its
// values with it; the map stays the same object when nothing goes, so the
// page does not draw again for nothing.
import { describe, expect, it } from 'vitest';
import type { LoadedRecord } from '../records/load-record';
import { onlyWanted, type ConflictRecords } from './conflict-records';

describe('onlyWanted', () => {
  const kept = { name: 'Ada Quay', values: { title: 'Analyst' } };
  const erased = { name: 'Bruno Gone', values: { title: 'Countess', emails: ['bruno@example.test'] } };

  it('forgets the records no conflict under review concerns', () => {
    const records: ConflictRecords = new Map<string, LoadedRecord | 'gone'>([
      ['kept', kept],
      ['erased', erased],
      ['unreadable', 'gone'],
    ]);
    const left = onlyWanted(records, new Set(['kept', 'unreadable']));
    expect([...left]).toEqual([
      ['kept', kept],
      ['unreadable', 'gone'],
    ]);
    expect(JSON.stringify([...left])).not.toContain('Bruno');
  });

  it('gives the same map back when every record is still wanted', () => {
    const records: ConflictRecords = new Map([['kept', kept]]);
    expect(onlyWanted(records, new Set(['kept', 'not loaded yet']))).toBe(records);
  });
});
