// The filter bar's chip for a list filtered to one record's linked records
// (opened from a detail page's "Show all": "Account: Acme Corp"), so the user
// sees why the list is short; its × takes that filter off (the focus goes to
// the Filter button beside it). The filter panel has no control for it, and
// "Clear filters" clears it with the others.
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../ui/icons';
import type { FilterState } from './list-state';
import { useRecordName } from './names';

type LinkField = 'accountId' | 'contactId' | 'dealId';
type LinkKind = 'account' | 'contact' | 'deal';
const linkFields: readonly { readonly field: LinkField; readonly kind: LinkKind }[] = [
  { field: 'accountId', kind: 'account' },
  { field: 'contactId', kind: 'contact' },
  { field: 'dealId', kind: 'deal' },
];

export function LinkedFilter({ filter, onClear, focusAfter }: { readonly filter: FilterState; readonly onClear: (field: LinkField) => void; readonly focusAfter: RefObject<HTMLElement | null> }) {
  return (
    <>
      {linkFields.map(({ field, kind }) =>
        filter[field] === '' ? null : (
          <LinkedChip
            key={field}
            kind={kind}
            id={filter[field]}
            onClear={() => {
              focusAfter.current?.focus();
              onClear(field);
            }}
          />
        ),
      )}
    </>
  );
}

function LinkedChip({ kind, id, onClear }: { readonly kind: LinkKind; readonly id: string; readonly onClear: () => void }) {
  const { t } = useTranslation();
  const known = useRecordName(kind, id);
  const name = known === null || known === undefined || known === '' ? t('filter.unnamedRecord') : known;
  const label = t(`filter.linked.${kind}`, { name });
  return (
    <span className="chip linked-filter" data-testid={`linked-filter-${kind}`}>
      <span className="truncate">{label}</span>
      <button type="button" className="linked-filter__clear" aria-label={t(`filter.removeLinked.${kind}`, { name })} title={t(`filter.removeLinked.${kind}`, { name })} onClick={onClear} data-testid="linked-filter-clear">
        <Icon name="close" size={12} />
      </button>
    </span>
  );
}
