// The import preview over a sync that takes records away. In update mode a
// row names the record it would update and shows that record's values (what
// the update would change). A sync that erases or evicts that record (or
// deletes or trashes it elsewhere) made the preview go on showing its name
// and values, as the match, until the preview was asked again. Now, when
// `sync.didApplyChanges` names records the preview's rows match (or names too
// many to say), `records.names` is asked which of them are gone; those rows
// lose the record at once (withoutRecords: its name and values leave the
// page) and the wizard asks the preview again, which says what each row
// becomes now.
import { useEffect, useRef } from 'react';
import type { ImportEntity, ImportPreview } from '../../../src-shared/transfer/import';
import { useApi } from '../../app/api-context';
import { goneOf } from '../records/useSyncedOut';

/** The records the preview's rows would update, by id. */
function matchedIds(preview: ImportPreview): string[] {
  return [...new Set(preview.rows.flatMap((row) => (row.record === null ? [] : [row.record.id])))];
}

/** The preview without the records in `gone`: their rows still say they update a record, but name none. */
export function withoutRecords(preview: ImportPreview, gone: ReadonlySet<string>): ImportPreview {
  return { ...preview, rows: preview.rows.map((row) => (row.record !== null && gone.has(row.record.id) ? { ...row, record: null } : row)) };
}

/** Calls `gone` with the records the preview matched that a sync took away (the preview shown, if any, is `preview`). */
export function usePreviewSyncedOut(entity: ImportEntity, preview: ImportPreview | null, gone: (ids: ReadonlySet<string>) => void): void {
  const api = useApi();
  // Read at the event: the listener stays one while the preview and the wizard's state change.
  const shown = useRef(preview);
  shown.current = preview;
  const onGone = useRef(gone);
  onGone.current = gone;
  useEffect(
    () =>
      api.on('sync.didApplyChanges', ({ entities, ids }) => {
        if (!entities.includes(entity) || shown.current === null) return;
        const matched = matchedIds(shown.current);
        const named = ids[entity];
        // Undefined: none of the entity named by id; null: too many to name, so any may be gone.
        if (named === undefined) return;
        const candidates = named === null ? matched : matched.filter((id) => named.includes(id));
        if (candidates.length === 0) return;
        goneOf(api, entity, candidates, false).then(
          (away) => {
            // Only those still shown: a preview asked since may match other records.
            const held = new Set(shown.current === null ? [] : matchedIds(shown.current));
            const still = new Set([...away].filter((id) => held.has(id)));
            if (still.size > 0) onGone.current(still);
          },
          // Not asked (the vault locked meanwhile): the preview stays until asked again, as before.
          () => undefined,
        );
      }),
    [api, entity],
  );
}
