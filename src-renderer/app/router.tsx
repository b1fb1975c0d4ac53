// In-memory navigation for the workspace. The address bar is left alone on
// purpose: it held the headless shell's access token a moment ago, record ids
// in it would end up in history, and a desktop app has no use for deep links.
// A short back stack gives "Back" on detail pages.
// Leaving a page that holds unsaved typing (a component says so through
// useUnsavedChanges) asks first, whoever asks to leave (the side navigation,
// a search hit, a link, Back): "Keep editing" (the default; Esc) stays and puts
// the focus back in what was typed, "Discard" goes on. A lock does not ask:
// it unmounts the workspace, drafts included, outside this navigation.
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';

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

/** The parts of the page holding unsaved typing, each by the element to focus when the user keeps editing. */
type UnsavedDrafts = Set<RefObject<HTMLElement | null>>;
const UnsavedContext = createContext<UnsavedDrafts | null>(null);

/**
 * Says that the calling component holds typed text not saved yet while `unsaved` is true, so that leaving
 * the page asks first. `focus`: the field (or the element whose first field) that takes the focus again on "Keep editing".
 */
export function useUnsavedChanges(unsaved: boolean, focus: RefObject<HTMLElement | null>): void {
  const drafts = useContext(UnsavedContext);
  useEffect(() => {
    if (!unsaved || drafts === null) return;
    drafts.add(focus);
    return () => {
      drafts.delete(focus);
    };
  }, [unsaved, drafts, focus]);
}

const fieldSelector = 'input:not([type="hidden"]), textarea, select';

function DiscardDialog({ onKeep, onDiscard }: { readonly onKeep: () => void; readonly onDiscard: () => void }) {
  const { t } = useTranslation();
  const keep = useRef<HTMLButtonElement>(null);
  // After the dialog's own layout effect has opened it (a child's runs first): keeping is the default.
  useLayoutEffect(() => {
    keep.current?.focus();
  }, []);
  return (
    <Dialog title={t('unsaved.title')} onClose={onKeep} testId="discard-changes" size="small">
      <p>{t('unsaved.text')}</p>
      <div className="form-actions">
        <button type="button" className="button button--secondary" data-testid="discard-changes-discard" onClick={onDiscard}>
          {t('unsaved.discard')}
        </button>
        <button type="button" className="button button--primary" ref={keep} data-testid="discard-changes-keep" onClick={onKeep}>
          {t('unsaved.keep')}
        </button>
      </div>
    </Dialog>
  );
}

export function NavigationProvider({ initial, children }: { readonly initial: Route; readonly children: ReactNode }) {
  const [stack, setStack] = useState<readonly Route[]>([initial]);
  const route = stack[stack.length - 1] ?? initial;
  const [drafts] = useState<UnsavedDrafts>(() => new Set());
  // The move waiting for an answer to "Discard your unsaved changes?".
  const [asking, setAsking] = useState<{ readonly go: () => void } | null>(null);
  const [refocus, setRefocus] = useState<RefObject<HTMLElement | null> | null>(null);
  // Read by navigate() so that it keeps one identity across routes.
  const shown = useRef(route);
  shown.current = route;

  /** Runs `move` at once, or once the user agrees to drop the unsaved typing. */
  const guarded = useCallback(
    (move: () => void) => {
      if (drafts.size === 0) move();
      else setAsking({ go: move });
    },
    [drafts],
  );

  const navigate = useCallback(
    (next: Route) => {
      const push = () =>
        setStack((current) => {
          const top = current[current.length - 1];
          if (top !== undefined && sameRoute(top, next)) return current;
          return [...current, next].slice(-maxHistory);
        });
      if (sameRoute(shown.current, next)) return;
      guarded(push);
    },
    [guarded],
  );

  const back = useCallback(
    (fallback: Route) => {
      guarded(() => setStack((current) => (current.length > 1 ? current.slice(0, -1) : [fallback])));
    },
    [guarded],
  );

  const keepEditing = useCallback(() => {
    setAsking(null);
    setRefocus(drafts.values().next().value ?? null);
  }, [drafts]);

  const discard = useCallback(() => {
    const move = asking;
    setAsking(null);
    move?.go();
  }, [asking]);

  // After the dialog has closed and given the focus back to where it came from: into what was typed.
  useEffect(() => {
    if (refocus === null) return;
    const element = refocus.current;
    (element?.matches(fieldSelector) === true ? element : element?.querySelector<HTMLElement>(fieldSelector))?.focus();
    setRefocus(null);
  }, [refocus]);

  const value = useMemo<Navigation>(
    () => ({ route, navigate, back, canGoBack: stack.length > 1 }),
    [route, navigate, back, stack.length],
  );
  return (
    <NavigationContext.Provider value={value}>
      <UnsavedContext.Provider value={drafts}>
        {children}
        {asking === null ? null : <DiscardDialog onKeep={keepEditing} onDiscard={discard} />}
      </UnsavedContext.Provider>
    </NavigationContext.Provider>
  );
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
