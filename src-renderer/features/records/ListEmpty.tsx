// What an empty list says and offers (list-state's emptyKindOf picks which):
// the trash's own "empty" (only when nothing filters it: a filtered trash says
// "nothing matches these filters", and Clear filters keeps the trash shown),
// "nothing matches these filters", or the entity's "no contacts yet" with
// New. A list that shows every record may be empty
// only because its records are in the trash (the rep deleted the last of
// them, or all of them from the selection bar): "No contacts yet" would read
// as data lost, so such a list asks the trash for its count and, when it
// holds any, says "All contacts are in the trash" with Open trash beside New.
// The count is the list's own `<entity>.count` on the trash side: it walks
// the trash's partial index and stops past listCountCap, reads no record,
// and runs only while the empty state is shown. An empty Contacts or Accounts
// list with no filter (a new vault) also offers Import beside New, opening
// Import and export on that list (the import starting on Contacts or
// Accounts): its text suggests importing, and the page is where that is.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import { useNavigation, type EntityKind, type ImportKind } from '../../app/router';
import { Icon } from '../../ui/icons';
import { Empty } from '../../ui/States';
import type { ListSpec } from './list-spec';
import { countActiveFilters, emptyKindOf, type ListState } from './list-state';
import { useListCount } from './useListCount';

export interface ListEmptyProps<Row extends { readonly id: string }> {
  readonly spec: ListSpec<Row>;
  readonly state: ListState;
  /** The list's window (one query or a reload of it): the trash is counted again for each. */
  readonly listKey: object;
  readonly onNew: () => void;
  readonly onOpenTrash: () => void;
}

export function ListEmpty<Row extends { readonly id: string }>({ spec, state, listKey, onNew, onOpenTrash }: ListEmptyProps<Row>) {
  const { t } = useTranslation();
  const api = useApi();
  const { navigate } = useNavigation();
  const entity = spec.entity;
  const kind = emptyKindOf(state, spec.defaultState);
  // Only a list with no filter at all shows every live record: "Open deals" may be empty while won deals are not.
  const showsEverything = kind !== 'trash' && countActiveFilters(state.filter) === 0;
  const trashRequest = useMemo(() => (showsEverything ? spec.exportRequest({ ...state, deleted: 'only' }) : null), [spec, state, showsEverything]);
  const trashed = useListCount(api, trashRequest, listKey, trashRequest !== null);
  // Until the trash answers, say nothing rather than "No contacts yet" for a moment; unanswerable, say what the list says.
  if (trashRequest !== null && trashed === undefined) return null;

  const newButton = (tone: 'primary' | 'secondary') => (
    <button type="button" className={`button button--${tone}`} onClick={onNew}>
      <Icon name="plus" size={16} />
      {t(`entity.${entity}.new`)}
    </button>
  );
  if (trashed !== null && trashed !== undefined && trashed.count > 0) {
    return (
      <Empty
        icon="trash"
        title={t(`list.emptyTrashed.${entity}.title`)}
        body={t(`list.emptyTrashed.${entity}.body`)}
        testId="list-empty"
        action={
          <>
            <button type="button" className="button button--primary" data-testid="list-empty-open-trash" onClick={onOpenTrash}>
              <Icon name="trash" size={16} />
              {t('list.openTrash')}
            </button>
            {newButton('secondary')}
          </>
        }
      />
    );
  }

  const emptyKind = kind === 'entity' || kind === 'everything' ? entity : kind;
  // A list that opens on open records says so when it is empty; shown every record, it has none at all.
  const text =
    kind === 'everything' && (entity === 'deal' || entity === 'task')
      ? { title: t(`list.emptyAll.${entity}.title`), body: t(`list.emptyAll.${entity}.body`) }
      : { title: t(`list.empty.${emptyKind}.title`), body: t(`list.empty.${emptyKind}.body`) };
  return (
    <Empty
      icon={kind === 'trash' ? 'trash' : kind === 'filtered' ? 'filter' : 'list'}
      title={text.title}
      body={text.body}
      testId="list-empty"
      action={
        emptyKind !== entity ? undefined : (
          <>
            {newButton('primary')}
            {showsEverything && importable(entity) ? (
              <button type="button" className="button button--secondary" data-testid="list-empty-import" onClick={() => navigate({ name: 'transfer', entity })}>
                <Icon name="transfer" size={16} />
                {t(`list.importEntity.${entity}`)}
              </button>
            ) : null}
          </>
        )
      }
    />
  );
}

/** The entities Import and export reads from a file. */
function importable(entity: EntityKind): entity is ImportKind {
  return entity === 'contact' || entity === 'account';
}
