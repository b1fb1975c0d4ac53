// Appearance preferences for this session: theme (follow the OS, or a manual
// light/dark choice) and UI language. Both live in memory only, because the
// renderer stores nothing; each launch starts from the OS and browser defaults.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale, setLocale, type Locale } from './i18n';

export type ThemeChoice = 'system' | 'light' | 'dark';

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

export function PreferencesProvider({ children }: { readonly children: ReactNode }) {
  const [theme, setTheme] = useState<ThemeChoice>('system');
  // Re-render on language change; the language itself lives in i18next.
  useTranslation();
  const locale = currentLocale();

  useEffect(() => applyTheme(theme), [theme]);
  const changeLocale = useCallback((next: Locale) => setLocale(next), []);

  const value = useMemo<Preferences>(
    () => ({ theme, setTheme, locale, setLocale: changeLocale }),
    [theme, locale, changeLocale],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const preferences = useContext(PreferencesContext);
  if (preferences === null) throw new Error('usePreferences() outside <PreferencesProvider>');
  return preferences;
}
