// A plain-key shortcut whose action belongs to the page on screen ("n": the
// list's New; "l": the detail page's activity composer): the page registers
// its action in the slot while mounted, the shortcut (useShortcuts) calls
// whatever the slot holds, and does nothing while it holds nothing.
import { createContext, useContext, useEffect, useRef, type ReactNode, type RefObject } from 'react';

/** The page's action; `arg` says more where a caller knows more (the kind of activity to log). */
type Action<A> = ((arg?: A) => void) | null;

export interface PageActionSlot<A> {
  /** Holds the slot for everything under it (the workspace). */
  readonly Provider: (props: { readonly children: ReactNode }) => ReactNode;
  /** The action registered by the page on screen, if any. */
  readonly useSlot: () => RefObject<Action<A>>;
  /** Registers `action` in the slot while the calling component is mounted. */
  readonly useAction: (action: (arg?: A) => void) => void;
}

export function pageActionSlot<A = never>(name: string): PageActionSlot<A> {
  const Context = createContext<RefObject<Action<A>> | null>(null);

  function Provider({ children }: { readonly children: ReactNode }) {
    const action = useRef<Action<A>>(null);
    return <Context.Provider value={action}>{children}</Context.Provider>;
  }

  function useSlot(): RefObject<Action<A>> {
    const slot = useContext(Context);
    if (slot === null) throw new Error(`The ${name} slot is used outside its provider`);
    return slot;
  }

  function useAction(action: (arg?: A) => void): void {
    const slot = useSlot();
    const latest = useRef(action);
    latest.current = action;
    useEffect(() => {
      const run = (arg?: A) => latest.current(arg);
      slot.current = run;
      return () => {
        if (slot.current === run) slot.current = null;
      };
    }, [slot]);
  }

  return { Provider, useSlot, useAction };
}
