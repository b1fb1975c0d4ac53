// Validates a list query with the entity's shared zod schema and maps each
// problem to the filter control that produced it, so the filter panel can
// show the message beside the right input. A problem with a key no control
// sets (a linked record's id) goes under `formError`, shown above the panel's buttons.
import type { z } from 'zod';
import { issueWords, type FieldErrors } from '../../ui/form-errors';
import type { BuiltQuery, FilterControl } from './list-spec';

/** The errors key of a problem no filter control shows (the panel shows it for the whole form). */
export const formError = 'form';

const controlOfKey: Readonly<Record<string, FilterControl>> = {
  ownerId: 'owner',
  assigneeId: 'assignee',
  stageIds: 'stage',
  stageKinds: 'stageKind',
  kinds: 'kind',
  statuses: 'status',
  priorities: 'priority',
  tags: 'tags',
  territory: 'territory',
  industry: 'industry',
};

export function checkQuery<Schema extends z.ZodType>(
  schema: Schema,
  query: unknown,
  dateFields: readonly string[],
): BuiltQuery<z.output<Schema>> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return { ok: true, query: parsed.data };
  const errors: FieldErrors<string> = {};
  for (const issue of parsed.error.issues) {
    const [top, key] = issue.path;
    let control: string = 'dateRange';
    if (top === 'filter' && typeof key === 'string') {
      control = dateFields.includes(key) ? 'dateRange' : (controlOfKey[key] ?? formError);
    }
    errors[control] ??= issueWords(issue);
  }
  return { ok: false, errors };
}
