// Import and export: the import wizard beside the export card.
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader';
import { ExportCard } from './ExportCard';
import { ImportWizard } from './ImportWizard';

export function TransferPage() {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="transfer-page">
      <PageHeader title={t('transfer.title')} />
      <div className="transfer">
        <ImportWizard />
        <ExportCard />
      </div>
    </div>
  );
}
