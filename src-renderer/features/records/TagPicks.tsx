// The tags an entity's records use most (`<entity>.tagsInUse`), offered as
// chips beside a tags box: a chip adds its tag to what is typed, or, pressed
// again, takes it out (case folded). Shared by the selection bar's Tags…
// dialog and every form and inline edit of a tags field (FieldDef.tagsOf).
// The box still takes any typed tag; the chips are a shortcut.
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { tagSeparators } from '../../../src-shared/domain/common';
import type { ListEntity } from '../../../src-shared/domain/saved-view';
import { useApi } from '../../app/api-context';

/** The tags typed in a tags box: split on the separators, trimmed, the empty ones left out. */
export function typedTags(text: string): string[] {
  return text
    .split(tagSeparators)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** The box's text with `tag` added once at the end, or, when it is there already (whatever its case), taken out. */
export function toggledTag(text: string, tag: string): string {
  const tags = typedTags(text);
  const kept = tags.filter((typed) => typed.toLowerCase() !== tag.toLowerCase());
  return (kept.length === tags.length ? [...tags, tag] : kept).join(', ');
}

/** The tags the entity's records use most; none while they load, or if they cannot be read. */
export function useTagsInUse(entity: ListEntity): readonly string[] {
  const api = useApi();
  const [tags, setTags] = useState<readonly string[]>([]);
  useEffect(() => {
    let live = true;
    api.invoke(`${entity}.tagsInUse`, {}).then(
      (answer) => {
        if (live) setTags(answer.tags);
      },
      // Without them the box still takes typed tags.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, entity]);
  return tags;
}

export interface TagPicksProps {
  readonly entity: ListEntity;
  /** What the tags box holds. */
  readonly text: string;
  readonly onChange: (text: string) => void;
  /** Keys on a chip other than the ones a button takes itself (Esc closing an inline edit). */
  readonly onKeyDown?: (event: KeyboardEvent<HTMLElement>) => void;
  readonly testId?: string;
}

export function TagPicks({ entity, text, onChange, onKeyDown, testId = 'tag-picks' }: TagPicksProps) {
  const { t } = useTranslation();
  const inUse = useTagsInUse(entity);
  if (inUse.length === 0) return null;
  const typed = new Set(typedTags(text).map((tag) => tag.toLowerCase()));
  const keyDown = (event: KeyboardEvent<HTMLElement>) => {
    // Enter and Space press the chip; only what a button does not take itself goes on.
    if (event.key !== 'Enter' && event.key !== ' ') onKeyDown?.(event);
  };
  return (
    <div className="chip-set" role="group" aria-label={t('bulk.tagsInUse')} data-testid={testId}>
      {inUse.map((tag) => (
        <button key={tag} type="button" className="chip" aria-pressed={typed.has(tag.toLowerCase())} data-testid="tag-pick" onClick={() => onChange(toggledTag(text, tag))} onKeyDown={keyDown}>
          {tag}
        </button>
      ))}
    </div>
  );
}
