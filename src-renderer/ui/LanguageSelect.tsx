// The UI language as a list of the languages, each named in itself so anyone
// can find their own. A choice is kept as Settings keeps it (preferences.set:
// main stores it in the data folder, outside the vault), so it also applies
// before unlock: Settings → Appearance and the screens before the vault is open
// (AuthLayout) share this list and the one stored choice.
import { locales, type Locale } from '../app/i18n';
import { usePreferences } from '../app/preferences';

const languageNames: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function LanguageSelect({ id, className, testId }: { readonly id: string; readonly className: string; readonly testId: string }) {
  const preferences = usePreferences();
  return (
    <select
      id={id}
      className={className}
      value={preferences.locale}
      data-testid={testId}
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
  );
}
