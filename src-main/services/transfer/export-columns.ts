// The columns of each entity's CSV export: header, sensitivity (from the
// domain's per-field classes, for the export policy) and how a record fills
// the cell. Headers are the names the importer recognises, so an exported
// contacts or accounts file imports again without remapping. Lists join with
// "; "; times are ISO 8601 in the user's time zone with its offset, to the
// second (a spreadsheet shows the time the user knows, the offset keeps the
// instant exact); links show the linked record's name, and owners and
// assignees the person's name as the lists name them, and a deal's stage its
// name (an id only when the pipeline no longer has that stage).
import { type Account, accountSensitivity } from '../../../src-shared/domain/account';
import { type Activity, activitySensitivity } from '../../../src-shared/domain/activity';
import { type Address, type Sensitivity, sensitivities } from '../../../src-shared/domain/common';
import { type Contact, contactSensitivity } from '../../../src-shared/domain/contact';
import { type Deal, dealSensitivity } from '../../../src-shared/domain/deal';
import { localOwnerUserId, shortUserId } from '../../../src-shared/domain/ids';
import { type Task, taskSensitivity } from '../../../src-shared/domain/task';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';

/** Names of linked records, looked up once per page. */
export interface RelatedNames {
  readonly accounts: ReadonlyMap<string, string>;
  readonly contacts: ReadonlyMap<string, string>;
  readonly deals: ReadonlyMap<string, string>;
  /** The people the device can name (the user directory), and who this device's user is. */
  readonly people: People;
  /** Pipeline stage id → the stage's name, as the board shows it. */
  readonly stages: ReadonlyMap<string, string>;
}

export interface People {
  /** The user this device writes as ('local-owner' before enrolment). */
  readonly me: string;
  /** User id → display name, from the user directory the sync server sent. */
  readonly names: ReadonlyMap<string, string>;
}

/**
 * A user as the lists name them (src-renderer's ownerLabel), in English like
 * the headers: the directory's name (with the short id when two people share
 * it), else "Me" for this device's user, "This device’s owner" for the owner
 * from before enrolment and "User 5f6a7b" for anyone else. Never the raw id.
 */
export function personName(people: People, id: string): string {
  const name = people.names.get(id);
  if (name !== undefined) {
    let sharing = 0;
    for (const other of people.names.values()) if (other === name) sharing += 1;
    return sharing > 1 ? `${name} (${shortUserId(id)})` : name;
  }
  if (id === people.me) return 'Me';
  if (id === localOwnerUserId) return 'This device’s owner';
  return `User ${shortUserId(id)}`;
}

export interface ExportColumn<R> {
  readonly key: string;
  readonly header: string;
  readonly sensitivity: Sensitivity;
  readonly cell: (record: R, related: RelatedNames) => string;
}

type Meta = { ownerId: string; createdAt: number; updatedAt: number; id: string };

const two = (value: number): string => String(value).padStart(2, '0');

/**
 * `at` in this process's time zone (the user's) as ISO 8601 to the second with
 * its offset, "2026-12-02T08:51:56+08:00": what the user saw in the app, where
 * UTC's "2026-12-02T00:51:56.508Z" read as the wrong time in a spreadsheet.
 */
