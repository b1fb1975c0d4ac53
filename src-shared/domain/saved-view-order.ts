// The order views.list gives a list's saved views (saved-view.service.ts:
// ORDER BY name, id), so that a view bar can draw a view just saved or renamed
// in its place before the views are read again. saved_views.name is COLLATE
// NOCASE: SQLite folds A–Z only (not "É", not "Ä") and then compares UTF-8
// bytes, which is code point order, not the UTF-16 order of JS's `<`.
import type { SavedView } from './saved-view';

const upperA = 0x41;
const upperZ = 0x5a;
const asciiCaseGap = 0x20;

/** A character's code point as SQLite's NOCASE compares it: A–Z as a–z, everything else as it is. */
function noCaseCode(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  return code >= upperA && code <= upperZ ? code + asciiCaseGap : code;
}

/** Compares two texts as SQLite's NOCASE collation does: negative when `a` sorts first, 0 when it calls them equal. */
export function compareNoCase(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const l = left.next();
    const r = right.next();
    if (l.done === true || r.done === true) return (l.done === true ? 0 : 1) - (r.done === true ? 0 : 1);
    const difference = noCaseCode(l.value) - noCaseCode(r.value);
    if (difference !== 0) return difference;
  }
}

/** Compares two views as views.list orders them: by name (NOCASE), then id (BINARY; ids are ASCII). */
export function compareSavedViews(a: SavedView, b: SavedView): number {
  const byName = compareNoCase(a.name, b.name);
  if (byName !== 0) return byName;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The views with `view` in its place, replacing an older copy of it (same id), in views.list's order. */
export function withView(views: readonly SavedView[], view: SavedView): readonly SavedView[] {
  const rest = views.filter((other) => other.id !== view.id);
  const at = rest.findIndex((other) => compareSavedViews(other, view) > 0);
  return at === -1 ? [...rest, view] : [...rest.slice(0, at), view, ...rest.slice(at)];
}
