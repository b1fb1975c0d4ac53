// Turns a zod schema's issues into one message per form field, kept as words
// (ui/words.ts) so a message on screen follows a language switch. The rules
// come from the shared schema (the same one the main process enforces),
// classified as the main process classifies an import's (fieldRuleOf); only
// the wording comes from the renderer's i18n catalogue. A refusal from the
// main process that names a field is shown under that field the same way.
// A field that holds a list (a contact's e-mail addresses, one a line) says
// which entry broke the rule: its place among the entries, blank lines not
// counted, as the list is sent without them (fields.ts fromInput). A field
// made of parts (an address) keeps a part's message under "address.postalCode"
// when the form names that key, so that only that input is marked.
import type { z } from 'zod';
import { fieldRuleOf, type Reason } from '../../src-shared/ipc/reasons';
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import { BridgeError } from '../api/errors';
import type { Words } from './words';

export type FieldErrors<Field extends string> = Partial<Record<Field, Words>>;

export type Validation<Data, Field extends string> =
  | { readonly ok: true; readonly data: Data }
  | { readonly ok: false; readonly errors: FieldErrors<Field> };

/** The rule a zod issue reports, as words. */
export function issueWords(issue: z.core.$ZodIssue): Words {
  return { reason: fieldRuleOf(issue) };
}

/** Words for under a list field that name the entry at `index` (0-based) as the user counts, from 1. */
function entryWords(index: number, problem: Words): Words {
  return { key: 'validation.entry', params: { entry: index + 1, problem } };
}

/** An issue's words for under its form field: for an entry of a list ("emails", 1), which entry broke the rule. */
function fieldIssueWords(issue: z.core.$ZodIssue): Words {
  const entry = issue.path[1];
  return typeof entry === 'number' ? entryWords(entry, issueWords(issue)) : issueWords(issue);
}

/** Parses `values` with `schema`; on failure, the first issue of each named field. */
export function validate<Schema extends z.ZodType, Field extends string>(
  schema: Schema,
  values: Record<Field, unknown>,
): Validation<z.output<Schema>, Field> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields = Object.keys(values).filter((key): key is Field => key in values);
  return { ok: false, errors: issuesByField(parsed.error.issues, fields) };
}

/** The first message per field among `fields`, from a list of zod issues (a named part's, "address.city", under its own key). */
export function issuesByField<Field extends string>(
  issues: readonly z.core.$ZodIssue[],
  fields: readonly Field[],
): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  const known = new Set<string>(fields);
  const isField = (name: string): name is Field => known.has(name);
  for (const issue of issues) {
    const [field, part] = issue.path;
    if (typeof field !== 'string') continue;
    const partKey = typeof part === 'string' ? `${field}.${part}` : undefined;
    const key = partKey !== undefined && isField(partKey) ? partKey : field;
    if (!isField(key)) continue;
    errors[key] ??= fieldIssueWords(issue);
  }
  return errors;
}

/** The field of a record's form that a link to `entity` is kept in. */
const linkFields: Partial<Record<SyncedEntity, string>> = { contacts: 'contactId', accounts: 'accountId', deals: 'dealId' };

/**
 * The fields a refusal names, most precise first: a schema's path ("patch.remindAt", "emails.0"; a field's part
 * as "address.city" before "address"), or the field a check stands for.
 */
function refusedFields(reason: Reason): readonly string[] {
  switch (reason.code) {
    case 'invalid_request': {
      const segments = reason.path.split('.');
      return [...segments.slice(1).map((segment, index) => `${segments[index] ?? ''}.${segment}`), ...segments];
    }
    case 'link_missing':
    case 'link_trashed': {
      const field = linkFields[reason.entity];
      return field === undefined ? [] : [field];
    }
    case 'unknown_stage':
      return ['stageId'];
    case 'amount_too_large_for_currency':
      return ['currency', 'amount'];
    default:
      return [];
  }
}

/**
 * A refusal from the main process that names one of the form's `fields`,
 * with its words for under that field: the broken rule, or what the check
 * found (a stage or linked record gone). Worded from the reason in every
 * language, since the main process's English sentence is for the whole
 * request ("Invalid input (stageId: …)"). Null for any other failure: the
 * form shows it as a whole.
 */
export function refusedField<Field extends string>(error: unknown, fields: readonly Field[]): { readonly field: Field; readonly words: Words } | null {
  const reason = error instanceof BridgeError && error.code === 'BAD_INPUT' ? error.reason : undefined;
  if (reason === undefined) return null;
  const known = new Set<string>(fields);
  const field = refusedFields(reason).find((name): name is Field => known.has(name));
  if (field === undefined) return null;
  if (reason.code !== 'invalid_request') return { field, words: { reason } };
  const segments = reason.path.split('.');
  const named = field.split('.');
  const at = segments.findIndex((_, index) => named.every((segment, offset) => segments[index + offset] === segment));
  const entry = segments[at + named.length];
  const words: Words = { reason: reason.rule };
  return { field, words: entry !== undefined && /^\d+$/.test(entry) ? entryWords(Number(entry), words) : words };
}
