// The master key: 32 random bytes in `master.key` (JSON with its id, mode
// 0600) in the server's data folder. It only wraps data keys; no record value
// is ever sealed with it directly, so rotating it re-wraps a handful of data
// keys and touches no record. In production the master key belongs in a KMS
// or HSM (wrap/unwrap calls by key id); this file-based key is the embedded
// default, and `MasterKey` is the seam a KMS client would replace.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { aeadKeyBytes, open, seal } from './aead';
import { readSecretFile, SecretFileError, writeSecretFile } from './secret-file';

const MasterKeyFile = z
  .object({ version: z.literal(1), id: z.string().regex(/^mk-[0-9a-f]{16}$/), key: z.string().base64() })
  .strict();

export const masterKeyFileName = 'master.key';
/** Written first during a master-key rotation; see rotation.ts. */
export const nextMasterKeyFileName = 'master.key.next';

export class MasterKey {
  readonly #key: Buffer;

  private constructor(
    readonly id: string,
    key: Buffer,
  ) {
    this.#key = key;
  }

  static generate(): MasterKey {
    return new MasterKey(`mk-${randomBytes(8).toString('hex')}`, randomBytes(aeadKeyBytes));
  }

  static load(path: string): MasterKey {
    let parsed: z.infer<typeof MasterKeyFile>;
    try {
      parsed = MasterKeyFile.parse(JSON.parse(readSecretFile(path).toString('utf8')));
    } catch (error) {
      if (error instanceof SecretFileError) throw error;
      throw new SecretFileError(`${path} is not a FieldVault master key file`);
    }
    const key = Buffer.from(parsed.key, 'base64');
    if (key.length !== aeadKeyBytes) throw new SecretFileError(`${path} does not hold a 256-bit key`);
    return new MasterKey(parsed.id, key);
  }

  /** Writes the key file; with `create`, fails (EEXIST) rather than replace a file already there. */
  save(path: string, mode: 'replace' | 'create' = 'replace'): void {
    writeSecretFile(path, JSON.stringify({ version: 1, id: this.id, key: this.#key.toString('base64') }), mode);
  }

  /** Wraps a data key; the AAD binds the wrap to the data key's id. */
  wrap(dataKeyId: string, dataKey: Uint8Array): Buffer {
    return seal(this.#key, dataKey, `fieldvault/data-key/v1|${dataKeyId}`);
  }

  unwrap(dataKeyId: string, wrapped: Uint8Array): Buffer {
    return open(this.#key, wrapped, `fieldvault/data-key/v1|${dataKeyId}`);
  }
}

/** The master keys found in a data folder: the current one and, mid-rotation, the next. */
export function loadMasterKeys(dataDir: string): MasterKey[] {
  const keys = [MasterKey.load(join(dataDir, masterKeyFileName))];
  const next = join(dataDir, nextMasterKeyFileName);
  if (existsSync(next)) keys.push(MasterKey.load(next));
  return keys;
}
