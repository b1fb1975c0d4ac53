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

/**
 * UTF-16 units read either side of the limit to find where a character ends:
 * more than the longest emoji sequence (a subdivision flag is 14), so a
 * character as users see it (a grapheme) that spans the limit lies inside.
 */
const windowUnits = 64;

let graphemes: Intl.Segmenter | undefined;

/** The first `limit` UTF-16 units of `notes`, cut before a character (flag, skin tone, family, accent) the limit would split. */
export function notePreview(notes: string, limit: number): NotePreview {
  if (notes.length <= limit) return { text: notes, truncated: false };
  return { text: notes.slice(0, graphemeEnd(notes, limit)), truncated: true };
}

/**
 * The last grapheme boundary at or before `limit`, past 0: the segmenter reads
 * only a window around the limit, so a 20,000-unit cut costs no more than a
 * 400-unit one. A grapheme longer than the window (hundreds of stacked
 * combining marks) is cut between code points.
 */
function graphemeEnd(notes: string, limit: number): number {
  // Engines before Intl.Segmenter: keep whole code points at least.
  if (typeof Intl.Segmenter !== 'function') return codePointEnd(notes, limit);
  let start = Math.max(0, limit - windowUnits);
  if (isLowSurrogate(notes.charCodeAt(start))) start -= 1;
  // Flags pair regional indicators counted from the first of a run: start the window before the run.
  while (start >= 2 && isRegionalIndicator(notes.codePointAt(start - 2))) start -= 2;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let end = 0;
  for (const { index } of graphemes.segment(notes.slice(start, limit + windowUnits))) {
    const at = start + index;
    if (at > limit) break;
    // The window's own start is a boundary only to the segmenter.
    if (at > start) end = at;
  }
  return end > 0 ? end : codePointEnd(notes, limit);
}

/** `limit`, or one fewer rather than half a surrogate pair. */
function codePointEnd(notes: string, limit: number): number {
  const last = notes.charCodeAt(limit - 1);
  return last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function isRegionalIndicator(codePoint: number | undefined): boolean {
  return codePoint !== undefined && codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff;
}
