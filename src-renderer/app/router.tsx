// Navigation for the workspace. The address bar is left alone on purpose: it
// held the headless shell's access token a moment ago, record ids in it would
// end up in history, and a desktop app has no use for deep links. Each move
// still adds a browser history entry (same address), whose state holds its
// route (a page, a record's id: no customer value). So the browser's Back and
// Forward (keys, mouse buttons) move through the app's pages, as the detail
// pages' Back does, also through those opened before a reload, and only Back
// from the first page leaves the app. An entry whose route this page cannot
// read (not the app's, or from an older version) opens Today. A reload reopens
// the page of the entry shown (VaultGate starts the workspace there).
// Leaving a page that holds unsaved typing (a component says so through
// useUnsavedChanges) asks first, whoever asks to leave (the side navigation,
// a search hit, a link, Back): "Keep editing" (the default; Esc) stays and puts
// the focus back in what was typed, "Discard" goes on. A reload or closing
// the window asks too (beforeunload), also for a dialog holding unsaved input
// (ui/dirty-dialogs.ts), which moves do not ask about. A lock does not ask:
// it unmounts the workspace, drafts included, outside this navigation. A move
// the user did not ask for (a create dialog opening the record it made) does
// not ask either: it does not happen while there are drafts (useHasUnsavedChanges).
// Deleting the record a page shows does not ask: the delete was the decision,
// and the page's drafts, all of that record, go with it (useDropUnsavedChanges).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import { DiscardQuestion } from '../ui/Dialog';
import { DirtyDialogsContext, type DirtyDialogs } from '../ui/dirty-dialogs';

export const entityKinds = ['contact', 'account', 'deal', 'activity', 'task'] as const;
export type EntityKind = (typeof entityKinds)[number];
/** The kinds of record an import reads from a file. */
export type ImportKind = Extract<EntityKind, 'contact' | 'account'>;
/** The kind of record of each synced entity (`contacts` → `contact`). */
export const kindOfEntity: Readonly<Record<SyncedEntity, EntityKind>> = { contacts: 'contact', accounts: 'account', deals: 'deal', activities: 'activity', tasks: 'task' };
/** The synced entity of each kind of record (`contact` → `contacts`). */
export const entityOfKind: Readonly<Record<EntityKind, SyncedEntity>> = { contact: 'contacts', account: 'accounts', deal: 'deals', activity: 'activities', task: 'tasks' };

/** The record a list is filtered to (its records linked to that account, contact or deal). */
export interface ListLink {
  readonly field: 'accountId' | 'contactId' | 'dealId';
  readonly id: string;
}

/** One person's open tasks due within local days (YYYY-MM-DD, inclusive; either end may be open). */
export interface TasksDue {
  readonly assigneeId: string;
  readonly from?: string;
  readonly to?: string;
}

export type Route =
  /**
   * `focus: 'reminders'`: arriving for reminders fallen due (their toast's Open), focus goes to the first of
   * `taskIds` (the tasks the toast named) that Today lists, in any of its task lists, else to the Reminders section.
   */
  | { readonly name: 'today'; readonly focus?: 'reminders'; readonly taskIds?: readonly string[] }
  /**
   * `trash`: the list opens on its trash (a search's "in the trash" line). `linked`: it opens filtered to
   * the records linked to that one (a detail page's related card's "Show all"). `stageIds`: the deals list opens
   * filtered to these stages (a board column's "N more in the list view"). `tasksDue`: the tasks list opens on
   * one person's open tasks due within those days (Today's "Showing 100 of N · all in Tasks").
   */
  | {
      readonly name: 'list';
      readonly entity: EntityKind;
      readonly trash?: true;
      readonly linked?: ListLink;
      readonly stageIds?: readonly string[];
      readonly tasksDue?: TasksDue;
    }
  | { readonly name: 'detail'; readonly entity: EntityKind; readonly id: string }
  | { readonly name: 'pipeline'; readonly mode: 'board' | 'forecast' }
  /** `entity`: the list the import starts on (an empty list's Import); without one, Contacts. */
  | { readonly name: 'transfer'; readonly entity?: ImportKind }
  /**
   * The sync conflicts to review (from the sync dialog); `record`: only that record's (from its detail page);
   * `focus: 'unsent'`: arriving to the records kept on this device only (the sync dialog's Show them), focus goes there.
   */
  | { readonly name: 'conflicts'; readonly record?: { readonly entity: EntityKind; readonly id: string }; readonly focus?: 'unsent' }
  /** `focus: 'sync'`: arriving to connect this device (from the sync dialog), focus goes to the sync server card, not the page. */
  | { readonly name: 'settings'; readonly focus?: 'sync' };

