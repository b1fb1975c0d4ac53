// A number far outside a field's range is refused with the field's own
// bound. The bounds come before .int(), whose own safe-integer bounds were
// otherwise the field's first issue, the one a form shows: a duration of
// 99999999999999999999 minutes said "at most 9,007,199,254,740,991", not one
// week.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldRuleOf, type FieldRuleReason } from '../ipc/reasons';
import { ActivityDraft } from './activity';
import { MinorUnits, PageLimit } from './common';
import { Probability } from './pipeline';

/** The rule of the first issue, the one a form shows for the field. */
function firstRule(schema: z.ZodType, value: unknown): FieldRuleReason | null {
  const issue = schema.safeParse(value).error?.issues[0];
  return issue === undefined ? null : fieldRuleOf(issue);
}

describe('number fields far out of range', () => {
  it('name their own bound first, and a fraction asks for a whole number', () => {
    const minutes = ActivityDraft.shape.durationMinutes;
    expect([1e20, -1e20, 1.5, 90].map((value) => firstRule(minutes, value))).toEqual([
      { code: 'too_big', max: 7 * 24 * 60 },
      { code: 'too_small', min: 0 },
      { code: 'whole_number' },
      null,
    ]);
    expect([1e20, -1e20, 12.5].map((value) => firstRule(Probability, value))).toEqual([{ code: 'too_big', max: 100 }, { code: 'too_small', min: 0 }, { code: 'whole_number' }]);
    expect([-1e20, 0.5].map((value) => firstRule(MinorUnits, value))).toEqual([{ code: 'too_small', min: 0 }, { code: 'whole_number' }]);
    expect([1e20, -1e20].map((value) => firstRule(PageLimit, value))).toEqual([{ code: 'too_big', max: 200 }, { code: 'too_small', min: 1 }]);
  });
});
