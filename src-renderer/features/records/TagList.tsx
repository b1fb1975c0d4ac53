// A record's tags as small badges. On a record page they wrap onto as many
// lines as they need. In a list cell (`oneLine`) there is one line: the tags
// that fit it whole, then "+n" for the rest, whose names the "+n" shows on
// hover; a chip is never cut mid-word, except the first when even it does
// not fit, which ends in an ellipsis. The tags that do not fit stay in the
// cell, invisible but read by screen readers (so the "+n" is not), and are
// measured there. Each chip is set dir="auto": a Hebrew or Arabic tag reads
// right to left, its punctuation in place.
import { useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * How many chips (of natural `widths`, the first few of `total` tags) fit whole in `room` px, `gap` px apart,
 * with a "+n" of `more` px after them when some tags are left out; at least one, which is then `cut`.
 */
export function chipsThatFit(widths: readonly number[], total: number, room: number, gap: number, more: number): { readonly count: number; readonly cut: boolean } {
  let used = 0;
  for (const [index, width] of widths.entries()) {
    used += (index === 0 ? 0 : gap) + width;
    const rest = index === total - 1 ? 0 : gap + more;
    if (used + rest > room) return index === 0 ? { count: 1, cut: true } : { count: index, cut: false };
  }
  return { count: widths.length, cut: false };
}

export interface TagListProps {
  readonly tags: readonly string[];
  /** One line with "+n" for the tags that do not fit (a list cell), rather than wrapping. */
  readonly oneLine?: boolean;
  /** The most chips drawn; the rest are counted in "+n". */
  readonly max?: number;
}

export function TagList({ tags, oneLine = false, max = oneLine ? 8 : 20 }: TagListProps) {
  const box = useRef<HTMLSpanElement>(null);
  const drawn = tags.slice(0, max);
  const [fit, setFit] = useState<{ readonly count: number; readonly cut: boolean }>({ count: drawn.length, cut: false });
  const shown = oneLine ? Math.min(fit.count, drawn.length) : drawn.length;

  useLayoutEffect(() => {
    const element = box.current;
    if (!oneLine || element === null) return undefined;
    const measure = () => {
      // A chip's natural width: scrollWidth, since one left out is no wider than the cell and the first may be cut.
      const widths = Array.from(element.querySelectorAll<HTMLElement>('.tags__chip')).map((chip) => Math.max(chip.scrollWidth, chip.getBoundingClientRect().width));
      const more = element.querySelector<HTMLElement>('.tags__more')?.getBoundingClientRect().width ?? 0;
      return chipsThatFit(widths, tags.length, element.clientWidth, parseFloat(getComputedStyle(element).columnGap) || 0, more);
    };
    // The same fit keeps the same state, so a resize that changes nothing renders nothing.
    const update = () => {
      const next = measure();
      setFit((current) => (current.count === next.count && current.cut === next.cut ? current : next));
    };
    update();
    // A new width is drawn in the observer's callback, before paint: a frame of cut chips would flash.
    const observer = new ResizeObserver(() => flushSync(update));
    observer.observe(element);
    return () => observer.disconnect();
  }, [oneLine, tags, shown]);

  if (tags.length === 0) return null;
  const left = tags.length - shown;
  return (
    <span ref={box} className={oneLine ? 'tags tags--one-line' : 'tags'} title={oneLine && (left > 0 || fit.cut) ? tags.join(', ') : undefined}>
      {drawn.map((tag, index) => (
        <span key={tag} className={index < shown ? 'badge tags__chip' : 'badge tags__chip tags__chip--left-out'} dir="auto">
          {tag}
        </span>
      ))}
      {/* In one line the "+n" is always there to be measured, and left to sighted users: screen readers read every tag. */}
      {left > 0 || oneLine ? (
        <span className={left > 0 ? 'faint small tags__more' : 'faint small tags__more tags__chip--left-out'} aria-hidden={oneLine ? true : undefined}>
          {`+${left}`}
        </span>
      ) : null}
    </span>
  );
}
