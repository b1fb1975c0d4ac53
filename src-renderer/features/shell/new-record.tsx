// The "n" shortcut creates a record in whatever list is on screen: the list
// registers its "new" action here while mounted, the shortcut calls it.
import { createContext, useContext, useEffect, useRef, type ReactNode, type RefObject } from 'react';

type Action = (() => void) | null;
const NewRecordContext = createContext<RefObject<Action> | null>(null);

export function NewRecordProvider({ children }: { readonly children: ReactNode }) {
  const action = useRef<Action>(null);
  return <NewRecordContext.Provider value={action}>{children}</NewRecordContext.Provider>;
}

/** The action registered by the list on screen, if any. */
export function useNewRecordSlot(): RefObject<Action> {
  const slot = useContext(NewRecordContext);
  if (slot === null) throw new Error('useNewRecordSlot() outside <NewRecordProvider>');
  return slot;
}

/** Registers `action` as the "n" shortcut while the calling component is mounted. */
export function useNewRecordAction(action: () => void): void {
  const slot = useNewRecordSlot();
  const latest = useRef(action);
  latest.current = action;
  useEffect(() => {
    const run = () => latest.current();
    slot.current = run;
    return () => {
      if (slot.current === run) slot.current = null;
    };
  }, [slot]);
}
