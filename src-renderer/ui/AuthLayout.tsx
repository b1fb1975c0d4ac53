// The frame of the screens shown before the vault is open: product mark, the
// UI language (before, these screens followed the OS language only, so a rep
// reading Chinese on an English system read English until the vault existed),
// a title and a card holding the form.
import { useTranslation } from 'react-i18next';
import { useId, type ReactNode } from 'react';
import { LanguageSelect } from './LanguageSelect';

export interface AuthLayoutProps {
  readonly title: string;
  readonly testId: string;
  readonly children: ReactNode;
}

export function AuthLayout({ title, testId, children }: AuthLayoutProps) {
  const { t } = useTranslation();
  const languageId = useId();
  return (
    <main className="auth">
      <div className="auth__brand">
        <span className="logo" aria-hidden="true" />
        <div>
          <p className="brand">{t('app.name')}</p>
          <p className="muted small">{t('app.tagline')}</p>
        </div>
        <div className="auth__language">
          <label className="small muted" htmlFor={languageId}>
            {t('settings.appearance.language')}
          </label>
          <LanguageSelect id={languageId} className="input auth__language-select" testId="auth-language" />
        </div>
      </div>
      <section className="card card--narrow" data-testid={testId} aria-labelledby={`${testId}-title`}>
        <h1 id={`${testId}-title`}>{title}</h1>
        {children}
      </section>
    </main>
  );
}
