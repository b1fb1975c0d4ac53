// What a new record, or an existing one being edited, may duplicate
// (`<entity>.lookAlikes`): the keys typed in its form or inline editor, and
// the live records sharing one, each with the kind of key it shares (the
// import's DuplicateKind).
import { z } from 'zod';
import { DuplicateKind } from '../ipc/reasons';

/** How many records `<entity>.lookAlikes` names at most. */
export const lookAlikesShown = 5;
/**
 * A record's keys as typed (`<entity>.lookAlikes`): an account's name; a contact's email addresses
 * and phone numbers (its name is no key: two people may share one); a deal's name with its account
 * (`accountId`, null or absent for a deal of no account: the same name at another account is
 * another deal). `except`: the record being edited, which shares its own keys and is not named.
 */
export const LookAlikeQuery = z
  .object({
    name: z.string().max(500).default(''),
    emails: z.array(z.string().max(320)).max(10).default([]),
    phones: z.array(z.string().max(64)).max(10).default([]),
    accountId: z.string().uuid().nullable().optional(),
    except: z.string().uuid().optional(),
  })
  .strict();
export type LookAlikeQuery = z.infer<typeof LookAlikeQuery>;
/** Live records that share a key with the typed one, as an import would call them duplicates: each named, with the key it shares. */
export const LookAlikes = z.object({
  records: z.array(z.object({ id: z.string(), name: z.string(), by: DuplicateKind })).max(lookAlikesShown),
});
export type LookAlikes = z.infer<typeof LookAlikes>;
