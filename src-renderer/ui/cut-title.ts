// A text its box cuts (an ellipsis, a clamped line) shows whole in a tooltip.
// Measured only when the pointer comes over it, so a long list or board pays
// no layout for the texts that fit: a pointerover handler on the container
// gives the element under the pointer that matches `selector` its text as a
// title while it is cut, and takes that title away again once it fits (a
// virtual list's row shows another record in the same element). An element
// with a title of its own keeps it.
import type { PointerEvent } from 'react';

const marker = 'data-cut-title';

function isCut(element: HTMLElement): boolean {
  return element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight;
}

export function titleWhenCut(selector: string): (event: PointerEvent<HTMLElement>) => void {
  return (event) => {
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>(selector) : null;
    if (target === null || !event.currentTarget.contains(target)) return;
    const ours = target.hasAttribute(marker);
    if (target.hasAttribute('title') && !ours) return;
    const text = target.textContent;
    if (text !== '' && isCut(target)) {
      target.title = text;
      target.setAttribute(marker, '');
    } else if (ours) {
      target.removeAttribute('title');
      target.removeAttribute(marker);
    }
  };
}
