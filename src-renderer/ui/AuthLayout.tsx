// The frame of the screens shown before the vault is open: product mark,
// a title and a card holding the form.
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';

export interface AuthLayoutProps {
  readonly title: string;
  readonly testId: string;
  readonly children: ReactNode;
}

export function AuthLayout({ title, testId, children }: AuthLayoutProps) {
  const { t } = useTranslation();
  return (
    <main className="auth">
      <div className="auth__brand">
        <span className="logo" aria-hidden="true" />
        <div>
          <p className="brand">{t('app.name')}</p>
          <p className="muted small">{t('app.tagline')}</p>
        </div>
      </div>
      <section className="card card--narrow" data-testid={testId} aria-labelledby={`${testId}-title`}>
        <h1 id={`${testId}-title`}>{title}</h1>
        {children}
      </section>
    </main>
  );
}
