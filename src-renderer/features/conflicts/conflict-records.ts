// The records the conflicts under review concern, read with the CRM's own
// `<entity>.get` (once per record while the review is open): their names
// for the review's headings and links, and their values, which a value needs
// to read as on the detail page (a deal's amount needs its currency). A
// record this device no longer holds is `gone`. A record whose conflicts
// left the review (resolved, or its record erased or evicted by a sync, which
// takes its conflicts with it) is forgotten at once: before, its values
// stayed in the page's memory until the page closed.
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../../app/api-context';
import type { EntityKind } from '../../app/router';
import { loadRecord, type LoadedRecord } from '../records/load-record';
import { useMounted } from '../../ui/useMounted';
import { useNameCache } from '../records/names';

/** Per record id: undefined while it loads, 'gone' when it cannot be read. */
export type ConflictRecords = ReadonlyMap<string, LoadedRecord | 'gone'>;

/** `records` without those no conflict under review concerns now (the same map when there are none). */
export function onlyWanted(records: ConflictRecords, ids: ReadonlySet<string>): ConflictRecords {
  if ([...records.keys()].every((id) => ids.has(id))) return records;
  return new Map([...records].filter(([id]) => ids.has(id)));
}

/**
 * Loads each record of `wanted` not loaded yet; `version` changing (a sync
 * ended, a conflict was resolved) reads them again, as their values may have
 * changed.
 */
export function useConflictRecords(wanted: readonly { readonly kind: EntityKind; readonly id: string }[], version: number): ConflictRecords {
  const api = useApi();
  const names = useNameCache();
  const [records, setRecords] = useState<ConflictRecords>(new Map());
  /** The version each record was last asked for at. */
  const asked = useRef(new Map<string, number>());
  const mounted = useMounted();
  /** The records the review wants now: an answer for one it no longer wants is dropped. */
  const wantedIds = useRef<ReadonlySet<string>>(new Set());

  useEffect(() => {
    const ids = new Set(wanted.map(({ id }) => id));
    wantedIds.current = ids;
    setRecords((current) => onlyWanted(current, ids));
    for (const id of [...asked.current.keys()]) if (!ids.has(id)) asked.current.delete(id);
    for (const { kind, id } of wanted) {
      if (asked.current.get(id) === version) continue;
      asked.current.set(id, version);
      loadRecord(api, kind, id).then(
        (record) => {
          names.learn(id, record.name);
          if (mounted.current && wantedIds.current.has(id)) setRecords((current) => new Map(current).set(id, record));
        },
        () => {
          if (mounted.current && wantedIds.current.has(id)) setRecords((current) => new Map(current).set(id, 'gone'));
        },
      );
    }
  }, [api, names, wanted, version]);

  return records;
}
