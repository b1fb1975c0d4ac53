// Whether the record a page shows is read-only (in the trash). A record's page
// says it once (RecordPage); every part of the page that could add, log, tick
// or edit (Details card, related cards, timeline composer, header actions)
// reads it here, so a card added later offers nothing on a trashed record
// without being told to.
import { createContext, useContext } from 'react';

export const RecordReadOnly = createContext(false);

/** True on the page of a record in the trash: offer no Add, Log, edit or Done. */
export function useRecordReadOnly(): boolean {
  return useContext(RecordReadOnly);
}
