// The part of an activity's notes a timeline draws: whole when short, else cut
// at the limit without splitting a character made of two UTF-16 units.
import { describe, expect, it } from 'vitest';
import { notePreview, openedChars, previewChars } from './note-preview';

describe('notePreview', () => {
  it('keeps short notes whole', () => {
    expect(notePreview('Wants 40 units, asks for a 5% discount.', previewChars)).toEqual({
      text: 'Wants 40 units, asks for a 5% discount.',
      truncated: false,
    });
    expect(notePreview('x'.repeat(previewChars), previewChars)).toEqual({ text: 'x'.repeat(previewChars), truncated: false });
  });

  it('cuts long notes at the limit, a huge one included', () => {
    const huge = 'y'.repeat(1_000_000);
    expect(notePreview(huge, previewChars)).toEqual({ text: 'y'.repeat(previewChars), truncated: true });
    const opened = notePreview(huge, openedChars);
    expect(opened.text.length).toBe(openedChars);
    expect(opened.truncated).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const notes = `${'a'.repeat(9)}😀 and more`;
    expect(notePreview(notes, 10)).toEqual({ text: 'a'.repeat(9), truncated: true });
    expect(notePreview(notes, 11)).toEqual({ text: `${'a'.repeat(9)}😀`, truncated: true });
  });
});