export interface Navigation {
  readonly route: Route;
  /** `onKept`: runs when the move asked "Discard your unsaved changes?" and the user chose Keep editing (the move never happened). */
  readonly navigate: (route: Route, options?: { readonly onKept?: () => void }) => void;
  /** Returns to the previous route, or to `fallback` when there is none. */
  readonly back: (fallback: Route) => void;
  readonly canGoBack: boolean;
  /** The browser history entry shown (its key): what a page keeps in memory for a return to this entry is keyed by it. */
  readonly entryKey: number;
}

const NavigationContext = createContext<Navigation | null>(null);

/**
 * What a browser history entry of this app holds: which page load made it, its key, how many app entries lie
 * behind it, and its route.
 */
interface EntryState {
  readonly load: string;
  readonly key: number;
  readonly depth: number;
  readonly route: Route;
}

/** This page load, and its entries' last key (module state: a lock remounts the provider, the entries stay). */
const thisLoad = crypto.randomUUID();
let lastKey = 0;

/** How many times this window has shown another page (module state too): a move made since a moment shows as a change. */
let pagesShown = 0;

/** How many moves this window has made so far, to tell later whether the user has moved since (useSoftDelete's Undo). */
export function movesMade(): number {
  return pagesShown;
}

function remember(route: Route, depth: number): EntryState {
  lastKey += 1;
  return { load: thisLoad, key: lastKey, depth, route };
}

const entityKind = z.enum(entityKinds);
/** A route as an entry holds it, read back: the entry may be from an earlier page load, even an older version. */
const StoredRoute = z.discriminatedUnion('name', [
  z.object({ name: z.literal('today'), focus: z.literal('reminders').optional(), taskIds: z.array(z.string()).optional() }),
  z.object({
    name: z.literal('list'),
    entity: entityKind,
    trash: z.literal(true).optional(),
    linked: z.object({ field: z.enum(['accountId', 'contactId', 'dealId']), id: z.string() }).optional(),
    stageIds: z.array(z.string()).optional(),
    tasksDue: z.object({ assigneeId: z.string(), from: z.string().optional(), to: z.string().optional() }).optional(),
  }),
  z.object({ name: z.literal('detail'), entity: entityKind, id: z.string() }),
  z.object({ name: z.literal('pipeline'), mode: z.enum(['board', 'forecast']) }),
  z.object({ name: z.literal('transfer'), entity: z.enum(['contact', 'account']).optional() }),
  z.object({ name: z.literal('conflicts'), record: z.object({ entity: entityKind, id: z.string() }).optional(), focus: z.literal('unsent').optional() }),
  z.object({ name: z.literal('settings'), focus: z.literal('sync').optional() }),
]) satisfies z.ZodType<Route>;

/** The app's entry in a history state; one whose route cannot be read opens Today. */
function entryState(value: unknown): EntryState | null {
  if (typeof value !== 'object' || value === null) return null;
  const entry: unknown = Reflect.get(value, 'fieldvault');
  if (typeof entry !== 'object' || entry === null) return null;
  const load: unknown = Reflect.get(entry, 'load');
  const key: unknown = Reflect.get(entry, 'key');
  const depth: unknown = Reflect.get(entry, 'depth');
  const route = StoredRoute.safeParse(Reflect.get(entry, 'route'));
  if (typeof load !== 'string' || typeof key !== 'number' || typeof depth !== 'number') return null;
  return { load, key, depth, route: route.success ? route.data : sectionRoutes.today };
}

/**
 * The route of the browser history entry shown, when the entry is this app's: after a reload, the page the
 * tab was on (Today for one whose route cannot be read); null for an entry that is not the app's.
 */
export function shownEntryRoute(): Route | null {
  return entryState(window.history.state)?.route ?? null;
}

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

/**
 * Whether the page holds unsaved typing now: for a move that only follows another action (a create dialog
 * opening the record it made), which keeps the page and its drafts rather than asking mid-flow.
 */
export function useHasUnsavedChanges(): () => boolean {
  const drafts = useContext(UnsavedContext);
  return useCallback(() => drafts !== null && drafts.size > 0, [drafts]);
}

/**
 * Forgets the page's unsaved typing, so the move that follows does not ask: for a move the user's own action
 * has decided already (the record the page shows was just deleted, and its drafts with it).
 */
export function useDropUnsavedChanges(): () => void {
  const drafts = useContext(UnsavedContext);
  return useCallback(() => drafts?.clear(), [drafts]);
}

const fieldSelector = 'input:not([type="hidden"]), textarea, select';

