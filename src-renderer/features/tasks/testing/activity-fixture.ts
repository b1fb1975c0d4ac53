// A valid activity for unit tests of Today's rules, numbered, at `occurredAt`.
import { Activity } from '../../../../src-shared/domain/activity';

export function activityFixture(n: number, occurredAt: number): Activity {
  return Activity.parse({
    id: `0190f5c2-6b1e-7000-8000-0000000001${String(n).padStart(2, '0')}`,
    kind: 'meeting',
    subject: `Meeting ${n}`,
    contactId: null,
    accountId: null,
    dealId: null,
    occurredAt,
    durationMinutes: 0,
    outcome: '',
    body: '',
    tags: [],
    ownerId: 'rep',
    createdAt: occurredAt,
    createdBy: 'rep',
    updatedAt: occurredAt,
    updatedBy: 'rep',
    deletedAt: null,
  });
}
