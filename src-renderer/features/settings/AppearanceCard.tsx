// Theme (follow the OS, light, dark) and UI language, kept for the next launch.
import { useTranslation } from 'react-i18next';
import { locales, type Locale } from '../../app/i18n';
import { usePreferences, type ThemeChoice } from '../../app/preferences';

const themes: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const themeLabels = { system: 'settings.appearance.themeSystem', light: 'settings.appearance.themeLight', dark: 'settings.appearance.themeDark' } as const;
/** Each language names itself, so anyone can find their own. */
const languageNames: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function AppearanceCard() {
  const { t } = useTranslation();
  const preferences = usePreferences();
  return (
    <section className="card" aria-labelledby="appearance-title" data-testid="appearance-card">
      <h3 id="appearance-title">{t('settings.appearance.title')}</h3>
      <p className="muted">{t('settings.appearance.body')}</p>
      <div className="settings-row">
        <span className="field__label" id="theme-label">
          {t('settings.appearance.theme')}
        </span>
        <div className="segmented" role="group" aria-labelledby="theme-label">
          {themes.map((theme) => (
            <button
              key={theme}
              type="button"
              aria-pressed={preferences.theme === theme}
              data-testid={`theme-${theme}`}
              onClick={() => preferences.setTheme(theme)}
            >
              {t(themeLabels[theme])}
            </button>
          ))}
        </div>
      </div>
      <div className="settings-row">
        <label className="field__label" htmlFor="language-select">
          {t('settings.appearance.language')}
        </label>
        <select
          id="language-select"
          className="input settings-row__select"
          value={preferences.locale}
          data-testid="language-select"
          onChange={(event) => {
            const next = locales.find((locale) => locale === event.target.value);
            if (next !== undefined) preferences.setLocale(next);
          }}
        >
          {locales.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {languageNames[locale]}
            </option>
          ))}
        </select>
      </div>
    </section>
  );
}
