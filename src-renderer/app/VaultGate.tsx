// Decides which screen shows from the vault's state: create (no vault),
// unlock (locked) or the workspace (unlocked). Customer data lives only inside
// the workspace's component tree, so leaving 'unlocked' for any reason (the
// Lock button, Ctrl/Cmd+L, the idle lock's vault.didLock push, a wipe)
// unmounts that tree and drops every piece of it from React state. Only the
// route the workspace was on outlives it, here in memory (a page and a record
// id, never a record's content), so unlocking returns to where the user was,
// and the task reminders not yet pressed away, as task ids and counts;
// a record deleted meanwhile shows its page's not-found state. A wipe forgets
// it (a vault destroyed or wiped): a new vault holds none of the old records.
// A lock that a key rotation's failure caused (reason `rotation-failed`)
// is said on the lock screen until the next unlock: the workspace whose
// Settings asked is gone with its error.
// A lock that dropped unsaved typing (the router's drafts: an inline edit, a
// composer note) is said on the lock screen until the next unlock, with the
// page it was on and nothing of what was typed: the lock never asks, and
// before, the typing was gone without a word.
// A page load starts from the route of the browser history entry shown when
// that entry is the app's (router.tsx keeps a route in each), so a reload of
// the headless shell's tab reopens the page it was on (after an unlock, if the
// vault locked meanwhile); a first load opens Today.
import { useTranslation } from 'react-i18next';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { VaultStatus } from '../../src-shared/ipc/contract';
import { CreateVault } from '../features/vault/CreateVault';
import { Unlock } from '../features/vault/Unlock';
import { Workspace } from '../features/shell/Workspace';
import { sectionOf, sectionRoutes, shownEntryRoute, type EntityKind, type Route, type Section } from './router';
import { Alert } from '../ui/Alert';
import { wordsText, type Words } from '../ui/words';
import { useApi } from './api-context';
import { noReminders, reminderHold } from './reminder-hold';

type Screen =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: Words }
  | { readonly kind: 'none' }
  | { readonly kind: 'locked'; readonly status: VaultStatus }
  | { readonly kind: 'unlocked'; readonly session: number };

/** How the lock screen names the page whose unsaved typing a lock dropped. */
function discardedPage(route: Route): `unlock.discardedPage.${Section | EntityKind | 'pipeline' | 'conflicts'}` {
  switch (route.name) {
    case 'detail':
      return `unlock.discardedPage.${route.entity}`;
    case 'pipeline':
    case 'conflicts':
      return `unlock.discardedPage.${route.name}`;
    default:
      return `unlock.discardedPage.${sectionOf(route) ?? 'today'}`;
  }
}

/** Where a return to `route` lands: a focus request is for the moment of arrival, not for a return. */
function returnTo(route: Route): Route {
  return route.name === 'settings' ? sectionRoutes.settings : route;
}

