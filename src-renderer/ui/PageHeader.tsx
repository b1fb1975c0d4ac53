// The title row of a page: heading, an optional subtitle and actions.
import type { ReactNode } from 'react';

export interface PageHeaderProps {
  readonly title: string;
  readonly subtitle?: ReactNode;
  readonly actions?: ReactNode;
  readonly leading?: ReactNode;
}

export function PageHeader({ title, subtitle, actions, leading }: PageHeaderProps) {
  return (
    <div className="page-header">
      {leading}
      <div className="page-header__titles">
        <h1 className="page-header__title">{title}</h1>
        {subtitle === undefined ? null : <div className="page-header__subtitle">{subtitle}</div>}
      </div>
      {actions === undefined ? null : <div className="page-header__actions">{actions}</div>}
    </div>
  );
}
