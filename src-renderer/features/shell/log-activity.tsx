// The "l" shortcut goes to the activity composer of the contact, account or
// deal page on screen: the composer registers itself here while mounted (not
// in the trash, where a record has no composer), the shortcut calls it. A
// caller that knows the kind (the "Log the call" after a phone number was
// called) passes it, and the composer picks it.
import type { ActivityKind } from '../../../src-shared/domain/activity';
import { pageActionSlot } from './page-action';

const logActivity = pageActionSlot<ActivityKind>('log activity');

export const LogActivityProvider = logActivity.Provider;

/** The composer's "go to me" action, if a composer is on screen. */
export const useLogActivitySlot = logActivity.useSlot;

/** Registers `action` as the "l" shortcut while the calling component is mounted. */
export const useLogActivityAction = logActivity.useAction;

/** The toast a followed phone or e-mail link shows to log the call or e-mail (its composer withdraws it as it goes). */
export const logAfterLinkKey = 'log-after-link';
