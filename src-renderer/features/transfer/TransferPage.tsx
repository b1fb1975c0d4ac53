// Import and export: the import wizard beside the export card; opened on a
// list (an empty list's Import), the import starts on that list.
import { useTranslation } from 'react-i18next';
import type { ImportKind } from '../../app/router';
import { PageHeader } from '../../ui/PageHeader';
import { ExportCard } from './ExportCard';
import { ImportWizard } from './ImportWizard';

export function TransferPage({ entity }: { readonly entity?: ImportKind | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="transfer-page">
      <PageHeader title={t('transfer.title')} />
      <div className="transfer">
        <ImportWizard initialEntity={entity === 'account' ? 'accounts' : 'contacts'} />
        <ExportCard />
      </div>
    </div>
  );
}
