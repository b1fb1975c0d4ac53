// What each entity makes searchable, in one place: migration 0003 indexes the
// records that existed before the index with these, and the CRM entity tables
// (src-main/services/crm/*.repo.ts, searchTexts) index the same fields on
// every create and update. texts[0] is the name (weighted higher in ranking);
// the rest is body text. Notes and activity bodies (sensitive) are not
// indexed, nor are ids, amounts, owners and timestamps.
interface Place {
  readonly city: string;
  readonly country: string;
}
type Tagged = { readonly tags: readonly string[] };

export function contactSearchTexts(
  contact: Tagged & {
    readonly name: string;
    readonly title: string;
    readonly emails: readonly string[];
    readonly phones: readonly string[];
    readonly address: Place;
  },
): string[] {
  return [contact.name, contact.title, ...contact.emails, ...contact.phones, contact.address.city, contact.address.country, ...contact.tags];
}

export function accountSearchTexts(
  account: Tagged & {
    readonly name: string;
    readonly industry: string;
    readonly website: string;
    readonly territory: string;
    readonly address: Place;
  },
): string[] {
  return [account.name, account.industry, account.website, account.territory, account.address.city, account.address.country, ...account.tags];
}

export function dealSearchTexts(deal: Tagged & { readonly name: string }): string[] {
  return [deal.name, ...deal.tags];
}

export function activitySearchTexts(activity: Tagged & { readonly subject: string; readonly outcome: string }): string[] {
  return [activity.subject, activity.outcome, ...activity.tags];
}

export function taskSearchTexts(task: Tagged & { readonly title: string }): string[] {
  return [task.title, ...task.tags];
}
