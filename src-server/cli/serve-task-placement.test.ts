// `serve` places the tasks stored before a task's buckets followed its
// assignee, once (sync/stored-task-placement.ts): a task the old code filed in
// its owner's first team, written here into the store as that code wrote it,
// is in a team its assignee shares after the first start, which logs the step;
// a second start neither logs it nor moves anything. The devices' side of the
// move is sync/stored-task-placement.test.ts.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src-shared/sync/hlc';
import { sealRecordFields } from '../crypto/record-seal';
import { openOrganisation } from '../org/open';
import { runCli, startServe } from '../testing/cli-process';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-serve-placement-'));
const dataDir = join(root, 'org');

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Ana in teams X and Y, Ben in Y, and a task of Ana's for Ben filed in X; returns the task's key. */
async function storeTheOldWay(): Promise<{ readonly entity: 'tasks'; readonly recordId: string }> {
  const org = await openOrganisation(dataDir);
  try {
    const { store, keyring } = org.ctx;
    const key = { entity: 'tasks' as const, recordId: randomUUID() };
    await store.transaction(async (tx) => {
      const at = Date.now();
      for (const userId of ['u-ana', 'u-ben']) await tx.insertUser({ id: userId, displayName: userId, isAdmin: false, createdAt: at });
      const membership = await tx.allocateCommit({ kind: 'membership', deviceId: null, userId: null, at });
      await tx.applyMembershipChanges(
        [
          ['u-ana', 'team-x'],
          ['u-ana', 'team-y'],
          ['u-ben', 'team-y'],
        ].map(([userId = '', bucketId = '']) => ({ commitSeq: membership, userId, kind: 'team' as const, bucketId, change: 'added' as const })),
      );
      const seq = await tx.allocateCommit({ kind: 'push', deviceId: null, userId: 'u-ana', at });
      const hlc = encodeHlc({ millis: at, counter: 0, deviceId: 'dev-ana' });
      const fields = { title: { value: 'Call the buyer', hlc }, assigneeId: { value: 'u-ben', hlc }, ownerId: { value: 'u-ana', hlc } };
      const sealed = sealRecordFields(keyring, 'tasks', key.recordId, fields);
      await tx.insertRecord({ ...key, ownerUserId: 'u-ana', teamId: 'team-x', territoryId: null, createdSeq: seq, bucketSeq: seq, deletedSeq: null, deleteHlc: null, sealed });
      await tx.upsertFieldStates(Object.keys(fields).map((field) => ({ ...key, field, hlc, commitSeq: seq })));
    });
    return key;
  } finally {
    await org.close();
  }
}

async function teamOf(key: { readonly entity: 'tasks'; readonly recordId: string }): Promise<{ readonly teamId: string | null; readonly head: number }> {
  const org = await openOrganisation(dataDir);
  try {
    return await org.ctx.store.read(async (tx) => ({ teamId: (await tx.getRecords([key]))[0]?.teamId ?? null, head: await tx.head() }));
  } finally {
    await org.close();
  }
}

describe('fieldvault-server serve: tasks stored before they followed their assignee', () => {
  it('places them at the first start, logs it, and leaves everything as it is at the next', async () => {
    expect((await runCli(['init', '--data-dir', dataDir, '--port', '18443'])).code).toBe(0);
    const key = await storeTheOldWay();
    expect((await teamOf(key)).teamId).toBe('team-x');

    const first = await startServe(['--data-dir', dataDir, '--port', '0']);
    expect(await first.stop()).toBe(0);
    expect(first.stderr()).toContain('"event":"server.step_done","step":"tasks-follow-assignee","walked":1,"moved":1');
    const placed = await teamOf(key);
    expect(placed.teamId).toBe('team-y');

    const second = await startServe(['--data-dir', dataDir, '--port', '0']);
    expect(await second.stop()).toBe(0);
    expect(second.stderr()).not.toContain('server.step_done');
    expect(await teamOf(key)).toEqual(placed);
  }, 120_000);
});
