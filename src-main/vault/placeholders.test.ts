import { describe, expect, it } from 'vitest';
import { placeholderRows } from './placeholders';

describe('placeholderRows', () => {
  it('writes count rows of width placeholders', () => {
    expect(placeholderRows(2, 3)).toBe('(?, ?, ?), (?, ?, ?)');
    expect(placeholderRows(1, 1)).toBe('(?)');
    expect(placeholderRows(0, 4)).toBe('');
  });
});
