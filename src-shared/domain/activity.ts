// Activities: calls, meetings, emails and notes, each linked to a contact,
// an account and/or a deal; they form the timeline on detail pages.
import { z } from 'zod';
import {
  commonFilter,
  Deleted,
  emptyPatchMessage,
  listQueryShape,
  LongText,
  metaSensitivity,
  nonEmptyPatch,
  pageOf,
  recordMeta,
  Tags,
  text,
  TimeRange,
  Timestamp,
  type Sensitivity,
} from './common';
import { AccountId, ActivityId, ContactId, DealId, UserId } from './ids';

export const activityKinds = ['call', 'meeting', 'email', 'note'] as const;
export const ActivityKind = z.enum(activityKinds);
export type ActivityKind = z.infer<typeof ActivityKind>;

/** One week: longer is a typing mistake. */
export const maxDurationMinutes = 7 * 24 * 60;

/** The editable fields, without defaults: a patch takes any subset of them. */
const activityFields = {
  kind: ActivityKind,
  subject: text(200),
  contactId: ContactId.nullable(),
  accountId: AccountId.nullable(),
  dealId: DealId.nullable(),
  occurredAt: Timestamp,
  durationMinutes: z
    .number({ error: 'Expected minutes' })
    // The bounds before .int(), whose own safe-integer bounds otherwise come first ("at most 9,007,199,254,740,991").
    .min(0, 'A duration cannot be negative')
    .max(maxDurationMinutes, 'A duration cannot exceed one week')
    .int('Use whole minutes'),
  outcome: text(500),
  body: LongText,
  tags: Tags,
  ownerId: UserId,
};

export const ActivityDraft = z
  .object({
    ...activityFields,
    subject: activityFields.subject.default(''),
    contactId: activityFields.contactId.default(null),
    accountId: activityFields.accountId.default(null),
    dealId: activityFields.dealId.default(null),
    durationMinutes: activityFields.durationMinutes.default(0),
    outcome: activityFields.outcome.default(''),
    body: LongText.default(''),
    tags: Tags.default([]),
    /** Defaults to the signed-in user. */
    ownerId: UserId.optional(),
  })
  .strict();
export type ActivityDraft = z.infer<typeof ActivityDraft>;

export const ActivityPatch = z.object(activityFields).partial().strict().refine(nonEmptyPatch, emptyPatchMessage);
export type ActivityPatch = z.infer<typeof ActivityPatch>;

export const Activity = z.object({
  id: ActivityId,
  kind: ActivityKind,
  subject: z.string(),
  contactId: ContactId.nullable(),
  accountId: AccountId.nullable(),
  dealId: DealId.nullable(),
  occurredAt: Timestamp,
  durationMinutes: z.number().int().nonnegative(),
  outcome: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  ...recordMeta,
});
export type Activity = z.infer<typeof Activity>;

export const activitySensitivity = {
  kind: 'internal',
  subject: 'internal',
  contactId: 'internal',
  accountId: 'internal',
  dealId: 'internal',
  occurredAt: 'internal',
  durationMinutes: 'internal',
  outcome: 'internal',
  body: 'sensitive',
  tags: 'internal',
  ...metaSensitivity,
} as const satisfies Record<Exclude<keyof Activity, 'id'>, Sensitivity>;

export const activitySortFields = ['occurredAt', 'createdAt', 'updatedAt'] as const;
export const ActivityFilter = z
  .object({
    ...commonFilter,
    kinds: z.array(ActivityKind).min(1).max(4).optional(),
    contactId: ContactId.optional(),
    accountId: AccountId.optional(),
    dealId: DealId.optional(),
    occurredAt: TimeRange.optional(),
  })
  .strict();
export const ActivityListQuery = z
  .object({
    ...listQueryShape(activitySortFields, { field: 'occurredAt', direction: 'desc' }),
    filter: ActivityFilter.prefault({}),
  })
  .strict();
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;

export const ActivityPage = pageOf(Activity);
export type ActivityPage = z.infer<typeof ActivityPage>;

export const ActivityUpdate = z.object({ id: ActivityId, patch: ActivityPatch }).strict();
export const ActivityRef = z.object({ id: ActivityId }).strict();
export const ActivityDeleted = Deleted;
