// How much of an activity's notes a timeline draws. Notes may hold up to a
// million characters; a timeline draws a few lines of each (the preview, cut
// further to three lines by CSS) and, opened, a longer part in a scrolling box,
// never the whole of a huge note: the activity's own page has all of it.

/** Characters of a closed preview: more than three lines hold at the timeline's widest. */
export const previewChars = 400;
/** Characters an opened preview draws at most. */
export const openedChars = 20_000;

export interface NotePreview {
  readonly text: string;
  /** Some of the notes were left off. */
  readonly truncated: boolean;
}

/** The first `limit` UTF-16 units of `notes` (one fewer rather than half a surrogate pair). */
export function notePreview(notes: string, limit: number): NotePreview {
  if (notes.length <= limit) return { text: notes, truncated: false };
  const last = notes.charCodeAt(limit - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit;
  return { text: notes.slice(0, end), truncated: true };
}
