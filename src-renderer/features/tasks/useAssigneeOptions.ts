// Who a task can be given to, in its form and on its page: the people this
// device can name, as the Owner filter and the selection bar's "Assign…" name
// them (owner-options.ts): the user first, and the task's assignee even when
// the directory does not name them (the select holds what it shows).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SelectOption } from '../records/fields';
import { ownerOptions } from '../records/owner-options';
import { usePeople } from '../records/people';

export function useAssigneeOptions(current?: string): readonly SelectOption[] {
  // The labels ("Me", "User 5f6a7b") are in the UI's language: read anew when it changes.
  const { i18n } = useTranslation();
  const { me, names } = usePeople();
  const language = i18n.language;
  return useMemo(() => {
    const ids = [...(me === null ? [] : [me]), ...names.keys(), ...(current === undefined ? [] : [current])];
    return ownerOptions(ids, me, names).map(({ value, label }) => ({ value, label: { text: label } }));
  }, [me, names, current, language]);
}
