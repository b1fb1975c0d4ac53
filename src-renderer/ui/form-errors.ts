// Turns a zod schema's issues into one message per form field, kept as words
// (ui/words.ts) so a message on screen follows a language switch. The rules
// come from the shared schema (the same one the main process enforces),
// classified as the main process classifies an import's (fieldRuleOf); only
// the wording comes from the renderer's i18n catalogue.
import type { z } from 'zod';
import { fieldRuleOf } from '../../src-shared/ipc/reasons';
import type { Words } from './words';

export type FieldErrors<Field extends string> = Partial<Record<Field, Words>>;

export type Validation<Data, Field extends string> =
  | { readonly ok: true; readonly data: Data }
  | { readonly ok: false; readonly errors: FieldErrors<Field> };

/** The rule a zod issue reports, as words. */
export function issueWords(issue: z.core.$ZodIssue): Words {
  return { reason: fieldRuleOf(issue) };
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

/** The first message per field among `fields`, from a list of zod issues. */
export function issuesByField<Field extends string>(
  issues: readonly z.core.$ZodIssue[],
  fields: readonly Field[],
): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  const known = new Set<string>(fields);
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || !known.has(field)) continue;
    const key = field as Field;
    errors[key] ??= issueWords(issue);
  }
  return errors;
}