export function NavigationProvider({ initial, children }: { readonly initial: Route; readonly children: ReactNode }) {
  const { t } = useTranslation();
  const [route, setRoute] = useState<Route>(initial);
  // The browser history entry shown, as this page wrote it.
  const [entry, setEntry] = useState<EntryState>(() => {
    const mine = remember(initial, entryState(window.history.state)?.depth ?? 0);
    window.history.replaceState({ fieldvault: mine }, '');
    return mine;
  });
  const current = useRef(entry);
  current.current = entry;
  const [drafts] = useState<UnsavedDrafts>(() => new Set());
  // Dialogs holding unsaved input (a New dialog typed in): not drafts of the page (moves do not ask about them),
  // but a reload drops them too.
  const [dirtyDialogs] = useState<DirtyDialogs>(() => new Set());
  // The move waiting for an answer to "Discard your unsaved changes?", and how "Keep editing" undoes it.
  const [asking, setAsking] = useState<{ readonly go: () => void; readonly keep?: () => void } | null>(null);
  const [refocus, setRefocus] = useState<RefObject<HTMLElement | null> | null>(null);
  // Read by navigate() so that it keeps one identity across routes.
  const shown = useRef(route);
  shown.current = route;
  // The entry the browser is going back to because "Keep editing" undid its move: no question when it arrives.
  const returning = useRef<number | null>(null);

  /** Runs `move` at once, or once the user agrees to drop the unsaved typing. */
  const guarded = useCallback(
    (move: () => void, keep?: () => void) => {
      if (drafts.size === 0) move();
      else setAsking(keep === undefined ? { go: move } : { go: move, keep });
    },
    [drafts],
  );

  const show = useCallback((next: Route, state: EntryState) => {
    pagesShown += 1;
    current.current = state;
    setEntry(state);
    setRoute(next);
  }, []);

  const navigate = useCallback(
    (next: Route, options?: { readonly onKept?: () => void }) => {
      if (sameRoute(shown.current, next)) return;
      guarded(() => {
        const state = remember(next, current.current.depth + 1);
        window.history.pushState({ fieldvault: state }, '');
        show(next, state);
      }, options?.onKept);
    },
    [guarded, show],
  );

  const back = useCallback(
    (fallback: Route) => {
      // The browser's own Back: the entry's popstate shows the page (and asks about unsaved typing).
      if (current.current.depth > 0) {
        window.history.back();
        return;
      }
      guarded(() => {
        const state = remember(fallback, 0);
        window.history.replaceState({ fieldvault: state }, '');
        show(fallback, state);
      });
    },
    [guarded, show],
  );

  useEffect(() => {
    const onPopState = (event: PopStateEvent) => {
      const arrived = entryState(event.state);
      const from = current.current;
      if (arrived !== null && arrived.load === thisLoad && arrived.key === returning.current) {
        returning.current = null;
        current.current = arrived;
        setEntry(arrived);
        return;
      }
      // An entry from before a reload opens its page, as one of this page load's from now on (its key may be
      // one this load has given too); one that is not the app's at all opens Today.
      const to = arrived !== null && arrived.load === thisLoad ? arrived : remember(arrived?.route ?? sectionRoutes.today, arrived?.depth ?? 0);
      if (to !== arrived) window.history.replaceState({ fieldvault: to }, '');
      if (to.key === from.key) return;
      const target = to.route;
      if (drafts.size === 0) {
        show(target, to);
        return;
      }
      // The browser has moved already: "Keep editing" moves it back to the page shown.
      setAsking({
        go: () => show(target, to),
        keep: () => {
          // go(0) would reload the page; an entry of the same depth is only ever one replaced above.
          if (from.depth === to.depth) return;
          returning.current = from.key;
          window.history.go(from.depth - to.depth);
        },
      });
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [drafts, show]);

  // A reload or closing the window would drop the typing without a word: the browser asks first (its own
  // "Leave site?"; the Electron shell answers will-prevent-unload with its own question).
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (drafts.size === 0 && dirtyDialogs.size === 0) return;
      event.preventDefault();
      // Chromium before 119 asked only when returnValue was set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [drafts, dirtyDialogs]);

  const keepEditing = useCallback(() => {
    asking?.keep?.();
    setAsking(null);
    setRefocus(drafts.values().next().value ?? null);
  }, [asking, drafts]);

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
    () => ({ route, navigate, back, canGoBack: entry.depth > 0, entryKey: entry.key }),
    [route, navigate, back, entry.depth, entry.key],
  );
  return (
    <NavigationContext.Provider value={value}>
      <UnsavedContext.Provider value={drafts}>
        <DirtyDialogsContext.Provider value={dirtyDialogs}>
          {children}
          {asking === null ? null : <DiscardQuestion text={t('unsaved.text')} onKeep={keepEditing} onDiscard={discard} />}
        </DirtyDialogsContext.Provider>
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
