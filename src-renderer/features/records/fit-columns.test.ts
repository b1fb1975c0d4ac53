import { describe, expect, it } from 'vitest';
import { columnsThatFit, minRem } from './fit-columns';

const columns = [
  { id: 'name', width: 'minmax(10rem, 2fr)' },
  { id: 'account', width: 'minmax(8rem, 1fr)', dropOrder: 2 },
  { id: 'amount', width: '10rem' },
  { id: 'probability', width: 'minmax(8rem, 0.6fr)', dropOrder: 1 },
] as const;
const ids = (room: number | null) => columnsThatFit(columns, room).map((column) => column.id);

describe('columnsThatFit', () => {
  it('reads the least width of a track in rem', () => {
    expect(minRem('minmax(11.5rem, 0.8fr)')).toBe(11.5);
    expect(minRem('7rem')).toBe(7);
  });

  it('keeps every column while they fit, or before the room is measured', () => {
    expect(ids(null)).toEqual(['name', 'account', 'amount', 'probability']);
    expect(ids(36)).toEqual(['name', 'account', 'amount', 'probability']);
  });

  it('drops the columns it may, lowest dropOrder first, until the rest fit, keeping their order', () => {
    expect(ids(35.9)).toEqual(['name', 'account', 'amount']);
    expect(ids(28)).toEqual(['name', 'account', 'amount']);
    expect(ids(27.9)).toEqual(['name', 'amount']);
    // Never a column without a dropOrder, even when the rest do not fit.
    expect(ids(5)).toEqual(['name', 'amount']);
  });
});
