// What a page keeps for its return through Back (lists: list-return.tsx;
// timelines: timeline-return.tsx): in memory, keyed by the browser history
// entry and a name the page gives, read once as the page mounts and
// remembered as it is left. Nothing of it goes into history.state (lists'
// filters hold typed customer values); the memory goes with the workspace at
// a lock. At most 200 entries each: a day of opening records.
import { createContext, useCallback, useContext, useState, type Context, type ReactNode } from 'react';
import { useNavigation } from './router';

const maxKept = 200;

export interface HistoryKept<T> {
  readonly Provider: ({ children }: { readonly children: ReactNode }) => ReactNode;
  /** `returned`: what was kept for this history entry and `name`, or null; `keep`: remembers it (null: forgets it). */
  useKept(name: string): { readonly returned: T | null; readonly keep: (left: T | null) => void };
}

export function historyKept<T>(): HistoryKept<T> {
  const KeptContext: Context<Map<string, T> | null> = createContext<Map<string, T> | null>(null);
  function Provider({ children }: { readonly children: ReactNode }) {
    const [kept] = useState(() => new Map<string, T>());
    return <KeptContext.Provider value={kept}>{children}</KeptContext.Provider>;
  }
  function useKept(name: string) {
    const kept = useContext(KeptContext);
    const { entryKey } = useNavigation();
    const slot = `${String(entryKey)}:${name}`;
    const [returned] = useState(() => kept?.get(slot) ?? null);
    const keep = useCallback(
      (left: T | null) => {
        if (kept === null) return;
        kept.delete(slot);
        if (left === null) return;
        kept.set(slot, left);
        for (const oldest of kept.keys()) {
          if (kept.size <= maxKept) break;
          kept.delete(oldest);
        }
      },
      [kept, slot],
    );
    return { returned, keep };
  }
  return { Provider, useKept };
}
