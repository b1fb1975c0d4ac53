// Who this device writes as and the names it knows (the user directory the
// sync server sent, `session.user`'s people), for every screen that names a
// record's owner or a task's assignee: the lists' Owner filter and column, the
// detail pages. Asked once when the workspace opens and again whenever sync
// says the directory changed (sync.didApplyChanges with people: true), so a
// rename shows everywhere at once. Dropped with the workspace on lock. A
// failed ask is kept (`failure`) for the screens that cannot go on without
// the user, which show it with Try again (`reload`).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import type { Column } from './list-spec';
import { ownerLabel, peopleNames, type PeopleNames } from './owner-options';

interface Known {
  /** The user this device writes as; null until known. */
  readonly me: string | null;
  readonly names: PeopleNames;
}

export interface People extends Known {
  /** Why the last ask failed; null once it answers, and while an ask runs after Try again. */
  readonly failure: unknown;
  /** Asks again (Try again): `failure` is null until this ask answers or fails. */
  readonly reload: () => void;
}

const unknown: Known = { me: null, names: new Map() };
const PeopleContext = createContext<People>({ ...unknown, failure: null, reload: () => undefined });

export function PeopleProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi();
  const [known, setKnown] = useState<Known>(unknown);
  const [failure, setFailure] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => {
    setFailure(null);
    setVersion((current) => current + 1);
  }, []);

  useEffect(
    () =>
      api.on('sync.didApplyChanges', ({ people: changed }) => {
        if (changed === true) setVersion((current) => current + 1);
      }),
    [api],
  );

  useEffect(() => {
    let live = true;
    api.invoke('session.user', {}).then(
      ({ userId, people: directory }) => {
        if (!live) return;
        setKnown({ me: userId, names: peopleNames(directory) });
        setFailure(null);
      },
      // Until it answers, everyone reads as a short id label; what an earlier ask told stays.
      (error: unknown) => {
        if (live) setFailure(error);
      },
    );
    return () => {
      live = false;
    };
  }, [api, version]);

  const people = useMemo<People>(() => ({ ...known, failure, reload }), [known, failure, reload]);
  return <PeopleContext.Provider value={people}>{children}</PeopleContext.Provider>;
}

export function usePeople(): People {
  return useContext(PeopleContext);
}

/** A user named as the Owner filter names them ("Me", a name, "User 5f6a7b"), in the UI's language. */
export function PersonName({ id }: { readonly id: string }) {
  // Subscribes to language changes: the labels come from i18n.
  useTranslation();
  const { me, names } = usePeople();
  return <span className="truncate" dir="auto">{ownerLabel(id, me, names)}</span>;
}

/**
 * The lists' Owner column, on every list: the first to go when a list is
 * narrow (dropOrder 0, see fit-columns.ts), so it shows where there is room
 * (from about 1440 px: at 1280 px the tasks' titles and activities' subjects
 * take its room) and never pushes out another column.
 */
export const ownerColumn: Column<{ readonly ownerId: string }> = {
  id: 'owner',
  label: 'field.owner',
  width: 'minmax(8rem, 1fr)',
  dropOrder: 0,
  render: (row) => <PersonName id={row.ownerId} />,
};
