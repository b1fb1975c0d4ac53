// mergeRanges against the plainest statement of what it must return: every
// row of every range once, in (commit_seq, entity, record_id, field) order,
// cut at the limit. The ranges are drawn as the index gives them: each a
// subset of one organisation's field state, ordered, without repeats.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { FieldStateRow } from '../rows';
import { mergeRanges } from './sqlite-changed-fields';

const entities: SyncedEntity[] = ['accounts', 'contacts', 'deals'];
const recordIds = ['0190a5d0-ac96-774b-bcce-b302099a8057', '0190a5d0-ac96-774b-bcce-b302099a8058', '0190a5d0-ac96-774b-bcce-b302099a8059'];
const fields = ['email', 'name', 'phone', 'title'];

const keyOf = (row: FieldStateRow): string => `${row.commitSeq}|${row.entity}|${row.recordId}|${row.field}`;
const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const inOrder = (a: FieldStateRow, b: FieldStateRow): number =>
  a.commitSeq - b.commitSeq || byteOrder(a.entity, b.entity) || byteOrder(a.recordId, b.recordId) || byteOrder(a.field, b.field);

/** One organisation's field state: each (entity, record, field) once, with the commit that last wrote it. */
const fieldState = fc
  .array(
    fc.record({
      entity: fc.constantFrom(...entities),
      recordId: fc.constantFrom(...recordIds),
      field: fc.constantFrom(...fields),
      commitSeq: fc.integer({ min: 1, max: 6 }),
    }),
    { maxLength: 40 },
  )
  .map((rows) => [...new Map(rows.map((row) => [`${row.entity}|${row.recordId}|${row.field}`, { ...row, hlc: `hlc-${row.commitSeq}` }])).values()]);

describe('mergeRanges (the embedded store merging one index range per bucket)', () => {
  it('returns every row of every range once, in stream order, up to the limit', () => {
    fc.assert(
      fc.property(
        fieldState.chain((state) =>
          fc.record({
            ranges: fc.array(fc.subarray(state), { minLength: 1, maxLength: 4 }),
            limit: fc.integer({ min: 1, max: 50 }),
          }),
        ),
        ({ ranges, limit }) => {
          const lists = ranges.map((rows) => [...rows].sort(inOrder));
          const expected = [...new Map(lists.flat().map((row) => [keyOf(row), row])).values()].sort(inOrder).slice(0, limit);
          expect(mergeRanges(lists, limit).map(keyOf)).toEqual(expected.map(keyOf));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps a field its owner and its team both see once', () => {
    const row = (recordId: string, field: string, commitSeq: number): FieldStateRow => ({ entity: 'contacts', recordId, field, hlc: 'h', commitSeq });
    const a = recordIds[0] ?? '';
    const b = recordIds[1] ?? '';
    const owner = [row(a, 'name', 3), row(a, 'phone', 3), row(b, 'name', 5)];
    const team = [row(a, 'name', 3), row(a, 'phone', 3), row(b, 'title', 4), row(b, 'name', 5)];
    expect(mergeRanges([owner, team], 10).map(keyOf)).toEqual([`3|contacts|${a}|name`, `3|contacts|${a}|phone`, `4|contacts|${b}|title`, `5|contacts|${b}|name`]);
    expect(mergeRanges([owner, team], 3)).toHaveLength(3);
    expect(mergeRanges([], 10)).toEqual([]);
  });
});
