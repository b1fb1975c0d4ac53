// The plaintext vault header, `vault.json`: KDF parameters, the wrapped DEK
// (and during a rotation the pending one) and the failed-unlock counter. It is
// the vault's commit point, so it is only ever replaced atomically: write a
// temp file, fsync, rename over, fsync the folder. It holds no secret that is
// usable without both the password and the device secret.
import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { VaultCorruptError, VaultTooNewError } from '../../src-shared/ipc/errors';

const Base64 = z.base64();

const WrappedKeySchema = z
  .object({
    generation: z.number().int().positive(),
    iv: Base64,
    ciphertext: Base64,
    tag: Base64,
  })
  .strict();

export const VaultHeaderSchema = z
  .object({
    format: z.literal(1),
    vaultId: z.uuid(),
    kdf: z
      .object({
        algorithm: z.literal('argon2id'),
        // Bounded both ways: below the floor weakens the vault, far above it lets a
        // tampered header exhaust memory or time before the wrong-password answer.
        memoryKiB: z.number().int().min(65_536).max(4_194_304),
        iterations: z.number().int().min(3).max(64),
        parallelism: z.number().int().min(1).max(16),
        salt: Base64,
      })
      .strict(),
    current: WrappedKeySchema,
    pending: WrappedKeySchema.optional(),
    failedUnlocks: z
      .object({
        count: z.number().int().nonnegative(),
        lastFailureAt: z.number().int().nonnegative().nullable(),
      })
      .strict(),
  })
  .strict();
export type VaultHeader = z.infer<typeof VaultHeaderSchema>;

/** The header with no rotation in flight; `current` replaced when a pending wrap is promoted. */
export function settledHeader(header: VaultHeader, current: VaultHeader['current'] = header.current): VaultHeader {
  const { format, vaultId, kdf, failedUnlocks } = header;
  return { format, vaultId, kdf, current, failedUnlocks };
}

export const HEADER_FILE = 'vault.json';
const TEMP_SUFFIX = '.tmp';

export function headerPath(dataDir: string): string {
  return path.join(dataDir, HEADER_FILE);
}

/** Reads and validates the header; null when there is none. Never echoes file content in errors. */
export async function readHeader(dataDir: string): Promise<VaultHeader | null> {
  let text: string;
  try {
    text = await readFile(headerPath(dataDir), 'utf8');
  } catch (error) {
    if (error instanceof Error && Reflect.get(error, 'code') === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VaultCorruptError('its header is not valid JSON');
  }
  const parsed = VaultHeaderSchema.safeParse(json);
  if (!parsed.success) {
    // A later header format is a newer app's vault, not a damaged one.
    const format: unknown = typeof json === 'object' && json !== null ? Reflect.get(json, 'format') : undefined;
    if (typeof format === 'number' && Number.isInteger(format) && format > VaultHeaderSchema.shape.format.value) throw new VaultTooNewError();
    // So is one of this format whose only fault is keys this build does not know (a newer build's extra field, the
    // app downgraded since): taken for damage, the lock screen offered a password-less erase of a vault the newer
    // app opens. It is not opened either: the header written back after the unlock would drop the fields it added.
    // Any other fault (a field missing or out of range, the count's or the pending wrap's too) is damage.
    if (parsed.error.issues.every((issue) => issue.code === 'unrecognized_keys')) throw new VaultTooNewError();
    throw new VaultCorruptError('its header does not match the expected format');
  }
  return parsed.data;
}

/** Replaces the header atomically and durably. */
export async function writeHeader(dataDir: string, header: VaultHeader): Promise<void> {
  const valid = VaultHeaderSchema.parse(header);
  const target = headerPath(dataDir);
  const temp = `${target}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(valid, null, 2) + '\n', 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, target);
  await syncDirectory(dataDir);
}

/** fsync on the folder makes the rename itself durable (POSIX); Windows cannot open folders and needs no such step. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes temp headers left by a crash between write and rename. */
export async function removeStaleHeaderTemps(dataDir: string): Promise<void> {
  const names = await readdir(dataDir).catch(() => []);
  const prefix = `${HEADER_FILE}.`;
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX))
      .map((name) => rm(path.join(dataDir, name), { force: true })),
  );
}
