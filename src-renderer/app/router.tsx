// In-memory navigation for the workspace. The address bar is left alone on
// purpose: it held the headless shell's access token a moment ago, record ids
// in it would end up in history, and a desktop app has no use for deep links.
// A short back stack gives "Back" on detail pages.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export const entityKinds = ['contact', 'account', 'deal', 'activity', 'task'] as const;
export type EntityKind = (typeof entityKinds)[number];

export type Route =
  | { readonly name: 'today' }
  | { readonly name: 'list'; readonly entity: EntityKind }
  | { readonly name: 'detail'; readonly entity: EntityKind; readonly id: string }
  | { readonly name: 'pipeline'; readonly mode: 'board' | 'forecast' }
  | { readonly name: 'transfer' }
  /** The sync conflicts to review (from the sync dialog); `record`: only that record's (from its detail page). */
  | { readonly name: 'conflicts'; readonly record?: { readonly entity: EntityKind; readonly id: string } }
  /** `focus: 'sync'`: arriving to connect this device (from the sync dialog), focus goes to the sync server card, not the page. */
  | { readonly name: 'settings'; readonly focus?: 'sync' };

export interface Navigation {
  readonly route: Route;
  readonly navigate: (route: Route) => void;
  /** Returns to the previous route, or to `fallback` when there is none. */
  readonly back: (fallback: Route) => void;
  readonly canGoBack: boolean;
}

const NavigationContext = createContext<Navigation | null>(null);
const maxHistory = 50;

function sameRoute(a: Route, b: Route): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function NavigationProvider({ initial, children }: { readonly initial: Route; readonly children: ReactNode }) {
  const [stack, setStack] = useState<readonly Route[]>([initial]);
  const route = stack[stack.length - 1] ?? initial;

  const navigate = useCallback((next: Route) => {
    setStack((current) => {
      const top = current[current.length - 1];
      if (top !== undefined && sameRoute(top, next)) return current;
      return [...current, next].slice(-maxHistory);
    });
  }, []);

  const back = useCallback((fallback: Route) => {
    setStack((current) => (current.length > 1 ? current.slice(0, -1) : [fallback]));
  }, []);

  const value = useMemo<Navigation>(
    () => ({ route, navigate, back, canGoBack: stack.length > 1 }),
    [route, navigate, back, stack.length],
  );
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (navigation === null) throw new Error('useNavigation() outside <NavigationProvider>');
  return navigation;
}

/** The navigation section a route belongs to (for the highlighted nav item); null for a page outside the sections. */
export type Section = 'today' | 'contacts' | 'accounts' | 'deals' | 'activities' | 'tasks' | 'transfer' | 'settings';

const sectionOfEntity: Record<EntityKind, Section> = {
  contact: 'contacts',
  account: 'accounts',
  deal: 'deals',
  activity: 'activities',
  task: 'tasks',
};

export function sectionOf(route: Route): Section | null {
  switch (route.name) {
    case 'conflicts':
      return null;
    case 'today':
    case 'transfer':
    case 'settings':
      return route.name;
    case 'pipeline':
      return 'deals';
    case 'list':
    case 'detail':
      return sectionOfEntity[route.entity];
  }
}

export const sectionRoutes: Record<Section, Route> = {
  today: { name: 'today' },
  contacts: { name: 'list', entity: 'contact' },
  accounts: { name: 'list', entity: 'account' },
  deals: { name: 'list', entity: 'deal' },
  activities: { name: 'list', entity: 'activity' },
  tasks: { name: 'list', entity: 'task' },
  transfer: { name: 'transfer' },
  settings: { name: 'settings' },
};
