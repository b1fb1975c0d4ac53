// Where a task is filed for its assignee (task-placement.ts); the pushes and
// pulls that carry it are push-assignee.test.ts.
import { describe, expect, it } from 'vitest';
import { taskBuckets } from './task-placement';

const owner = { teamIds: ['team-x', 'team-y'], territoryIds: ['north', 'south'] };
const nowhere = { teamIds: [], territoryIds: [] };

describe('taskBuckets', () => {
  it('keeps the owner’s first team and territory for the owner, no assignee, or an assignee in either', () => {
    const base = { ownerUserId: 'ana', teamId: 'team-x', territoryId: 'north' };
    expect(taskBuckets('ana', owner, 'ana', nowhere)).toEqual(base);
    expect(taskBuckets('ana', owner, null, nowhere)).toEqual(base);
    expect(taskBuckets('ana', owner, 'ben', { teamIds: ['team-x'], territoryIds: [] })).toEqual(base);
    expect(taskBuckets('ana', owner, 'ben', { teamIds: [], territoryIds: ['north'] })).toEqual(base);
  });

  it('moves to the first team the assignee shares with the owner, else the first such territory', () => {
    expect(taskBuckets('ana', owner, 'ben', { teamIds: ['team-y', 'team-z'], territoryIds: ['south'] })).toEqual({ ownerUserId: 'ana', teamId: 'team-y', territoryId: 'north' });
    expect(taskBuckets('ana', owner, 'ben', { teamIds: ['team-z'], territoryIds: ['south'] })).toEqual({ ownerUserId: 'ana', teamId: 'team-x', territoryId: 'south' });
  });

  it('stays the owner’s when the assignee shares nothing with the owner', () => {
    expect(taskBuckets('ana', owner, 'eve', { teamIds: ['team-z'], territoryIds: ['east'] })).toEqual({ ownerUserId: 'ana', teamId: 'team-x', territoryId: 'north' });
    expect(taskBuckets('ana', nowhere, 'ben', owner)).toEqual({ ownerUserId: 'ana', teamId: null, territoryId: null });
  });

  it('keeps a stored task’s buckets when its new assignee, or the owner it returns to, shares their team or territory', () => {
    const placed = { ownerUserId: 'ana', teamId: 'team-t', territoryId: null };
    expect(taskBuckets('ana', owner, 'ben', { teamIds: ['team-x', 'team-t'], territoryIds: [] }, placed)).toEqual(placed);
    const second = { ownerUserId: 'ana', teamId: 'team-y', territoryId: 'south' };
    expect(taskBuckets('ana', owner, 'ana', nowhere, second)).toEqual(second);
    expect(taskBuckets('ana', owner, null, nowhere, second)).toEqual(second);
    expect(taskBuckets('ana', owner, 'ben', { teamIds: [], territoryIds: ['south'] }, second)).toEqual(second);
  });

  it('places a stored task afresh when its new assignee, or the owner it returns to, shares neither', () => {
    const placed = { ownerUserId: 'ana', teamId: 'team-t', territoryId: null };
    expect(taskBuckets('ana', owner, 'ben', { teamIds: ['team-y'], territoryIds: [] }, placed)).toEqual({ ownerUserId: 'ana', teamId: 'team-y', territoryId: 'north' });
    expect(taskBuckets('ana', owner, 'ana', nowhere, placed)).toEqual({ ownerUserId: 'ana', teamId: 'team-x', territoryId: 'north' });
  });
});
