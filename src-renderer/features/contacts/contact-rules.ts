// The rules over a contact's fields together that its forms (the "New contact"
// dialog, the inline edits of its page) enforce before anything is sent: the
// preferred channel needs somewhere to reach the contact (Email an address,
// Phone or SMS a number), and no address or number is entered twice (an
// e-mail address in other case, a number with other separators). Only an
// edit of the fields a rule reads is checked against it, so a contact that
// already breaks it (synced, imported) still takes edits of its other fields.
// The main process does not enforce them: imports merge repeats silently
// (transfer/duplicate-keys.ts), and synced records may hold either.
import type { ContactPatch, PreferredChannel } from '../../../src-shared/domain/contact';
import type { FieldErrors } from '../../ui/form-errors';
import type { Words } from '../../ui/words';

export type ContactRuleField = 'emails' | 'phones' | 'preferredChannel';

export interface ContactReach {
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly preferredChannel: PreferredChannel;
}

/** What two e-mail addresses that are the same address share: case does not tell them apart. */
export function emailEntryKey(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

/** What two phone numbers written with other separators share ("+49 30 1234-5", "+49 (30) 12345"). */
export function phoneEntryKey(phone: string): string {
  return phone
    .normalize('NFKC')
    .replace(/[\s\-.()/\u2010-\u2015]/gu, '')
    .toLowerCase();
}

/** The first entry equal (by `key`) to an earlier one, as words naming both (counted from 1); undefined when none. */
export function repeatedEntry(entries: readonly string[], key: (entry: string) => string): Words | undefined {
  const firstAt = new Map<string, number>();
  for (const [index, entry] of entries.entries()) {
    const folded = key(entry);
    const first = firstAt.get(folded);
    if (first !== undefined) return { key: 'validation.repeatsEntry', params: { entry: index + 1, first: first + 1 } };
    firstAt.set(folded, index);
  }
  return undefined;
}

const channelNeeds: Partial<Record<PreferredChannel, 'emails' | 'phones'>> = { email: 'emails', phone: 'phones', sms: 'phones' };

/**
 * The contact's problems under these rules, by field, for the fields in `changed` (a new contact: all of them).
 * A channel left without its address or number is said under the list when that changed (it was emptied),
 * else under the channel (it was chosen).
 */
export function contactProblems(contact: ContactReach, changed: ReadonlySet<string>): FieldErrors<ContactRuleField> {
  const problems: FieldErrors<ContactRuleField> = {};
  const emails = changed.has('emails') ? repeatedEntry(contact.emails, emailEntryKey) : undefined;
  if (emails !== undefined) problems.emails = emails;
  const phones = changed.has('phones') ? repeatedEntry(contact.phones, phoneEntryKey) : undefined;
  if (phones !== undefined) problems.phones = phones;
  const list = channelNeeds[contact.preferredChannel];
  if (list === undefined || contact[list].length > 0) return problems;
  const at = changed.has(list) ? list : changed.has('preferredChannel') ? 'preferredChannel' : undefined;
  if (at === undefined) return problems;
  const channel: Words = { key: `channel.${contact.preferredChannel}` };
  problems[at] ??= list === 'emails' ? { key: 'validation.channelNeedsEmail', params: { channel } } : { key: 'validation.channelNeedsPhone', params: { channel } };
  return problems;
}

/** The refusal of an inline edit of `contact` (the parsed patch of one field): the problem of the field it changes. */
export function refuseContactPatch(contact: ContactReach, patch: ContactPatch): Words | undefined {
  const merged: ContactReach = { ...contact, ...patch };
  const problems = contactProblems(merged, new Set(Object.keys(patch)));
  return Object.values(problems).find((words) => words !== undefined);
}
