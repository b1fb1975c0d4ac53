// A plain-key shortcut whose action belongs to the page on screen ("n": the
// list's New; "l": the detail page's activity composer): the page registers
// its action in the slot while mounted, the shortcut (useShortcuts) calls
// whatever the slot holds, and does nothing while it holds nothing.
import { createContext, useContext, useEffect, useRef, type ReactNode, type RefObject } from 'react';

type Action = (() => void) | null;

export interface PageActionSlot {
  /** Holds the slot for everything under it (the workspace). */
  readonly Provider: (props: { readonly children: ReactNode }) => ReactNode;
  /** The action registered by the page on screen, if any. */
  readonly useSlot: () => RefObject<Action>;
  /** Registers `action` in the slot while the calling component is mounted. */
  readonly useAction: (action: () => void) => void;
}

export function pageActionSlot(name: string): PageActionSlot {
  const Context = createContext<RefObject<Action> | null>(null);

  function Provider({ children }: { readonly children: ReactNode }) {
    const action = useRef<Action>(null);
    return <Context.Provider value={action}>{children}</Context.Provider>;
  }

  function useSlot(): RefObject<Action> {
    const slot = useContext(Context);
    if (slot === null) throw new Error(`The ${name} slot is used outside its provider`);
    return slot;
  }

  function useAction(action: () => void): void {
    const slot = useSlot();
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

  return { Provider, useSlot, useAction };
}
