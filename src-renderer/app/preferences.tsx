// Appearance preferences: theme (follow the OS, or a manual light/dark
// choice) and UI language. The renderer stores nothing: a choice is sent to
// the main process (preferences.set), which keeps it in the data folder, and
// the stored choices are read back once the bridge is connected at launch
// (before unlock, so the lock screen follows them too). Until then, and when
// nothing is stored, the OS and browser defaults apply.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreferencesPatch, ThemeChoice } from '../../src-shared/ipc/preferences';
import type { FieldVaultApi } from '../api/bridge-client';
import { currentLocale, setLocale, type Locale } from './i18n';

export type { ThemeChoice };

export interface Preferences {
  readonly theme: ThemeChoice;
  readonly setTheme: (theme: ThemeChoice) => void;
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
}

const PreferencesContext = createContext<Preferences | null>(null);

/** Applies the theme: tokens.css turns html[data-theme] into a color-scheme. */
export function applyTheme(theme: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
}

/** Reads the stored preferences once, as soon as the bridge is connected, and applies them. */
function useStoredPreferences(api: FieldVaultApi | undefined, apply: (theme: ThemeChoice, locale: Locale | null) => void): void {
  useEffect(() => {
    if (api === undefined) return undefined;
    let done = false;
    const load = () => {
      if (done || api.connection.current().status !== 'ready') return;
      done = true;
      api.invoke('preferences.get', {}).then(
        (stored) => apply(stored.theme, stored.locale),
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
  const [theme, setThemeState] = useState<ThemeChoice>('system');
  // Re-render on language change; the language itself lives in i18next.
  useTranslation();
  const locale = currentLocale();

  useEffect(() => applyTheme(theme), [theme]);
  const apply = useCallback((storedTheme: ThemeChoice, storedLocale: Locale | null) => {
    setThemeState(storedTheme);
    if (storedLocale !== null) setLocale(storedLocale);
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

  const value = useMemo<Preferences>(
    () => ({ theme, setTheme: changeTheme, locale, setLocale: changeLocale }),
    [theme, changeTheme, locale, changeLocale],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const preferences = useContext(PreferencesContext);
  if (preferences === null) throw new Error('usePreferences() outside <PreferencesProvider>');
  return preferences;
}
