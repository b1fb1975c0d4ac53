// Where PageUp/PageDown move the chosen option of a list of results whose
// rows differ in height (group titles sit between them): to the farthest
// option still within one view's height of the chosen one, and at least
// one option on, as a list box's page keys do (VS Code's quick open moves
// its list the same way while the caret stays in the box).

/**
 * The option a page key moves to from `current` among `count` options, `optionAt(index)` their elements in
 * `view` (the scrolled list); one option on where the elements cannot be measured.
 */
export function pageStep(view: HTMLElement | null, optionAt: (index: number) => HTMLElement | null, current: number, count: number, direction: 1 | -1): number {
  const last = Math.max(0, count - 1);
  const step = (index: number) => Math.min(last, Math.max(0, index));
  const from = optionAt(current);
  if (view === null || from === null) return step(current + direction);
  const height = view.clientHeight;
  const start = from.getBoundingClientRect();
  let target = current + direction;
  for (let index = current + direction; index >= 0 && index <= last; index += direction) {
    const box = optionAt(index)?.getBoundingClientRect();
    if (box === undefined) break;
    const within = direction === 1 ? box.bottom - start.top <= height : start.bottom - box.top <= height;
    if (!within) break;
    target = index;
  }
  return step(target);
}
