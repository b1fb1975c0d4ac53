// The "n" shortcut creates a record in whatever list is on screen: the list
// registers its "new" action here while mounted, the shortcut calls it.
import { pageActionSlot } from './page-action';

const newRecord = pageActionSlot('new record');

export const NewRecordProvider = newRecord.Provider;

/** The action registered by the list on screen, if any. */
export const useNewRecordSlot = newRecord.useSlot;

/** Registers `action` as the "n" shortcut while the calling component is mounted. */
export const useNewRecordAction = newRecord.useAction;
