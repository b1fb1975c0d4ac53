import { describe, expect, it } from 'vitest';
import { coverage, extended, noSelection, toggled, withAll } from './selection';

const rows = ['a', 'b', 'c', 'd', 'e'];
const idAt = (index: number) => rows[index];

describe('list selection', () => {
  it('toggles one row and anchors ranges on it, both ways', () => {
    const one = toggled(noSelection, 'b', 1);
    expect([...one.ids]).toEqual(['b']);
    expect([...extended(one, 3, idAt).ids].sort()).toEqual(['b', 'c', 'd']);
    expect([...extended(one, 0, idAt).ids].sort()).toEqual(['a', 'b']);
    // The anchor stays: a second range reaches from the same row, adding to what is selected.
    expect([...extended(extended(one, 3, idAt), 0, idAt).ids].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(toggled(one, 'b', 1).ids.size).toBe(0);
  });

  it('ranges from the row itself without an anchor and skips rows the list no longer holds', () => {
    expect([...extended(noSelection, 2, idAt).ids]).toEqual(['c']);
    // Shift+↓ from row 1 with nothing selected: both rows, anchored on the first.
    expect(extended(noSelection, 2, idAt, 1)).toEqual({ ids: new Set(['b', 'c']), anchor: 1 });
    const held = (index: number) => (index === 2 ? undefined : rows[index]);
    expect([...extended(toggled(noSelection, 'a', 0), 4, held).ids].sort()).toEqual(['a', 'b', 'd', 'e']);
  });

  it('selects every given row from the header, and clears when all were selected', () => {
    const some = toggled(noSelection, 'x', 9);
    expect(coverage(noSelection, rows)).toBe('none');
    expect(coverage(some, rows)).toBe('some');
    const all = withAll(toggled(noSelection, 'a', 0), rows);
    expect(coverage(all, rows)).toBe('all');
    expect(withAll(all, rows)).toBe(noSelection);
    // Selected rows the page no longer holds keep the header from reading "all".
    expect(coverage(withAll(some, rows), rows)).toBe('some');
  });
});
