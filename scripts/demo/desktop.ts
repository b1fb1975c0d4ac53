// The demo's desktop vault, made ready before the app opens: the same core
// both shells run (real SQLCipher vault, real OS keychain) creates the vault
// with the demo password on the first run and unlocks it on later ones,
// enrols it with the one-time code seed-demo minted (over a connection that
// trusts only the organisation CA), and syncs to completion. Then it locks
// again; the app starts locked and syncs (poke, timer, local changes) from
// the moment the user signs in with the demo password.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { createCore } from '../../src-main/app/core';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { createLogger, type Logger } from '../../src-main/log/logger';
import { AppError } from '../../src-shared/ipc/errors';
import { EnrolmentBundle, syncedEntities, type SyncedEntity } from '../../src-shared/sync/protocol';
import { DemoError } from './server-process';
import type { DemoSettings } from './settings';

export interface DesktopReport {
  readonly created: boolean;
  readonly enrolledNow: boolean;
  /** Live records of each entity in the vault after the sync. */
  readonly counts: Record<SyncedEntity, number>;
  readonly seconds: number;
}

/** Warnings and errors only: the demo's console shows what it is doing in its own words. */
function quietLogger(): Logger {
  const inner = createLogger();
  return { log: (level, event, fields) => (level === 'warn' || level === 'error' ? inner.log(level, event, fields) : undefined) };
}

const CountRow = z.object({ count: z.number().int().nonnegative() });

export async function prepareDesktop(settings: DemoSettings, serverUrl: string): Promise<DesktopReport> {
  const started = performance.now();
  await mkdir(settings.desktopDir, { recursive: true, mode: 0o700 });
  const core = createCore({
    dataDir: settings.desktopDir,
    keyStore: new KeytarKeyStore(settings.keychainService),
    log: quietLogger(),
    isTrustedSender: () => false, // no renderer talks to this core
    idleLockMs: 0,
    sync: { poke: false, intervalMs: 0 },
  });
  try {
    const created = !existsSync(path.join(settings.desktopDir, 'vault.json'));
    try {
      if (created) await core.vault.create(settings.password);
      else await core.vault.unlock(settings.password);
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'unknown error';
      throw new DemoError(`The demo vault in ${settings.desktopDir} could not be ${created ? 'created' : 'opened'} (${code}). Delete that folder to start the desktop over.`);
    }
    const before = await core.sync.status();
    let status = before;
    try {
      if (!before.enrolled) {
        const bundle = EnrolmentBundle.parse(JSON.parse(readFileSync(settings.bundlePath, 'utf8')));
        await core.sync.enrol({
          serverUrl,
          caCertificatePem: bundle.caCertificatePem,
          enrolmentCode: bundle.enrolmentCode,
          organisationName: bundle.organisationName,
        });
        // enrol answers once the first sync has started: wait for it to end, then read how it went.
        await core.sync.idle();
        status = await core.sync.status();
      } else {
        status = await core.sync.syncNow();
      }
    } catch (error) {
      throw new DemoError(`The desktop vault could not ${before.enrolled ? 'sync' : 'enrol'}: ${error instanceof AppError ? error.message : String(error)}`);
    }
    if (status.state !== 'online' || status.lastError !== null) {
      throw new DemoError(`The desktop vault could not sync with ${serverUrl}: ${status.lastError ?? status.state}`);
    }
    const counts = await core.vault.connection().read(async (tx) => {
      const result: Partial<Record<SyncedEntity, number>> = {};
      // Every synced entity has a table of the same name (protocol.ts); the names come from that fixed list.
      for (const entity of syncedEntities) result[entity] = CountRow.parse(await tx.get(`SELECT count(*) AS count FROM ${entity} WHERE deleted_at IS NULL`)).count;
      return { accounts: 0, contacts: 0, deals: 0, activities: 0, tasks: 0, ...result };
    });
    return { created, enrolledNow: !before.enrolled, counts, seconds: (performance.now() - started) / 1000 };
  } finally {
    await core.close();
  }
}
