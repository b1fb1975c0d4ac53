// The unlocked app: side navigation, top bar (search, sync status, help,
// Lock), the current page, and the dialogs the chrome opens (search, shortcut
// help, sync). S syncs now, or on a device that is not enrolled opens the
// sync dialog, which says how to connect it; a "Sync now" that S started and
// the app refused is said in a toast unless the sync dialog, which says it,
// is open. A key, click or scroll tells the idle lock the user is here
// (activity-beat.ts). Everything under this component is thrown away
// when the vault locks, so no customer data outlives the session in memory.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReminderEvent, ReminderHold } from '../../app/reminder-hold';
import type { VaultStatus } from '../../../src-shared/ipc/contract';
import { NavigationProvider, sectionOf, sectionRoutes, useHasUnsavedChanges, useNavigation, type Route } from '../../app/router';
import { useHasDirtyDialogs } from '../../ui/dirty-dialogs';
import { ToastProvider, useToasts } from '../../ui/toasts';
import type { Words } from '../../ui/words';
import { StagesProvider } from '../deals/stages';
import { TimelineReturnProvider } from '../detail/timeline-return';
import { CreateRecordProvider } from '../records/create-record';
import { ListReturnProvider } from '../records/list-return';
import { NameCacheProvider } from '../records/names';
import { PeopleProvider } from '../records/people';
import { SavedViewsProvider } from '../records/views-cache';
import { SearchDialog } from '../search/SearchDialog';
import { useActivityBeat } from './activity-beat';
import { LogActivityProvider, useLogActivitySlot } from './log-activity';
import { NewRecordProvider, useNewRecordSlot } from './new-record';
import { Page } from './Page';
import { ReminderNotices } from './reminder-notices';
import { ShortcutHelp } from './ShortcutHelp';
import { SideNav } from './SideNav';
import { SyncProvider, useSync } from './sync-context';
import { ImportDraftProvider } from '../transfer/import-draft';
import { ExportRunsProvider } from '../transfer/export-runs';
import { SyncDetailsDialog } from './SyncDetailsDialog';
import { TopBar } from './TopBar';
import { useShortcuts, type GoTarget } from './useShortcuts';

export interface WorkspaceProps {
  readonly onLock: () => void;
  readonly onStatus: (status: VaultStatus) => void;
  /** Task reminders pushed and not yet shown, shown and not yet answered, carried over a lock (held by the vault gate). */
  readonly reminders: ReminderHold;
  readonly onReminders: (event: ReminderEvent) => void;
  /** The page to open on: the one the previous session was on (after an unlock), else Today. */
  readonly initialRoute?: Route;
  /** Told each route the workspace shows, so the next session can open on it. */
  readonly onRoute?: (route: Route) => void;
  /** Given how to ask whether the page holds unsaved typing (null once the workspace is gone), so a lock can say it dropped some. */
  readonly onDraftsProbe?: (probe: (() => boolean) | null) => void;
}

const goRoutes: Record<GoTarget, Route> = {
  today: sectionRoutes.today,
  contacts: sectionRoutes.contacts,
  accounts: sectionRoutes.accounts,
  deals: sectionRoutes.deals,
  pipeline: { name: 'pipeline', mode: 'board' },
  tasks: sectionRoutes.tasks,
  activities: sectionRoutes.activities,
  settings: sectionRoutes.settings,
};

type Overlay = 'none' | 'search' | 'help' | 'sync';