export function VaultGate() {
  const { t } = useTranslation();
  const api = useApi();
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  // Why the last vault was erased (failed unlocks or a revoked device), for the create screen's notice: heard from
  // vault.didLock, or read from the status (vault.status reports it until a new vault is created).
  const [wiped, setWiped] = useState<'wiped' | 'revoked' | null>(null);
  // The vault locked because a key rotation did not finish: the lock screen says so (the workspace that asked is
  // gone, and its error with it) until the next unlock.
  const [rotationFailed, setRotationFailed] = useState(false);
  // Task reminders pushed by the main process, until the workspace shows them (it may not be drawn yet
  // right after an unlock) and until their toasts are pressed away; over a lock, by task id only (reminder-hold.ts).
  const [reminders, onReminders] = useReducer(reminderHold, noReminders);
  useEffect(() => api.on('tasks.didRemind', (due) => onReminders({ kind: 'pushed', due })), [api]);
  useEffect(() => {
    if (screen.kind === 'none') onReminders({ kind: 'forgotten' });
    else if (screen.kind === 'locked' || screen.kind === 'failed') onReminders({ kind: 'locked' });
  }, [screen.kind]);
  const shown = useRef<Screen['kind']>('loading');
  useEffect(() => {
    shown.current = screen.kind;
  }, [screen.kind]);
  // Answers to an older request must not overwrite a newer state.
  const generation = useRef(0);
  const sessions = useRef(0);
  // Read once, at this page load: after a lock the route the workspace was on is the one to return to.
  const [loadedOn] = useState<Route>(() => returnTo(shownEntryRoute() ?? sectionRoutes.today));
  const lastRoute = useRef<Route>(loadedOn);
  const rememberRoute = useCallback((route: Route) => {
    lastRoute.current = returnTo(route);
  }, []);
  // Whether the workspace holds unsaved typing now (its router's drafts), while it is drawn; and the page whose
  // typing the last lock dropped, for the lock screen to say.
  const draftsProbe = useRef<(() => boolean) | null>(null);
  const onDraftsProbe = useCallback((probe: (() => boolean) | null) => {
    draftsProbe.current = probe;
  }, []);
  const [discardedOn, setDiscardedOn] = useState<Route | null>(null);
  const noteDrafts = useCallback(() => {
    if (draftsProbe.current?.() === true) setDiscardedOn(lastRoute.current);
  }, []);

  const applyStatus = useCallback((status: VaultStatus) => {
    generation.current += 1;
    switch (status.state) {
      case 'none':
        lastRoute.current = sectionRoutes.today;
        setDiscardedOn(null);
        // After a restart only the status knows why the last vault was erased (the lock event went with the old window).
        if (status.lastWipe !== undefined) setWiped(status.lastWipe.reason);
        setScreen({ kind: 'none' });
        return;
      case 'locked':
        setScreen({ kind: 'locked', status });
        return;
      case 'unlocked':
        setRotationFailed(false);
        setDiscardedOn(null);
        sessions.current += 1;
        setScreen({ kind: 'unlocked', session: sessions.current });
        return;
    }
  }, []);

  const refresh = useCallback(() => {
    generation.current += 1;
    const mine = generation.current;
    setScreen({ kind: 'loading' });
    api.invoke('vault.status', {}).then(
      (status) => {
        if (generation.current === mine) applyStatus(status);
      },
      (error: unknown) => {
        if (generation.current === mine) setScreen({ kind: 'failed', message: { error } });
      },
    );
  }, [api, applyStatus]);

  useEffect(() => {
    refresh();
    // vault.didUnlock needs no handler: this window only unlocks through its
    // own calls, whose answers already carry the new state.
    return api.on('vault.didLock', ({ reason }) => {
      if (reason === 'wiped' || reason === 'revoked') setWiped(reason);
      // An idle lock, the OS's, a suspend or another window's Lock: the workspace still holds the typing it drops.
      if (reason !== 'wiped' && reason !== 'revoked' && reason !== 'destroyed') noteDrafts();
      setRotationFailed(reason === 'rotation-failed');
      // On the lock screen a wipe is the answer to this window's own unlock
      // call, which shows the main process's message itself.
      if (shown.current !== 'locked') refresh();
    });
  }, [api, refresh, noteDrafts]);

  const created = useCallback(
    (status: VaultStatus) => {
      setWiped(null);
      applyStatus(status);
    },
    [applyStatus],
  );

  const lock = useCallback(() => {
    // Drop the workspace at once, before the main process even answers.
    noteDrafts();
    generation.current += 1;
    setScreen({ kind: 'loading' });
    api.invoke('vault.lock', {}).then(applyStatus, () => refresh());
  }, [api, applyStatus, refresh, noteDrafts]);

  switch (screen.kind) {
    case 'loading':
      return (
        <main className="centered" aria-busy="true" data-testid="vault-loading">
          <p className="muted">
            <span className="spinner" aria-hidden="true" /> {t('status.loading')}
          </p>
        </main>
      );
    case 'failed':
      return (
        <main className="centered">
          <section className="card card--narrow">
            <h1 className="brand">{t('app.name')}</h1>
            <Alert tone="error" testId="vault-status-error">
              <p>{wordsText(screen.message)}</p>
            </Alert>
            {/* A status read that failed once (a file held by a backup tool at launch) is no dead end: no push comes to end it. */}
            <button type="button" className="button button--primary" data-testid="vault-status-retry" onClick={refresh}>
              {t('action.retry')}
            </button>
          </section>
        </main>
      );
    case 'none':
      return <CreateVault onCreated={created} notice={wiped === null ? null : t(wiped === 'revoked' ? 'create.revokedNotice' : 'create.wipedNotice')} />;
    case 'locked':
      return (
        <Unlock
          status={screen.status}
          onStatus={applyStatus}
          onStartOver={refresh}
          notice={rotationFailed ? t('unlock.rotationFailed') : null}
          discarded={discardedOn === null ? null : t('unlock.discarded', { page: t(discardedPage(discardedOn)) })}
        />
      );
    case 'unlocked':
      return (
        <Workspace
          key={screen.session}
          initialRoute={lastRoute.current}
          onRoute={rememberRoute}
          onDraftsProbe={onDraftsProbe}
          onLock={lock}
          onStatus={applyStatus}
          reminders={reminders}
          onReminders={onReminders}
        />
      );
  }
}
