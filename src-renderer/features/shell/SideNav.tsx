// The left navigation: the sections of the CRM, with the current one marked
// (aria-current) and its "g" shortcut shown as a hint on hover, after the
// section's name: below 900 px only the icons show, and the name stays the
// button's accessible name and its tooltip.
import { useTranslation } from 'react-i18next';
import { sectionOf, sectionRoutes, useNavigation, type Section } from '../../app/router';
import { Icon, type IconName } from '../../ui/icons';

interface Item {
  readonly section: Section;
  readonly icon: IconName;
  readonly keys?: string;
}

const main: readonly Item[] = [
  { section: 'today', icon: 'today', keys: 'G T' },
  { section: 'contacts', icon: 'contact', keys: 'G C' },
  { section: 'accounts', icon: 'account', keys: 'G A' },
  { section: 'deals', icon: 'deal', keys: 'G D' },
  { section: 'activities', icon: 'activity', keys: 'G V' },
  { section: 'tasks', icon: 'task', keys: 'G K' },
];

const secondary: readonly Item[] = [
  { section: 'transfer', icon: 'transfer' },
  { section: 'settings', icon: 'settings', keys: 'G S' },
];

export function SideNav() {
  const { t } = useTranslation();
  const { route, navigate } = useNavigation();
  const current = sectionOf(route);

  const render = (item: Item) => (
    <li key={item.section}>
      <button
        type="button"
        className="sidenav__item"
        aria-current={current === item.section ? 'page' : undefined}
        data-testid={`nav-${item.section}`}
        title={item.keys === undefined ? t(`nav.${item.section}`) : t('nav.withKeys', { name: t(`nav.${item.section}`), keys: item.keys })}
        onClick={() => navigate(sectionRoutes[item.section])}
      >
        <Icon name={item.icon} />
        <span>{t(`nav.${item.section}`)}</span>
      </button>
    </li>
  );

  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <span className="logo" aria-hidden="true" />
        <span className="brand">{t('app.name')}</span>
      </div>
      <nav className="sidenav" aria-label={t('nav.label')}>
        <ul>{main.map(render)}</ul>
        <ul className="sidenav__secondary">{secondary.map(render)}</ul>
      </nav>
    </aside>
  );
}
