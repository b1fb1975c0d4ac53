// Theme (follow the OS, light, dark), UI language and how long the vault
// waits without the user's input before it locks, kept for the next launch.
import { useTranslation } from 'react-i18next';
import { lockAfterMinuteChoices } from '../../../src-shared/ipc/preferences';
import { usePreferences, type ThemeChoice } from '../../app/preferences';
import { LanguageSelect } from '../../ui/LanguageSelect';
import { RadioGroup } from '../../ui/RadioGroup';

const themes: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const themeLabels = { system: 'settings.appearance.themeSystem', light: 'settings.appearance.themeLight', dark: 'settings.appearance.themeDark' } as const;

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
        <RadioGroup
          options={themes.map((theme) => ({ value: theme, label: t(themeLabels[theme]), testId: `theme-${theme}` }))}
          value={preferences.theme}
          onChange={(theme) => preferences.setTheme(theme)}
          name={{ labelledBy: 'theme-label' }}
          className="segmented"
        />
      </div>
      <div className="settings-row">
        <label className="field__label" htmlFor="language-select">
          {t('settings.appearance.language')}
        </label>
        <LanguageSelect id="language-select" className="input settings-row__select" testId="language-select" />
      </div>
      <div className="settings-row">
        <label className="field__label" htmlFor="lock-after-select">
          {t('settings.appearance.lockAfter')}
        </label>
        <select
          id="lock-after-select"
          className="input settings-row__select"
          data-testid="lock-after-select"
          aria-describedby="lock-after-hint"
          value={preferences.lockAfterMinutes}
          onChange={(event) => {
            const next = lockAfterMinuteChoices.find((minutes) => String(minutes) === event.target.value);
            if (next !== undefined) preferences.setLockAfterMinutes(next);
          }}
        >
          {lockAfterMinuteChoices.map((minutes) => (
            <option key={minutes} value={minutes}>
              {t('settings.appearance.lockAfterMinutes', { count: minutes })}
            </option>
          ))}
        </select>
      </div>
      <p className="field__hint" id="lock-after-hint">
        {t('settings.appearance.lockAfterHint')}
      </p>
    </section>
  );
}
