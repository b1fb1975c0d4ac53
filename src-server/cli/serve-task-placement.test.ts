// `serve` places the tasks stored before a task's buckets followed its
// assignee, once (sync/stored-task-placement.ts), in the background once it
// listens (serve-placement-step.ts), on either store: a task the old code
// filed in its owner's first team, written here into the store as that code
// wrote it, is in a team its assignee shares once the step logs it done; the
// step is recorded, and a second start neither logs it nor moves anything.
// While the step is held before its first page (hold-task-walk.ts), serve
// already answers: a device enrols and pulls over TLS. The devices' side of
// the move is sync/stored-task-placement.test.ts.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src-shared/sync/hlc';
import { EnrolResponse, protocolVersion } from '../../src-shared/sync/protocol';
import { sealRecordFields } from '../crypto/record-seal';
import { openOrganisation } from '../org/open';
import type { StoreChoice } from '../org/open-store';
import { storedTaskPlacementStep } from '../sync/stored-task-placement';
import { bothStores } from '../testing/both-stores';
import { runCli, startServe, type ServingCli } from '../testing/cli-process';
import { HttpsTestClient } from '../testing/https-client';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-serve-placement-'));
const holdTaskWalk = join(import.meta.dirname, '..', 'testing', 'hold-task-walk.ts');
const stores = bothStores('servePlacement');
const done = `"event":"server.step_done","step":"${storedTaskPlacementStep}","walked":1,"moved":1`;

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

type TaskKey = { readonly entity: 'tasks'; readonly recordId: string };

/** A folder on `store`, made by `init`; its one-time enrolment code too. */
async function initFolder(name: string, store: StoreChoice): Promise<{ readonly dataDir: string; readonly storeArgs: string[]; readonly code: string }> {
  const dataDir = join(root, name);
  const storeArgs = store.databaseUrl === undefined ? [] : ['--database-url', store.databaseUrl];
  const init = await runCli(['init', '--data-dir', dataDir, '--port', '18443', '--store', store.kind, ...storeArgs]);
  expect(init.code, init.stderr).toBe(0);
  const code = /One-time enrolment code \(valid 7 days\): (\S+)/.exec(init.stdout)?.[1] ?? '';
  expect(code).not.toBe('');
  return { dataDir, storeArgs, code };
}

/** Ana in teams X and Y, Ben in Y, and a task of Ana's for Ben filed in X; returns the task's key. */
async function storeTheOldWay(dataDir: string, store: StoreChoice): Promise<TaskKey> {
  const org = await openOrganisation(dataDir, { store });
  try {
    const { keyring } = org.ctx;
    const key = { entity: 'tasks' as const, recordId: randomUUID() };
    await org.ctx.store.transaction(async (tx) => {
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

/** The task's team, the commit head, and whether the step is recorded done. */
async function stateOf(dataDir: string, store: StoreChoice, key: TaskKey): Promise<{ readonly teamId: string | null; readonly head: number; readonly recorded: boolean }> {
  const org = await openOrganisation(dataDir, { store });
  try {
    return await org.ctx.store.read(async (tx) => ({
      teamId: (await tx.getRecords([key]))[0]?.teamId ?? null,
      head: await tx.head(),
      recorded: (await tx.serverStepDoneAt(storedTaskPlacementStep)) !== null,
    }));
  } finally {
    await org.close();
  }
}

/** Waits until serve has logged `line` (the step runs after the ready line). */
async function logged(serving: ServingCli, line: string): Promise<void> {
  await expect.poll(() => serving.stderr(), { timeout: 30_000 }).toContain(line);
}

describe.each(stores)('fieldvault-server serve on %s: tasks stored before they followed their assignee', (name, storeOf) => {
  it('places them after the first start, logs it, and leaves everything as it is at the next', async () => {
    const store = await storeOf();
    const { dataDir, storeArgs } = await initFolder(`${name}-once`, store);
    const key = await storeTheOldWay(dataDir, store);
    expect((await stateOf(dataDir, store, key)).teamId).toBe('team-x');

    const first = await startServe(['--data-dir', dataDir, '--port', '0', ...storeArgs]);
    await logged(first, done);
    expect(await first.stop()).toBe(0);
    const placed = await stateOf(dataDir, store, key);
    expect(placed).toMatchObject({ teamId: 'team-y', recorded: true });

    // Recorded done: the next start does not walk (its stop waits for the step, which read that record).
    const second = await startServe(['--data-dir', dataDir, '--port', '0', ...storeArgs]);
    expect(await second.stop()).toBe(0);
    expect(second.stderr()).not.toContain('server.step_');
    expect(await stateOf(dataDir, store, key)).toEqual(placed);
  }, 120_000);

  it('answers devices over TLS while the step is still running, and places the task once it goes on', async () => {
    const store = await storeOf();
    const { dataDir, storeArgs, code } = await initFolder(`${name}-held`, store);
    const key = await storeTheOldWay(dataDir, store);
    const holdDir = join(root, `${name}-hold`);
    mkdirSync(holdDir);
    const serving = await startServe(['--data-dir', dataDir, '--port', '0', ...storeArgs], { preload: holdTaskWalk, env: { ...process.env, HOLD_DIR: holdDir } });
    const port = Number(/:(\d+) \(listening/.exec(serving.readyLine)?.[1] ?? 'NaN');
    const client = new HttpsTestClient(`https://127.0.0.1:${port}`, readFileSync(join(dataDir, 'ca.pem'), 'utf8'));
    try {
      // The step holds before it reads its first page of tasks: it cannot end until released.
      await expect.poll(() => existsSync(join(holdDir, 'held')), { timeout: 30_000 }).toBe(true);
      const enrolled = await client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode: code } });
      expect(enrolled.status).toBe(200);
      const device = EnrolResponse.parse(enrolled.json);
      const pulled = await client.request('POST', '/v1/pull', { token: device.deviceToken, body: { protocolVersion, schemaVersion: 1, deviceId: device.deviceId, cursor: 0 } });
      expect(pulled.status).toBe(200);
      expect(serving.stderr()).not.toContain('server.step_');

      writeFileSync(join(holdDir, 'release'), '');
      await logged(serving, done);
    } finally {
      client.close();
      writeFileSync(join(holdDir, 'release'), '');
      expect(await serving.stop()).toBe(0);
    }
    expect(await stateOf(dataDir, store, key)).toMatchObject({ teamId: 'team-y', recorded: true });
  }, 120_000);
});
