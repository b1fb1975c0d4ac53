// List | Board | Forecast: the three views of deals, a radio group
// (ui/RadioGroup.tsx). Each view is its own page, so choosing one (a click
// or an arrow key) opens that page and the focus goes to the switch there.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigation, type Route } from '../../app/router';
import { Icon, type IconName } from '../../ui/icons';
import { RadioGroup } from '../../ui/RadioGroup';

type DealsView = 'list' | 'board' | 'forecast';

const views: ReadonlyArray<{ id: DealsView; icon: IconName; route: Route }> = [
  { id: 'list', icon: 'list', route: { name: 'list', entity: 'deal' } },
  { id: 'board', icon: 'board', route: { name: 'pipeline', mode: 'board' } },
  { id: 'forecast', icon: 'chart', route: { name: 'pipeline', mode: 'forecast' } },
];

// The view just chosen in a switch: the switch on that view's page takes the focus when it shows.
let chosen: DealsView | null = null;

export function DealsViewSwitch({ current }: { readonly current: DealsView }) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const focusOnMount = chosen === current;
  // After the group's own effect (a child's runs first) has taken the focus.
  useEffect(() => {
    chosen = null;
  }, []);
  const options = views.map((view) => ({
    value: view.id,
    testId: `deals-view-${view.id}`,
    label: (
      <>
        <Icon name={view.icon} size={14} />
        {t(`pipeline.${view.id}`)}
      </>
    ),
  }));
  return (
    <RadioGroup
      options={options}
      value={current}
      onChange={(id) => {
        const view = views.find((v) => v.id === id);
        if (view === undefined || id === current) return;
        chosen = id;
        navigate(view.route);
      }}
      name={{ label: t('pipeline.title') }}
      className="segmented"
      focusOnMount={focusOnMount}
    />
  );
}