function Frame({ onLock, onStatus, reminders, onReminders, onRoute, onDraftsProbe }: WorkspaceProps) {
  const { navigate, route } = useNavigation();
  useLayoutEffect(() => {
    onRoute?.(route);
  }, [route, onRoute]);
  const hasDrafts = useHasUnsavedChanges();
  // A New dialog typed in is dropped by a lock as the page's drafts are: the lock screen says so for both.
  const hasDirtyDialogs = useHasDirtyDialogs();
  useLayoutEffect(() => {
    onDraftsProbe?.(() => hasDrafts() || hasDirtyDialogs());
    return () => onDraftsProbe?.(null);
  }, [hasDrafts, hasDirtyDialogs, onDraftsProbe]);
  const pageRef = useRef<HTMLElement>(null);
  // After a navigation, focus moves to the new page (as a browser does on a
  // new document), so keyboard and screen-reader users start from its top;
  // unless the route names what to focus, which its page then focuses. Before paint: a route
  // changed by an IPC answer (a record deleted, created) would otherwise paint the new page with
  // the focus on the document's body.
  useLayoutEffect(() => {
    if ((route.name === 'settings' || route.name === 'today') && route.focus !== undefined) return;
    pageRef.current?.focus({ preventScroll: true });
  }, [route]);
  // The window (and a screen reader arriving on the page) names the section: it read "FieldVault" on every page.
  const { t } = useTranslation();
  useEffect(() => {
    const section = sectionOf(route);
    document.title = section === null ? 'FieldVault' : t('nav.pageTitle', { section: t(`nav.${section}`) });
    return () => {
      document.title = 'FieldVault';
    };
  }, [route, t]);
  useActivityBeat();
  const newRecord = useNewRecordSlot();
  const logActivity = useLogActivitySlot();
  const sync = useSync();
  const [overlay, setOverlay] = useState<Overlay>('none');
  const overlayNow = useRef(overlay);
  overlayNow.current = overlay;
  const toasts = useToasts();
  const close = useCallback(() => setOverlay('none'), []);
  const sayRefusedSync = useCallback(
    (reason: Words) => {
      if (overlayNow.current === 'sync') return;
      toasts.show({ message: { key: 'sync.nowRefused', params: { reason } }, tone: 'error', key: 'sync-now', testId: 'sync-now-refused' });
    },
    [toasts],
  );

  useShortcuts({
    search: () => setOverlay('search'),
    help: () => setOverlay('help'),
    lock: onLock,
    newRecord: () => newRecord.current?.(),
    logActivity: () => logActivity.current?.(),
    syncNow: () => (sync.view.enrolled === true ? sync.syncNow(sayRefusedSync) : setOverlay('sync')),
    go: (target) => navigate(goRoutes[target]),
    undo: toasts.undoLatest,
    toasts: toasts.toggleFocus,
  });

  return (
    <div className="workspace" data-testid="workspace">
      <SideNav />
      <div className="workspace__main">
        <TopBar
          sync={sync.view}
          syncBusy={sync.busy}
          onSync={() => setOverlay('sync')}
          onSearch={() => setOverlay('search')}
          onHelp={() => setOverlay('help')}
          onLock={onLock}
        />
        <main className="workspace__page" ref={pageRef} tabIndex={-1}>
          <Page onStatus={onStatus} />
        </main>
      </div>
      <ReminderNotices hold={reminders} onEvent={onReminders} />
      {overlay === 'search' ? <SearchDialog onClose={close} /> : null}
      {overlay === 'help' ? <ShortcutHelp onClose={close} /> : null}
      {overlay === 'sync' ? <SyncDetailsDialog onClose={close} /> : null}
    </div>
  );
}

export function Workspace(props: WorkspaceProps) {
  return (
    <NavigationProvider initial={props.initialRoute ?? sectionRoutes.today}>
      <ToastProvider>
        <NameCacheProvider>
          <SavedViewsProvider>
            <ListReturnProvider>
            <TimelineReturnProvider>
            <PeopleProvider>
              <StagesProvider>
                <CreateRecordProvider>
                  <NewRecordProvider>
                    <LogActivityProvider>
                      <SyncProvider>
                        <ImportDraftProvider>
                          <ExportRunsProvider>
                            <Frame {...props} />
                          </ExportRunsProvider>
                        </ImportDraftProvider>
                      </SyncProvider>
                    </LogActivityProvider>
                  </NewRecordProvider>
                </CreateRecordProvider>
              </StagesProvider>
            </PeopleProvider>
            </TimelineReturnProvider>
            </ListReturnProvider>
          </SavedViewsProvider>
        </NameCacheProvider>
      </ToastProvider>
    </NavigationProvider>
  );
}
