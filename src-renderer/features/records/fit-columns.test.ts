import { describe, expect, it } from 'vitest';
import { columnsThatFit, columnTracks, emptyColumns, emptyRem, flexShare, minRem } from './fit-columns';

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

interface Person {
  readonly name: string;
  readonly phone: string;
  readonly tags: readonly string[];
}
const people = [
  { id: 'name', width: 'minmax(10rem, 2.2fr)', isEmpty: (row: Person) => row.name === '' },
  { id: 'phone', width: 'minmax(10.5rem, 1.1fr)', isEmpty: (row: Person) => row.phone === '' },
  { id: 'tags', width: 'minmax(12.5rem, 0.7fr)', isEmpty: (row: Person) => row.tags.length === 0 },
  { id: 'owner', width: 'minmax(8rem, 1fr)' },
  { id: 'priority', width: '6rem', isEmpty: () => true },
];
const sumOfLeast = (tracks: readonly string[]) => tracks.reduce((sum, track) => sum + minRem(track), 0);

describe('emptyColumns', () => {
  it('names the columns that can be empty and are so in every row', () => {
    const rows: Person[] = [
      { name: 'Ada', phone: '', tags: [] },
      { name: 'Grace', phone: '', tags: ['vip'] },
    ];
    expect([...emptyColumns(people, rows)]).toEqual(['phone', 'priority']);
  });

  it('names none before any row (an empty list keeps its columns)', () => {
    expect(emptyColumns(people, []).size).toBe(0);
  });
});

describe('columnTracks', () => {
  const widths = people.map((column) => column.width);

  it('keeps the tracks as declared when no column is empty', () => {
    expect(columnTracks(people, new Set())).toEqual(widths);
  });

  it('reads the flexible share of a track', () => {
    expect(flexShare('minmax(11.5rem, 0.8fr)')).toBe(0.8);
    expect(flexShare('7rem')).toBe(0);
  });

  it('narrows empty columns and gives the first column their room and share, so the least widths add up as before', () => {
    const tracks = columnTracks(people, new Set(['phone', 'tags']));
    expect(tracks).toEqual([`minmax(${10 + (10.5 - emptyRem) + (12.5 - emptyRem)}rem, 4fr)`, `${emptyRem}rem`, `${emptyRem}rem`, 'minmax(8rem, 1fr)', '6rem']);
    expect(sumOfLeast(tracks)).toBe(sumOfLeast(widths));
  });

  it('never narrows the first column, nor one already narrower than an empty one', () => {
    expect(columnTracks(people, new Set(['name', 'priority']))).toEqual(widths);
  });

  it('counts only the columns shown', () => {
    const shown = people.filter((column) => column.id !== 'tags');
    expect(columnTracks(shown, new Set(['tags', 'phone']))[0]).toBe(`minmax(${10 + 10.5 - emptyRem}rem, 3.3fr)`);
  });
});
