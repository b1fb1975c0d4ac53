// The vault's key hierarchy, as pure functions over buffers:
//   KEK = HKDF-SHA256(Argon2id(password, salt) ‖ device secret, salt = vault id, info = 'FieldVault KEK v1')
//   wrapped DEK = AES-256-GCM(KEK, DEK, AAD = vault id + key generation)
// A wrong password (or device secret) fails the GCM tag, so nothing like a
// password verifier is ever stored. Every intermediate secret is zeroed.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { hashRaw } from '@node-rs/argon2';
import { z } from 'zod';

export const KEY_BYTES = 32;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEK_INFO = 'FieldVault KEK v1';
/** @node-rs/argon2's Algorithm.Argon2id; its enum is `const` and cannot be imported under isolatedModules. */
const ARGON2ID = 2;

export interface KdfParams {
  readonly algorithm: 'argon2id';
  readonly memoryKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
  /** base64 of 16 random bytes */
  readonly salt: string;
}

/** AES-256-GCM wrap of a DEK, all binary fields base64. */
export interface WrappedKey {
  readonly generation: number;
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/** The architecture's floor: m ≥ 64 MiB, t ≥ 3, p = 1. */
export const argon2idDefaults = { memoryKiB: 65_536, iterations: 3, parallelism: 1 } as const;

/** The wrap did not authenticate: wrong password, wrong device secret, or a tampered header. */
export class UnwrapFailedError extends Error {
  constructor() {
    super('The key could not be unwrapped');
    this.name = 'UnwrapFailedError';
  }
}

export function newKdfParams(): KdfParams {
  return { algorithm: 'argon2id', ...argon2idDefaults, salt: randomBytes(SALT_BYTES).toString('base64') };
}

export function randomKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** The 16 bytes of a UUID, used as HKDF salt so a KEK is bound to one vault. */
function vaultIdBytes(vaultId: string): Buffer {
  const parsed = z.uuid().safeParse(vaultId);
  if (!parsed.success) throw new Error('A vault id must be a UUID');
  return Buffer.from(parsed.data.replaceAll('-', ''), 'hex');
}

/** Derives the key-encryption key. The password is normalised to NFC so equivalent keyboard input unlocks alike. */
export async function deriveKek(password: string, deviceSecret: Buffer, vaultId: string, kdf: KdfParams): Promise<Buffer> {
  if (deviceSecret.length !== KEY_BYTES) throw new Error(`A device secret must be ${KEY_BYTES} bytes`);
  const passwordBytes = Buffer.from(password.normalize('NFC'), 'utf8');
  const salt = Buffer.from(kdf.salt, 'base64');
  let stretched: Buffer | null = null;
  let inputKeyMaterial: Buffer | null = null;
  try {
    stretched = await hashRaw(passwordBytes, {
      algorithm: ARGON2ID,
      memoryCost: kdf.memoryKiB,
      timeCost: kdf.iterations,
      parallelism: kdf.parallelism,
      outputLen: KEY_BYTES,
      salt,
    });
    inputKeyMaterial = Buffer.concat([stretched, deviceSecret]);
    const derived = new Uint8Array(hkdfSync('sha256', inputKeyMaterial, vaultIdBytes(vaultId), KEK_INFO, KEY_BYTES));
    const kek = Buffer.from(derived);
    derived.fill(0);
    return kek;
  } finally {
    passwordBytes.fill(0);
    stretched?.fill(0);
    inputKeyMaterial?.fill(0);
  }
}

/** Binds a wrap to its vault and key generation, so a wrap cannot be replayed into another slot or vault. */
function additionalData(vaultId: string, generation: number): Buffer {
  return Buffer.from(`FieldVault DEK v1|${vaultId}|${generation}`, 'utf8');
}

export function wrapKey(kek: Buffer, dek: Buffer, vaultId: string, generation: number): WrappedKey {
  if (kek.length !== KEY_BYTES || dek.length !== KEY_BYTES) throw new Error('Keys must be 32 bytes');
  if (!Number.isSafeInteger(generation) || generation < 1) throw new Error('A key generation is a positive integer');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(vaultId, generation));
  const ciphertext = Buffer.concat([cipher.update(dek), cipher.final()]);
  const wrapped: WrappedKey = {
    generation,
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
  return wrapped;
}

/** Returns the DEK, or throws UnwrapFailedError when the GCM tag does not verify. */
export function unwrapKey(kek: Buffer, wrapped: WrappedKey, vaultId: string): Buffer {
  if (kek.length !== KEY_BYTES) throw new Error('Keys must be 32 bytes');
  const iv = Buffer.from(wrapped.iv, 'base64');
  const tag = Buffer.from(wrapped.tag, 'base64');
  const ciphertext = Buffer.from(wrapped.ciphertext, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES || ciphertext.length !== KEY_BYTES) {
    throw new UnwrapFailedError();
  }
  const decipher = createDecipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(vaultId, wrapped.generation));
  decipher.setAuthTag(tag);
  const head = decipher.update(ciphertext);
  try {
    const tail = decipher.final();
    const dek = Buffer.concat([head, tail]);
    tail.fill(0);
    return dek;
  } catch {
    throw new UnwrapFailedError();
  } finally {
    // Unauthenticated plaintext must not linger either.
    head.fill(0);
  }
}
