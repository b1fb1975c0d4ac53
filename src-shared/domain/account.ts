// Accounts: the companies reps sell to.
import { z } from 'zod';
import {
  Address,
  commonFilter,
  Deleted,
  emptyPatchMessage,
  listQueryShape,
  metaSensitivity,
  nonEmptyPatch,
  pageOf,
  recordMeta,
  requiredText,
  Tags,
  text,
  type Sensitivity,
} from './common';
import { AccountId, UserId } from './ids';

export const Website = z.union([
  z.literal(''),
  z.url({ protocol: /^https?$/, error: 'Use a web address starting with http:// or https://' }).max(2048, 'Use at most 2048 characters'),
]);

/** The editable fields, without defaults: a patch takes any subset of them. */
const accountFields = {
  name: requiredText(200, 'Name'),
  industry: text(100),
  website: Website,
  address: Address,
  territory: text(100),
  tags: Tags,
  ownerId: UserId,
};

export const AccountDraft = z
  .object({
    ...accountFields,
    industry: accountFields.industry.default(''),
    website: Website.default(''),
    address: Address.prefault({}),
    territory: accountFields.territory.default(''),
    tags: Tags.default([]),
    /** Defaults to the signed-in user. */
    ownerId: UserId.optional(),
  })
  .strict();
export type AccountDraft = z.infer<typeof AccountDraft>;

export const AccountPatch = z.object(accountFields).partial().strict().refine(nonEmptyPatch, emptyPatchMessage);
export type AccountPatch = z.infer<typeof AccountPatch>;

export const Account = z.object({
  id: AccountId,
  name: z.string(),
  industry: z.string(),
  website: z.string(),
  address: Address,
  territory: z.string(),
  tags: z.array(z.string()),
  ...recordMeta,
});
export type Account = z.infer<typeof Account>;

export const accountSensitivity = {
  name: 'public',
  industry: 'public',
  website: 'public',
  address: 'internal',
  territory: 'internal',
  tags: 'internal',
  ...metaSensitivity,
} as const satisfies Record<Exclude<keyof Account, 'id'>, Sensitivity>;

export const accountSortFields = ['name', 'territory', 'createdAt', 'updatedAt'] as const;
export const AccountFilter = z
  .object({
    ...commonFilter,
    territory: text(100).optional(),
    industry: text(100).optional(),
  })
  .strict();
export const AccountListQuery = z
  .object({
    ...listQueryShape(accountSortFields, { field: 'name', direction: 'asc' }),
    filter: AccountFilter.prefault({}),
  })
  .strict();
export type AccountListQuery = z.infer<typeof AccountListQuery>;

export const AccountPage = pageOf(Account);
export type AccountPage = z.infer<typeof AccountPage>;

export const AccountUpdate = z.object({ id: AccountId, patch: AccountPatch }).strict();
export const AccountRef = z.object({ id: AccountId }).strict();
export const AccountDeleted = Deleted;
