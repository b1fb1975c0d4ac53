// The page for the current route.
import type { VaultStatus } from '../../../src-shared/ipc/contract';
import { useNavigation } from '../../app/router';
import { AccountDetailPage } from '../accounts/AccountDetailPage';
import { ActivityDetailPage } from '../activities/ActivityDetailPage';
import { ConflictsPage } from '../conflicts/ConflictsPage';
import { ContactDetailPage } from '../contacts/ContactDetailPage';
import { DealDetailPage } from '../deals/DealDetailPage';
import { ForecastView } from '../pipeline/ForecastView';
import { PipelineBoard } from '../pipeline/PipelineBoard';
import { EntityListPage } from '../records/EntityListPage';
import { SettingsPanel } from '../settings/SettingsPanel';
import { TaskDetailPage } from '../tasks/TaskDetailPage';
import { TodayView } from '../today/TodayView';
import { TransferPage } from '../transfer/TransferPage';

export function Page({ onStatus }: { readonly onStatus: (status: VaultStatus) => void }) {
  const { route } = useNavigation();
  switch (route.name) {
    case 'today':
      return <TodayView />;
    case 'list':
      return (
        <EntityListPage
          entity={route.entity}
          trash={route.trash === true}
          linked={route.linked}
          {...(route.stageIds === undefined ? {} : { stageIds: route.stageIds })}
          {...(route.tasksDue === undefined ? {} : { tasksDue: route.tasksDue })}
        />
      );
    case 'pipeline':
      return route.mode === 'board' ? <PipelineBoard /> : <ForecastView />;
    case 'transfer':
      return <TransferPage entity={route.entity} />;
    case 'settings':
      return <SettingsPanel onStatus={onStatus} />;
    case 'conflicts':
      return route.record === undefined ? <ConflictsPage key="all" /> : <ConflictsPage key={route.record.id} record={route.record} />;
    case 'detail':
      switch (route.entity) {
        case 'contact':
          return <ContactDetailPage key={route.id} id={route.id} />;
        case 'account':
          return <AccountDetailPage key={route.id} id={route.id} />;
        case 'deal':
          return <DealDetailPage key={route.id} id={route.id} />;
        case 'activity':
          return <ActivityDetailPage key={route.id} id={route.id} />;
        case 'task':
          return <TaskDetailPage key={route.id} id={route.id} />;
      }
  }
}
