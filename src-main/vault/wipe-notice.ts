// Why this device's last vault was erased, kept beside it (`wipe-notice.json`)
// so the create screen can say so after the app restarts: the lock event that
// says it is gone with the window that heard it, and a rep whose revoked
// laptop wiped itself, then quit, otherwise saw a plain first-run screen.
// It holds the reason and the time only, never anything of the vault. A wipe
// (failed unlocks) or a revocation writes it once the keychain entry is gone
// and before the files go, so a crash while they go keeps it (and an app
// killed as it appears has lost the vault already; crypto-shred.ts); the user's own destroy removes one left from before,
// and so does the next create. Status reports it only while there is no vault.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { VaultStatus } from '../../src-shared/ipc/contract';
import type { Logger } from '../log/logger';

const NOTICE = 'wipe-notice.json';
const WipeNotice = z.object({ reason: z.enum(['wiped', 'revoked']), at: z.number().int().nonnegative() });
type WipeNotice = z.infer<typeof WipeNotice>;

const noticePath = (dataDir: string): string => path.join(dataDir, NOTICE);

/** The notice, or null when there is none (or it is unreadable: a notice is never a reason to fail a status check). */
async function readWipeNotice(dataDir: string): Promise<WipeNotice | null> {
  try {
    return WipeNotice.parse(JSON.parse(await readFile(noticePath(dataDir), 'utf8')));
  } catch {
    return null;
  }
}

/** Before a shred: writes why (`wiped`, `revoked`) or, for the user's own destroy, removes an older notice. Never throws: the shred goes on. */
export async function noteWipe(dataDir: string, reason: 'wiped' | 'revoked' | 'destroyed', at: number, log: Logger): Promise<void> {
  const temp = `${noticePath(dataDir)}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    if (reason === 'destroyed') {
      await clearWipeNotice(dataDir);
      return;
    }
    await writeFile(temp, JSON.stringify({ reason, at } satisfies WipeNotice), { mode: 0o600, flush: true });
    await rename(temp, noticePath(dataDir));
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
    log.log('error', 'vault.wipeNoticeFailed', { reason });
  }
}

/** After a create: the new vault is what the device holds now. */
export async function clearWipeNotice(dataDir: string): Promise<void> {
  await rm(noticePath(dataDir), { force: true });
}

/** A status with no vault, with the last wipe's reason and time when a notice is there. */
export async function withWipeNotice(dataDir: string, status: VaultStatus): Promise<VaultStatus> {
  if (status.state !== 'none') return status;
  const notice = await readWipeNotice(dataDir);
  return notice === null ? status : { ...status, lastWipe: notice };
}
