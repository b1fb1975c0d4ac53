// List | Board | Forecast: the three views of deals.
import { useTranslation } from 'react-i18next';
import { useNavigation, type Route } from '../../app/router';
import { Icon, type IconName } from '../../ui/icons';

type DealsView = 'list' | 'board' | 'forecast';

const views: ReadonlyArray<{ id: DealsView; icon: IconName; route: Route }> = [
  { id: 'list', icon: 'list', route: { name: 'list', entity: 'deal' } },
  { id: 'board', icon: 'board', route: { name: 'pipeline', mode: 'board' } },
  { id: 'forecast', icon: 'chart', route: { name: 'pipeline', mode: 'forecast' } },
];

export function DealsViewSwitch({ current }: { readonly current: DealsView }) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  return (
    <div className="segmented" role="group" aria-label={t('pipeline.title')}>
      {views.map((view) => (
        <button
          key={view.id}
          type="button"
          aria-pressed={current === view.id}
          data-testid={`deals-view-${view.id}`}
          onClick={() => navigate(view.route)}
        >
          <Icon name={view.icon} size={14} />
          {t(`pipeline.${view.id}`)}
        </button>
      ))}
    </div>
  );
}
