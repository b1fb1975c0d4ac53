// Contacts: the people reps talk to. Each field carries a sensitivity class
// (contactSensitivity), which decides masking, search indexing and, once
// roles land, who may see it.
import { z } from 'zod';
import {
  Address,
  commonFilter,
  Deleted,
  Email,
  emptyPatchMessage,
  listQueryShape,
  LongText,
  metaSensitivity,
  nonEmptyPatch,
  pageOf,
  Phone,
  recordMeta,
  requiredText,
  Tags,
  text,
  type Sensitivity,
} from './common';
import { AccountId, ContactId, UserId } from './ids';

export const preferredChannels = ['any', 'email', 'phone', 'sms', 'meeting', 'none'] as const;
export const PreferredChannel = z.enum(preferredChannels);
export type PreferredChannel = z.infer<typeof PreferredChannel>;

export const maxEmails = 10;
export const maxPhones = 10;

/** The editable fields, without defaults: a patch takes any subset of them. */
const contactFields = {
  name: requiredText(200, 'Name'),
  title: text(200),
  accountId: AccountId.nullable(),
  /** The first address is the primary one. */
  emails: z.array(Email).max(maxEmails, `Use at most ${maxEmails} email addresses`),
  /** The first number is the primary one. */
  phones: z.array(Phone).max(maxPhones, `Use at most ${maxPhones} phone numbers`),
  address: Address,
  preferredChannel: PreferredChannel,
  tags: Tags,
  notes: LongText,
  ownerId: UserId,
};

export const ContactDraft = z
  .object({
    ...contactFields,
    title: contactFields.title.default(''),
    accountId: contactFields.accountId.default(null),
    emails: contactFields.emails.default([]),
    phones: contactFields.phones.default([]),
    address: Address.prefault({}),
    preferredChannel: PreferredChannel.default('any'),
    tags: Tags.default([]),
    notes: LongText.default(''),
    /** Defaults to the signed-in user. */
    ownerId: UserId.optional(),
  })
  .strict();
export type ContactDraft = z.infer<typeof ContactDraft>;

export const ContactPatch = z.object(contactFields).partial().strict().refine(nonEmptyPatch, emptyPatchMessage);
export type ContactPatch = z.infer<typeof ContactPatch>;

export const Contact = z.object({
  id: ContactId,
  name: z.string(),
  title: z.string(),
  accountId: AccountId.nullable(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  address: Address,
  preferredChannel: PreferredChannel,
  tags: z.array(z.string()),
  notes: z.string(),
  ...recordMeta,
});
export type Contact = z.infer<typeof Contact>;

/** Per-field sensitivity, as data: masking, search and (later) RBAC field visibility read it. */
export const contactSensitivity = {
  name: 'personal',
  title: 'internal',
  accountId: 'internal',
  emails: 'personal',
  phones: 'personal',
  address: 'personal',
  preferredChannel: 'internal',
  tags: 'internal',
  notes: 'sensitive',
  ...metaSensitivity,
} as const satisfies Record<Exclude<keyof Contact, 'id'>, Sensitivity>;

export const contactSortFields = ['name', 'createdAt', 'updatedAt'] as const;
export const ContactFilter = z
  .object({
    ...commonFilter,
    accountId: AccountId.optional(),
    /** Contacts whose account is in this territory. */
    territory: text(100).optional(),
  })
  .strict();
export const ContactListQuery = z
  .object({
    ...listQueryShape(contactSortFields, { field: 'name', direction: 'asc' }),
    filter: ContactFilter.prefault({}),
  })
  .strict();
export type ContactListQuery = z.infer<typeof ContactListQuery>;
/** The foundation's name for the contact list query. */
export const ContactQuery = ContactListQuery;
export type ContactQuery = ContactListQuery;

export const ContactPage = pageOf(Contact);
export type ContactPage = z.infer<typeof ContactPage>;

export const ContactUpdate = z.object({ id: ContactId, patch: ContactPatch }).strict();
export const ContactRef = z.object({ id: ContactId }).strict();
export const ContactDeleted = Deleted;
