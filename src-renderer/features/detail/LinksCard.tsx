// The records an activity or task is linked to, as links; one in the trash
// (named by the detail apart from the live ones) is marked so, as its fields
// still name it.
import { useTranslation } from 'react-i18next';
import type { RecordLinks } from '../../../src-shared/domain/details';
import { useNavigation } from '../../app/router';
import { Icon } from '../../ui/icons';

export interface LinksCardProps {
  /** The activity's or task's detail: its live links and, named apart, those in the trash. */
  readonly links: RecordLinks;
}

interface Named {
  readonly id: string;
  readonly name: string;
}

type LinkKind = 'contact' | 'account' | 'deal';

function linkRow(kind: LinkKind, label: string, live: Named | null, trashed: Named | null) {
  const record = live ?? trashed ?? null;
  return record === null ? null : { kind, id: record.id, name: record.name, label, trashed: live === null };
}

export function LinksCard({ links }: LinksCardProps) {
  const { contact, account, deal, trashedContact, trashedAccount, trashedDeal } = links;
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const rows = [
    linkRow('contact', t('field.contact'), contact, trashedContact),
    linkRow('account', t('field.account'), account, trashedAccount),
    linkRow('deal', t('field.deal'), deal, trashedDeal),
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
            <li key={row.id} className="related-list__item" data-testid={`links-card-${row.kind}`}>
              <Icon name={row.kind} size={16} />
              <button type="button" className="related-list__link" onClick={() => navigate({ name: 'detail', entity: row.kind, id: row.id })}>
                <span className="truncate related-list__primary" dir="auto">{row.name}</span>
                <span className="faint small">
                  {row.label}
                  {row.trashed ? (
                    <>
                      {' · '}
                      <span data-testid="links-card-in-trash">{t('trashed')}</span>
                    </>
                  ) : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
