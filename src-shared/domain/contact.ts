// The contact record as the foundation stores it. The CRM issue extends this
// with accounts, owners, per-field sensitivity and sync metadata.
import { z } from 'zod';
import { ContactId } from './ids';

/** Trimmed text with a hard upper bound so no input can exhaust memory. */
const text = (max: number) => z.string().trim().max(max);

export const ContactDraft = z
  .object({
    name: text(200).min(1, 'Name is required'),
    email: z.union([z.literal(''), z.string().trim().max(320).email('Not a valid email address')]).default(''),
    phone: text(50).default(''),
    notes: text(100_000).default(''),
  })
  .strict();
export type ContactDraft = z.infer<typeof ContactDraft>;

export const Contact = z.object({
  id: ContactId,
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  notes: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Contact = z.infer<typeof Contact>;

export const ContactQuery = z
  .object({
    limit: z.number().int().min(1).max(500).default(50),
    /** Keyset cursor: the last row's (name, id) of the previous page. */
    after: z.object({ name: z.string().max(200), id: ContactId }).strict().optional(),
  })
  .strict();
export type ContactQuery = z.infer<typeof ContactQuery>;

export const ContactPage = z.object({
  items: z.array(Contact),
  next: z.object({ name: z.string(), id: ContactId }).nullable(),
});
export type ContactPage = z.infer<typeof ContactPage>;
