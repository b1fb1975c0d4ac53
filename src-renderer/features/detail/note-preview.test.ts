// The part of an activity's notes a timeline draws: whole when short, else cut
// at the limit without splitting a character as users see it: a surrogate
// pair, a flag, a skin tone, a family joined by ZWJ, a keycap or an accent.
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

  it('cuts before a flag, a skin tone, a ZWJ family, a keycap or an accent the limit would split', () => {
    const cut = (notes: string, limit: number) => notePreview(notes, limit).text;
    expect(cut(`${'a'.repeat(8)}🇩🇪 and more`, 10)).toBe('a'.repeat(8));
    expect(cut(`${'a'.repeat(8)}🇩🇪 and more`, 11)).toBe('a'.repeat(8));
    expect(cut(`${'a'.repeat(8)}🇩🇪 and more`, 12)).toBe(`${'a'.repeat(8)}🇩🇪`);
    expect(cut(`${'a'.repeat(8)}👍🏽 agreed`, 10)).toBe('a'.repeat(8));
    expect(cut(`${'a'.repeat(5)}👨‍👩‍👧‍👦 at the stand`, 10)).toBe('a'.repeat(5));
    expect(cut(`${'a'.repeat(9)}1️⃣ first`, 10)).toBe('a'.repeat(9));
    expect(cut('Cafe\u0301 au lait', 4)).toBe('Caf');
    expect(cut('Cafe\u0301 au lait', 5)).toBe('Cafe\u0301');
  });

  it('pairs a long run of flags from its first, and cuts the opened preview the same way', () => {
    const flags = `x${'🇩🇪'.repeat(40)} end`;
    expect(notePreview(flags, 143).text).toBe(`x${'🇩🇪'.repeat(35)}`);
    const opened = notePreview(`${'y'.repeat(openedChars - 1)}👍🏽 and more`, openedChars);
    expect(opened).toEqual({ text: 'y'.repeat(openedChars - 1), truncated: true });
  });

  it('keeps the first code points of a note that opens with one character longer than the limit', () => {
    expect(notePreview('👨‍👩‍👧‍👦 at the stand', 5)).toEqual({ text: '👨‍👩', truncated: true });
  });
});
