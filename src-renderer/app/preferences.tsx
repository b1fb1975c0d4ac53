// App preferences: theme (follow the OS, or a manual light/dark choice), UI
// language and the idle lock's minutes. The renderer stores nothing: a choice is sent to
// the main process (preferences.set), which keeps it in the data folder, and
// the stored choices are read back once the bridge is connected at launch
// (before unlock, so the lock screen follows them too). Until then, and when
// nothing is stored, the OS and browser defaults apply. The main process
// applies a new idle lock itself, as it stores it.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultPreferences, type AppPreferences, type LockAfterMinutes, type PreferencesPatch, type ThemeChoice } from '../../src-shared/ipc/preferences';
import type { FieldVaultApi } from '../api/bridge-client';
import { currentLocale, setLocale, type Locale } from './i18n';

export type { LockAfterMinutes, ThemeChoice };

export interface Preferences {
  readonly theme: ThemeChoice;
  readonly setTheme: (theme: ThemeChoice) => void;
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
  readonly lockAfterMinutes: LockAfterMinutes;
  readonly setLockAfterMinutes: (minutes: LockAfterMinutes) => void;
}

const PreferencesContext = createContext<Preferences | null>(null);

/** Applies the theme: tokens.css turns html[data-theme] into a color-scheme. */
export function applyTheme(theme: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
}

/** Reads the stored preferences once, as soon as the bridge is connected, and applies them. */
function useStoredPreferences(api: FieldVaultApi | undefined, apply: (stored: AppPreferences) => void): void {
  useEffect(() => {
    if (api === undefined) return undefined;
    let done = false;
    const load = () => {
      if (done || api.connection.current().status !== 'ready') return;
      done = true;
      api.invoke('preferences.get', {}).then(
        apply,
        // Unreadable: the defaults stay, as on a first launch.
        () => undefined,
      );
    };
    const unsubscribe = api.connection.subscribe(load);
    load();
    return unsubscribe;
  }, [api, apply]);
}

export function PreferencesProvider({ children, api }: { readonly children: ReactNode; readonly api?: FieldVaultApi }) {
  const [theme, setThemeState] = useState<ThemeChoice>(defaultPreferences.theme);
  const [lockAfterMinutes, setLockAfterMinutesState] = useState<LockAfterMinutes>(defaultPreferences.lockAfterMinutes);
  // Re-render on language change; the language itself lives in i18next.
  useTranslation();
  const locale = currentLocale();

  useEffect(() => applyTheme(theme), [theme]);
  const apply = useCallback((stored: AppPreferences) => {
    setThemeState(stored.theme);
    setLockAfterMinutesState(stored.lockAfterMinutes);
    if (stored.locale !== null) setLocale(stored.locale);
  }, []);
  useStoredPreferences(api, apply);

  const store = useCallback(
    (patch: PreferencesPatch) => {
      // A choice that cannot be kept still applies now; the next launch starts from the defaults.
      api?.invoke('preferences.set', patch).catch(() => undefined);
    },
    [api],
  );
  const changeTheme = useCallback(
    (next: ThemeChoice) => {
      setThemeState(next);
      store({ theme: next });
    },
    [store],
  );
  const changeLocale = useCallback(
    (next: Locale) => {
      setLocale(next);
      store({ locale: next });
    },
    [store],
  );

  const changeLockAfter = useCallback(
    (next: LockAfterMinutes) => {
      setLockAfterMinutesState(next);
      // Unlike the theme, the main process applies this one: a choice it could not keep shows what still holds.
      api?.invoke('preferences.set', { lockAfterMinutes: next }).catch(() =>
        api.invoke('preferences.get', {}).then(
          (stored) => setLockAfterMinutesState(stored.lockAfterMinutes),
          () => undefined,
        ),
      );
    },
    [api],
  );

  const value = useMemo<Preferences>(
    () => ({ theme, setTheme: changeTheme, locale, setLocale: changeLocale, lockAfterMinutes, setLockAfterMinutes: changeLockAfter }),
    [theme, changeTheme, locale, changeLocale, lockAfterMinutes, changeLockAfter],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const preferences = useContext(PreferencesContext);
  if (preferences === null) throw new Error('usePreferences() outside <PreferencesProvider>');
  return preferences;
}
