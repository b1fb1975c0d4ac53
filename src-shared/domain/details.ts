// What `<entity>.get` returns for a detail page: the record (including a
// trashed one, with deletedAt set) and its related, non-deleted records (and,
// named apart, the linked records in the trash that its page must show).
// Related lists are capped (relatedLimit); the full list is `<entity>.list`
// with the matching filter, and `counts` says how many it holds (exact up to
// listCountCap, as a list's count), so the page can say "3,000" and link there. The activity timeline is paged instead: the first
// timelinePageSize activities, newest first, and the `activities.list` cursor
// to the older ones (the same query, filtered by the record, in the same
// order), so an account with thousands of activities sends one page.
import { z } from 'zod';
import { Account } from './account';
import { Activity } from './activity';
import { Cursor, ListCount } from './common';
import { Contact } from './contact';
import { Deal } from './deal';
import { PipelineStage } from './pipeline';
import { Task, TaskListItem } from './task';

/**
 * Set (true) when the record belongs to a teammate: its owner on the sync server is another user than this device's,
 * so the services refuse to change it (reason not_owner) and its page offers no edit. Left out otherwise.
 */
const ownedByTeammate = z.literal(true).optional();

/** Most related rows a detail answer carries per list. */
export const relatedLimit = 100;

/** Activities in a timeline's first page, and in each "Show older" page after it. */
export const timelinePageSize = 50;

/** A record's timeline as its detail carries it: the newest page, and where the older ones start. */
const timeline = {
  /** Newest first (occurredAt, then id, descending). */
  activities: z.array(Activity),
  /** `activities.list` cursor (default sort) to the next older page; null when there is none. */
  olderActivities: Cursor.nullable(),
};

/**
 * How many live records each capped related list holds, counted with the list query its "Show all" opens
 * (so both say the same number), no further than listCountCap.
 */
export const RelatedCounts = z.object({ contacts: ListCount, deals: ListCount, tasks: ListCount });
export type RelatedCounts = z.infer<typeof RelatedCounts>;

export const AccountDetail = z.object({
  account: Account,
  ownedByTeammate,
  contacts: z.array(Contact),
  deals: z.array(Deal),
  ...timeline,
  /** Open and in-progress tasks, soonest due first. */
  tasks: z.array(TaskListItem),
  counts: RelatedCounts,
});
export type AccountDetail = z.infer<typeof AccountDetail>;

/** An account a record names that is in the trash: enough for its page to name it and link to it. */
export const TrashedAccount = Account.pick({ id: true, name: true });
export type TrashedAccount = z.infer<typeof TrashedAccount>;

/**
 * The account a contact or deal names when it is in the trash (null when it is live,
 * unset or not held here): `account` holds a live one only, and restoring the record
 * waits on it, so its page names it. `<entity>.get` always sets it; optional so a
 * detail built elsewhere (test data) need not.
 */
const trashedAccount = TrashedAccount.nullable().optional();

export const ContactDetail = z.object({
  contact: Contact,
  ownedByTeammate,
  account: Account.nullable(),
  trashedAccount,
  deals: z.array(Deal),
  ...timeline,
  tasks: z.array(TaskListItem),
  counts: RelatedCounts.pick({ deals: true, tasks: true }),
});
export type ContactDetail = z.infer<typeof ContactDetail>;

/** A contact a record names that is in the trash: enough for its page to name it and link to it. */
export const TrashedContact = Contact.pick({ id: true, name: true });
export type TrashedContact = z.infer<typeof TrashedContact>;

export const DealDetail = z.object({
  deal: Deal,
  ownedByTeammate,
  stage: PipelineStage.nullable(),
  account: Account.nullable(),
  trashedAccount,
  /** The live contacts the deal names, in name order. */
  contacts: z.array(Contact),
  /**
   * The contacts it names that are in the trash, in name order: restoring the deal
   * waits on them, so its page names them. `deals.get` always sets it;
   * optional so a DealDetail built elsewhere (test data) need not.
   */
  trashedContacts: z.array(TrashedContact).optional(),
  ...timeline,
  tasks: z.array(TaskListItem),
  /** Its contacts are not counted: a deal names at most maxDealContacts, under relatedLimit. */
  counts: RelatedCounts.pick({ tasks: true }),
});
export type DealDetail = z.infer<typeof DealDetail>;

/** A deal a record names that is in the trash: enough for its page to name it and link to it. */
export const TrashedDeal = Deal.pick({ id: true, name: true });
export type TrashedDeal = z.infer<typeof TrashedDeal>;

/**
 * The records an activity or a task links to. `contact`, `account` and
 * `deal` hold live records only; `trashedContact`, `trashedAccount` and
 * `trashedDeal` name each one it links to that is in the trash (null when it
 * is live, unset or not held here), so its page lists it as in the trash
 * rather than as no link at all while its fields name it.
 */
export const RecordLinks = z.object({
  contact: Contact.nullable(),
  account: Account.nullable(),
  deal: Deal.nullable(),
  trashedContact: TrashedContact.nullable(),
  trashedAccount: TrashedAccount.nullable(),
  trashedDeal: TrashedDeal.nullable(),
});
export type RecordLinks = z.infer<typeof RecordLinks>;

export const ActivityDetail = RecordLinks.extend({ activity: Activity, ownedByTeammate });
export type ActivityDetail = z.infer<typeof ActivityDetail>;

export const TaskDetail = RecordLinks.extend({
  task: Task,
  ownedByTeammate,
  /**
   * Set (true) on a teammate's task assigned to this device's user: they may still set its status and move its
   * reminder (assigneeWritableTaskFields), so its page offers Mark done and those two fields. Left out otherwise.
   */
  assignedToYou: z.literal(true).optional(),
});
export type TaskDetail = z.infer<typeof TaskDetail>;
