import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../../app/i18n';
import { coverage, extended, noSelection, selectionSummary, toggled, withAll, type ListTotal } from './selection';

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

  it('says how many rows the list holds when it holds more than are selected, in English and Chinese', () => {
    const said = (selected: number, total: ListTotal) => {
      const summary = selectionSummary(selected, total);
      return i18n.t(summary.key, { count: summary.count, total: summary.total });
    };
    expect(selectionSummary(50, { count: 2_000, more: false })).toEqual({ key: 'bulk.selectedOfView', count: 50, total: 2_000 });
    expect(said(50, { count: 2_000, more: false })).toBe('50 selected · 2,000 in this view');
    expect(said(1, { count: 2, more: false })).toBe('1 selected · 2 in this view');
    // Every row the list holds is selected: the count alone.
    expect(said(12, { count: 12, more: false })).toBe('12 selected');
    expect(said(600, { count: 600, more: false })).toBe('600 selected');
    // A total that is a lower bound (capped count, or rows seen before the count answers) says so.
    expect(said(100, { count: 10_000, more: true })).toBe('100 selected · 10,000+ in this view');
    setLocale('zh-CN');
    try {
      expect(said(50, { count: 2_000, more: false })).toBe('已选 50 条 · 此视图共 2,000 条');
      expect(said(100, { count: 10_000, more: true })).toBe('已选 100 条 · 此视图共 10,000+ 条');
      expect(said(12, { count: 12, more: false })).toBe('已选 12 条');
    } finally {
      setLocale('en');
    }
  });
});
