// The records an activity or task is linked to, as links.
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../src-shared/domain/account';
import type { Contact } from '../../../src-shared/domain/contact';
import type { Deal } from '../../../src-shared/domain/deal';
import { useNavigation } from '../../app/router';
import { Icon } from '../../ui/icons';

export interface LinksCardProps {
  readonly contact: Contact | null;
  readonly account: Account | null;
  readonly deal: Deal | null;
}

export function LinksCard({ contact, account, deal }: LinksCardProps) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const rows = [
    contact === null ? null : { kind: 'contact' as const, id: contact.id, name: contact.name, label: t('field.contact') },
    account === null ? null : { kind: 'account' as const, id: account.id, name: account.name, label: t('field.account') },
    deal === null ? null : { kind: 'deal' as const, id: deal.id, name: deal.name, label: t('field.deal') },
  ].filter((row) => row !== null);
  return (
    <section className="card related-card" data-testid="links-card">
      <div className="card__header">
        <h2>{t('field.related')}</h2>
      </div>
      {rows.length === 0 ? (
        <p className="faint small">{t('detail.relatedEmpty')}</p>
      ) : (
        <ul className="related-list">
          {rows.map((row) => (
            <li key={row.id} className="related-list__item">
              <Icon name={row.kind} size={16} />
              <button type="button" className="related-list__link" onClick={() => navigate({ name: 'detail', entity: row.kind, id: row.id })}>
                <span className="truncate related-list__primary">{row.name}</span>
                <span className="faint small">{row.label}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