export function localTime(at: number): string {
  const date = new Date(at);
  const east = -date.getTimezoneOffset();
  const offset = `${east < 0 ? '-' : '+'}${two(Math.floor(Math.abs(east) / 60))}:${two(Math.abs(east) % 60)}`;
  const day = `${String(date.getFullYear()).padStart(4, '0')}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  return `${day}T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}${offset}`;
}

const time = (value: number | null): string => (value === null ? '' : localTime(value));
const list = (values: readonly string[]): string => values.join('; ');
const linked = (names: ReadonlyMap<string, string>, id: string | null): string => (id === null ? '' : (names.get(id) ?? ''));

/**
 * A link column's class: the stricter of the link's own and the linked record's name's, which its cells hold.
 * A deal's "Contacts" or an activity's "Contact" holds a person's name (personal): classed as the link
 * (internal), a policy that leaves personal columns out still exported every customer's name there.
 */
function linkSensitivity(own: Sensitivity, linkedName: Sensitivity): Sensitivity {
  return sensitivities.indexOf(own) >= sensitivities.indexOf(linkedName) ? own : linkedName;
}

function addressColumns<R extends { address: Address }>(sensitivity: Sensitivity): ExportColumn<R>[] {
  return [
    { key: 'street', header: 'Street', sensitivity, cell: (record) => record.address.street },
    { key: 'city', header: 'City', sensitivity, cell: (record) => record.address.city },
    { key: 'region', header: 'Region', sensitivity, cell: (record) => record.address.region },
    { key: 'postalCode', header: 'Postal code', sensitivity, cell: (record) => record.address.postalCode },
    { key: 'country', header: 'Country', sensitivity, cell: (record) => record.address.country },
  ];
}

function metaColumns<R extends Meta>(): ExportColumn<R>[] {
  return [
    { key: 'ownerId', header: 'Owner', sensitivity: 'internal', cell: (record, related) => personName(related.people, record.ownerId) },
    { key: 'createdAt', header: 'Created', sensitivity: 'internal', cell: (record) => time(record.createdAt) },
    { key: 'updatedAt', header: 'Updated', sensitivity: 'internal', cell: (record) => time(record.updatedAt) },
    { key: 'id', header: 'Id', sensitivity: 'internal', cell: (record) => record.id },
  ];
}

const contactColumns: ExportColumn<Contact>[] = [
  { key: 'name', header: 'Name', sensitivity: contactSensitivity.name, cell: (record) => record.name },
  { key: 'title', header: 'Title', sensitivity: contactSensitivity.title, cell: (record) => record.title },
  { key: 'accountId', header: 'Company', sensitivity: linkSensitivity(contactSensitivity.accountId, accountSensitivity.name), cell: (record, related) => linked(related.accounts, record.accountId) },
  { key: 'emails', header: 'Email', sensitivity: contactSensitivity.emails, cell: (record) => list(record.emails) },
  { key: 'phones', header: 'Phone', sensitivity: contactSensitivity.phones, cell: (record) => list(record.phones) },
  ...addressColumns<Contact>(contactSensitivity.address),
  { key: 'preferredChannel', header: 'Preferred channel', sensitivity: contactSensitivity.preferredChannel, cell: (record) => record.preferredChannel },
  { key: 'tags', header: 'Tags', sensitivity: contactSensitivity.tags, cell: (record) => list(record.tags) },
  { key: 'notes', header: 'Notes', sensitivity: contactSensitivity.notes, cell: (record) => record.notes },
  ...metaColumns<Contact>(),
];

const accountColumns: ExportColumn<Account>[] = [
  { key: 'name', header: 'Name', sensitivity: accountSensitivity.name, cell: (record) => record.name },
  { key: 'industry', header: 'Industry', sensitivity: accountSensitivity.industry, cell: (record) => record.industry },
  { key: 'website', header: 'Website', sensitivity: accountSensitivity.website, cell: (record) => record.website },
  ...addressColumns<Account>(accountSensitivity.address),
  { key: 'territory', header: 'Territory', sensitivity: accountSensitivity.territory, cell: (record) => record.territory },
  { key: 'tags', header: 'Tags', sensitivity: accountSensitivity.tags, cell: (record) => list(record.tags) },
  ...metaColumns<Account>(),
];

/** Minor units → a decimal amount with the currency's own number of decimals (JPY 0, EUR 2, KWD 3). */
export function majorUnits(amount: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    digits = 2;
  }
  const scale = 10 ** digits;
  const whole = Math.trunc(amount / scale);
  const fraction = String(amount % scale).padStart(digits, '0');
  return digits === 0 ? String(whole) : `${whole}.${fraction}`;
}

const dealColumns: ExportColumn<Deal>[] = [
  { key: 'name', header: 'Name', sensitivity: dealSensitivity.name, cell: (record) => record.name },
  { key: 'accountId', header: 'Account', sensitivity: linkSensitivity(dealSensitivity.accountId, accountSensitivity.name), cell: (record, related) => linked(related.accounts, record.accountId) },
  {
    key: 'contactIds',
    header: 'Contacts',
    sensitivity: linkSensitivity(dealSensitivity.contactIds, contactSensitivity.name),
    cell: (record, related) => list(record.contactIds.map((id) => linked(related.contacts, id)).filter((name) => name !== '')),
  },
  { key: 'amount', header: 'Amount', sensitivity: dealSensitivity.amount, cell: (record) => majorUnits(record.amount, record.currency) },
  { key: 'currency', header: 'Currency', sensitivity: dealSensitivity.currency, cell: (record) => record.currency },
  { key: 'stageId', header: 'Stage', sensitivity: dealSensitivity.stageId, cell: (record, related) => related.stages.get(record.stageId) ?? record.stageId },
  { key: 'probability', header: 'Probability (%)', sensitivity: dealSensitivity.probability, cell: (record) => String(record.probability) },
  { key: 'expectedCloseDate', header: 'Expected close date', sensitivity: dealSensitivity.expectedCloseDate, cell: (record) => record.expectedCloseDate },
  { key: 'lostReason', header: 'Lost reason', sensitivity: dealSensitivity.lostReason, cell: (record) => record.lostReason },
  { key: 'tags', header: 'Tags', sensitivity: dealSensitivity.tags, cell: (record) => list(record.tags) },
  ...metaColumns<Deal>(),
];

const activityColumns: ExportColumn<Activity>[] = [
  { key: 'kind', header: 'Kind', sensitivity: activitySensitivity.kind, cell: (record) => record.kind },
  { key: 'subject', header: 'Subject', sensitivity: activitySensitivity.subject, cell: (record) => record.subject },
  { key: 'contactId', header: 'Contact', sensitivity: linkSensitivity(activitySensitivity.contactId, contactSensitivity.name), cell: (record, related) => linked(related.contacts, record.contactId) },
  { key: 'accountId', header: 'Account', sensitivity: linkSensitivity(activitySensitivity.accountId, accountSensitivity.name), cell: (record, related) => linked(related.accounts, record.accountId) },
  { key: 'dealId', header: 'Deal', sensitivity: linkSensitivity(activitySensitivity.dealId, dealSensitivity.name), cell: (record, related) => linked(related.deals, record.dealId) },
  { key: 'occurredAt', header: 'Occurred at', sensitivity: activitySensitivity.occurredAt, cell: (record) => time(record.occurredAt) },
  { key: 'durationMinutes', header: 'Duration (minutes)', sensitivity: activitySensitivity.durationMinutes, cell: (record) => String(record.durationMinutes) },
  { key: 'outcome', header: 'Outcome', sensitivity: activitySensitivity.outcome, cell: (record) => record.outcome },
  { key: 'body', header: 'Body', sensitivity: activitySensitivity.body, cell: (record) => record.body },
  { key: 'tags', header: 'Tags', sensitivity: activitySensitivity.tags, cell: (record) => list(record.tags) },
  ...metaColumns<Activity>(),
];

const taskColumns: ExportColumn<Task>[] = [
  { key: 'title', header: 'Title', sensitivity: taskSensitivity.title, cell: (record) => record.title },
  { key: 'status', header: 'Status', sensitivity: taskSensitivity.status, cell: (record) => record.status },
  { key: 'priority', header: 'Priority', sensitivity: taskSensitivity.priority, cell: (record) => record.priority },
  { key: 'dueAt', header: 'Due', sensitivity: taskSensitivity.dueAt, cell: (record) => time(record.dueAt) },
  { key: 'remindAt', header: 'Reminder', sensitivity: taskSensitivity.remindAt, cell: (record) => time(record.remindAt) },
  { key: 'assigneeId', header: 'Assignee', sensitivity: taskSensitivity.assigneeId, cell: (record, related) => personName(related.people, record.assigneeId) },
  { key: 'contactId', header: 'Contact', sensitivity: linkSensitivity(taskSensitivity.contactId, contactSensitivity.name), cell: (record, related) => linked(related.contacts, record.contactId) },
  { key: 'accountId', header: 'Account', sensitivity: linkSensitivity(taskSensitivity.accountId, accountSensitivity.name), cell: (record, related) => linked(related.accounts, record.accountId) },
  { key: 'dealId', header: 'Deal', sensitivity: linkSensitivity(taskSensitivity.dealId, dealSensitivity.name), cell: (record, related) => linked(related.deals, record.dealId) },
  { key: 'notes', header: 'Notes', sensitivity: taskSensitivity.notes, cell: (record) => record.notes },
  { key: 'tags', header: 'Tags', sensitivity: taskSensitivity.tags, cell: (record) => list(record.tags) },
  ...metaColumns<Task>(),
];

export interface EntityRecords {
  contacts: Contact;
  accounts: Account;
  deals: Deal;
  activities: Activity;
  tasks: Task;
}

export const exportColumns: { readonly [E in SyncedEntity]: readonly ExportColumn<EntityRecords[E]>[] } = {
  contacts: contactColumns,
  accounts: accountColumns,
  deals: dealColumns,
  activities: activityColumns,
  tasks: taskColumns,
};
