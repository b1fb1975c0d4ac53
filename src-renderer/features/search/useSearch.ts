// search.query as the user types: from the first character, debounced by
// 100 ms, and only the answer to the latest text is kept.
import { useEffect, useRef, useState } from 'react';
import type { SearchHit } from '../../../src-shared/search/search';
import { useApi } from '../../app/api-context';
import { errorText } from '../../ui/error-text';

export const searchDebounceMs = 100;

export type SearchState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'searching'; readonly hits: readonly SearchHit[] }
  | { readonly kind: 'done'; readonly text: string; readonly hits: readonly SearchHit[] }
  | { readonly kind: 'failed'; readonly message: string };

export function useSearch(text: string): SearchState {
  const api = useApi();
  const [state, setState] = useState<SearchState>({ kind: 'idle' });
  const request = useRef(0);

  useEffect(() => {
    request.current += 1;
    const mine = request.current;
    const typed = text.trim();
    if (typed === '') {
      setState({ kind: 'idle' });
      return;
    }
    // Keep the previous hits on screen while the next answer is on its way.
    setState((current) => ({ kind: 'searching', hits: current.kind === 'done' || current.kind === 'searching' ? current.hits : [] }));
    const timer = setTimeout(() => {
      api.invoke('search.query', { text: typed, limit: 30 }).then(
        (result) => {
          if (request.current === mine) setState({ kind: 'done', text: typed, hits: result.hits });
        },
        (error: unknown) => {
          if (request.current === mine) setState({ kind: 'failed', message: errorText(error) });
        },
      );
    }, searchDebounceMs);
    return () => clearTimeout(timer);
  }, [api, text]);

  return state;
}
