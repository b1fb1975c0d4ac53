// search.query as the user types: from the first character, debounced by
// 100 ms, and only the answer to the latest text is kept. What the hook
// returns is derived in render from the text and the last answer (with the
// text it answers), so the render of a keystroke already says "searching"
// rather than showing the previous query's outcome under the new text.
// It asks for one hit more than it shows: that one says there are more
// matches than the dialog lists (the count then reads "the first 30"). A
// failed search is asked again when `attempt` changes (Enter in the dialog):
// before, it stayed failed until the text changed. Records changed while it
// is open (a sync, another window: onRecordChanges) ask again for the same
// text, the hits shown staying until the answer comes: before, they stayed
// as they were until the text changed, a record renamed or deleted included.
// The answer also says how many records in the trash match (`trashed`), when
// the hits do not fill the page; the search index holds live records only.
// Each answer carries the name cache's stamp from when it was asked for
// (asOf), so a hit opened teaches the cache its title only if no sync changed
// records since (names.tsx): a late answer could hold an erased name.
import { useEffect, useRef, useState } from 'react';
import type { SearchHit, TrashedMatches } from '../../../src-shared/search/search';
import { useApi } from '../../app/api-context';
import { onRecordChanges } from '../../app/local-changes';
import { useNameCache } from '../records/names';
import type { Words } from '../../ui/words';

export const searchDebounceMs = 100;
/** Hits the dialog lists at most. */
export const searchPageSize = 30;

export type SearchState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'searching'; readonly hits: readonly SearchHit[]; readonly trashed: TrashedMatches }
  | { readonly kind: 'done'; readonly text: string; readonly hits: readonly SearchHit[]; readonly more: boolean; readonly trashed: TrashedMatches; readonly asOf: number }
  | { readonly kind: 'failed'; readonly message: Words };

/** The last answer search.query gave, and the (trimmed) text it answers. */
type Answer =
  | { readonly kind: 'done'; readonly text: string; readonly hits: readonly SearchHit[]; readonly more: boolean; readonly trashed: TrashedMatches; readonly asOf: number }
  | { readonly kind: 'failed'; readonly text: string; readonly message: Words };

/** `attempt`: bumped to ask again for the same text after a failure (Enter in the dialog). */
export function useSearch(text: string, attempt = 0): SearchState {
  const api = useApi();
  const names = useNameCache();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const request = useRef(0);
  const typed = text.trim();
  // Bumped by each change to records, which the hits may show as they were.
  const [changes, setChanges] = useState(0);
  useEffect(
    () =>
      onRecordChanges(api, ({ entities }) => {
        if (entities.length > 0) setChanges((count) => count + 1);
      }),
    [api],
  );

  useEffect(() => {
    request.current += 1;
    const mine = request.current;
    if (typed === '') {
      // Not shown (an empty box is idle whatever the last answer); the next query starts with no hits.
      setAnswer(null);
      return;
    }
    // A failed answer is not shown while the text is asked again: it is searching.
    setAnswer((current) => (current?.kind === 'failed' ? null : current));
    const timer = setTimeout(() => {
      const asOf = names.stamp();
      api.invoke('search.query', { text: typed, limit: searchPageSize + 1 }).then(
        (result) => {
          if (request.current === mine) setAnswer({
              kind: 'done',
              text: typed,
              hits: result.hits.slice(0, searchPageSize),
              more: result.hits.length > searchPageSize,
              trashed: result.trashed ?? [],
              asOf,
            });
        },
        (error: unknown) => {
          if (request.current === mine) setAnswer({ kind: 'failed', text: typed, message: { error } });
        },
      );
    }, searchDebounceMs);
    return () => clearTimeout(timer);
  }, [api, names, typed, attempt, changes]);

  if (typed === '') return { kind: 'idle' };
  if (answer?.text === typed) return answer.kind === 'done' ? answer : { kind: 'failed', message: answer.message };
  // Keep the previous hits on screen while the next answer is on its way.
  return answer?.kind === 'done' ? { kind: 'searching', hits: answer.hits, trashed: answer.trashed } : { kind: 'searching', hits: [], trashed: [] };
}
