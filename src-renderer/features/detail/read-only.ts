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

/**
 * True on the page of a teammate's record (its detail's `ownedByTeammate`): the services refuse to change it, so the
 * page says so and offers no edit of its fields and no Delete. What it links to (a task, a logged activity) stays
 * open: those are other records.
 */
export const RecordOwnedByTeammate = createContext(false);

export function useRecordOwnedByTeammate(): boolean {
  return useContext(RecordOwnedByTeammate);
}
