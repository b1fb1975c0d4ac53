// One masking rule for every place that reads a record: each field the forms
// and pages show is masked exactly when its class in the domain's sensitivity
// map says so, and the timeline reads an activity's notes through the same
// field definition as the activity's own page.
import { describe, expect, it } from 'vitest';
import { accountSensitivity } from '../../../src-shared/domain/account';
import { activitySensitivity } from '../../../src-shared/domain/activity';
import { masksUntilShown, sensitivities, type Sensitivity } from '../../../src-shared/domain/common';
import { contactSensitivity } from '../../../src-shared/domain/contact';
import { dealSensitivity } from '../../../src-shared/domain/deal';
import { taskSensitivity } from '../../../src-shared/domain/task';
import { accountFields } from '../accounts/account-fields';
import { activityBodyField, activityFields } from '../activities/activity-fields';
import { contactFields } from '../contacts/contact-fields';
import { dealFields, dealLostReasonField } from '../deals/deal-fields';
import { taskFields } from '../tasks/task-fields';
import type { FieldDef } from './fields';

describe('the masking rule', () => {
  it('masks sensitive fields only', () => {
    expect(sensitivities.filter((sensitivity) => masksUntilShown(sensitivity))).toEqual(['sensitive']);
  });

  it('is what every field definition follows', () => {
    const entities: Array<[readonly FieldDef[], Readonly<Record<string, Sensitivity>>]> = [
      [contactFields, contactSensitivity],
      [accountFields, accountSensitivity],
      [[...dealFields([]), dealLostReasonField], dealSensitivity],
      [activityFields, activitySensitivity],
      [taskFields, taskSensitivity],
    ];
    for (const [fields, classes] of entities) {
      for (const field of fields) {
        const sensitivity = classes[field.key];
        if (sensitivity === undefined) continue;
        expect({ field: field.key, masked: field.sensitive === true }).toEqual({ field: field.key, masked: masksUntilShown(sensitivity) });
      }
    }
    expect(activityFields).toContain(activityBodyField);
    expect(activityBodyField.sensitive).toBe(masksUntilShown(activitySensitivity.body));
  });
});
