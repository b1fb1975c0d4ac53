// AES-256-GCM sealing, the one primitive behind every secret the server keeps
// at rest: data keys wrapped by the master key, record values sealed by data
// keys. Layout: iv (12 random bytes) ‖ tag (16) ‖ ciphertext. The AAD binds a
// ciphertext to where it belongs, so a value copied onto another record (or
// a wrap onto another key id) fails the tag instead of decrypting.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ivBytes = 12;
const tagBytes = 16;
export const aeadKeyBytes = 32;

export class SealOpenError extends Error {
  constructor() {
    super('A sealed value failed authentication (wrong key, wrong place or tampered)');
    this.name = 'SealOpenError';
  }
}

export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Buffer {
  if (key.length !== aeadKeyBytes) throw new Error('An AES-256-GCM key has 32 bytes');
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function open(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer {
  if (key.length !== aeadKeyBytes) throw new Error('An AES-256-GCM key has 32 bytes');
  if (sealed.length < ivBytes + tagBytes) throw new SealOpenError();
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
    return Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]);
  } catch {
    throw new SealOpenError();
  }
}
