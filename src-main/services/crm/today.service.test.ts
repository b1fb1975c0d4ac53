// Today's Recent on the real vault: it runs to the day's end, not to the
// main process's clock, so that an activity logged for later today reaches
// the page, which shows it when its own clock gets there (todayAsOf).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityDraft } from '../../../src-shared/domain/activity';
import { recentActivityLimit, TodayQuery } from '../../../src-shared/domain/today';
import { createActivity, deleteActivity } from './activity.service';
import { getToday } from './today.service';
import { CrmTestVault } from './testing/crm-test-vault';

const hour = 3_600_000;
const dayStart = 1_767_312_000_000; // 2026-01-02T00:00:00Z
const dayEnd = dayStart + 24 * hour;

describe('Today’s recent activity (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const log = (kind: ActivityDraft['kind'], occurredAt: number) =>
    db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind, occurredAt }), now));
  const recent = async (now: number) =>
    (await db.read((tx) => getToday(tx, TodayQuery.parse({ dayStart, dayEnd }), now))).recentActivities.map((activity) => activity.id);

  it('holds the activities still to come today, newest first, before the latest that have happened', async () => {
    // At 09:00, a meeting logged for 15:00 and a call from a device whose clock runs a few minutes fast.
    const nine = dayStart + 9 * hour;
    const meeting = await log('meeting', dayStart + 15 * hour);
    const fastCall = await log('call', nine + 4 * 60_000);
    const earlier = await log('note', dayStart + 8 * hour);
    const yesterday = await log('email', dayStart - 2 * hour);
    await log('meeting', dayEnd + hour);
    const trashed = await log('meeting', dayStart + 16 * hour);
    await db.write((tx, now) => deleteActivity(tx, trashed.id, now));

    // Before, Recent stopped at 09:00: the meeting and the call never reached the page until something reloaded it.
    expect(await recent(nine)).toEqual([meeting.id, fastCall.id, earlier.id, yesterday.id]);
  });

  it('keeps the latest that have happened however many are still to come today', async () => {
    const noon = dayStart + 12 * hour;
    const morning = await log('call', dayStart + 11 * hour);
    for (let index = 0; index < recentActivityLimit + 5; index += 1) await log('meeting', noon + (index + 1) * 60_000);
    const ids = await recent(noon);
    expect(ids).toHaveLength(recentActivityLimit + 6);
    expect(ids.at(-1)).toBe(morning.id);
  });
});
