import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UnwrapFailedError, argon2idDefaults, deriveKek, newKdfParams, randomKey, unwrapKey, wrapKey } from './key-crypto';

describe('key-crypto', () => {
  const vaultId = randomUUID();
  const deviceSecret = randomBytes(32);

  it('uses Argon2id with at least the architecture’s cost and a 16-byte salt', () => {
    const kdf = newKdfParams();
    expect(kdf).toMatchObject({ algorithm: 'argon2id', memoryKiB: 65_536, iterations: 3, parallelism: 1 });
    expect(Buffer.from(kdf.salt, 'base64')).toHaveLength(16);
    expect(newKdfParams().salt).not.toBe(kdf.salt);
    expect(argon2idDefaults.memoryKiB).toBeGreaterThanOrEqual(64 * 1024);
  });

  it('derives a stable 32-byte KEK bound to password, device secret, salt and vault id', async () => {
    const kdf = newKdfParams();
    const started = performance.now();
    const kek = await deriveKek('pässword', deviceSecret, vaultId, kdf);
    const elapsed = performance.now() - started;
    expect(kek).toHaveLength(32);
    // NFC normalisation: the decomposed spelling derives the same key.
    expect((await deriveKek('pa\u0308ssword', deviceSecret, vaultId, kdf)).equals(kek)).toBe(true);
    expect((await deriveKek('password', deviceSecret, vaultId, kdf)).equals(kek)).toBe(false);
    expect((await deriveKek('pässword', randomBytes(32), vaultId, kdf)).equals(kek)).toBe(false);
    expect((await deriveKek('pässword', deviceSecret, randomUUID(), kdf)).equals(kek)).toBe(false);
    expect((await deriveKek('pässword', deviceSecret, vaultId, newKdfParams())).equals(kek)).toBe(false);
    console.info(`argon2id m=64MiB t=3 p=1 + HKDF: ${elapsed.toFixed(0)} ms`);
  });

  it('wraps and unwraps a DEK; any wrong input fails the GCM tag', () => {
    const kek = randomKey();
    const dek = randomKey();
    const wrapped = wrapKey(kek, dek, vaultId, 1);
    expect(Buffer.from(wrapped.ciphertext, 'base64').equals(dek)).toBe(false);
    expect(unwrapKey(kek, wrapped, vaultId).equals(dek)).toBe(true);

    expect(() => unwrapKey(randomKey(), wrapped, vaultId)).toThrow(UnwrapFailedError);
    expect(() => unwrapKey(kek, wrapped, randomUUID())).toThrow(UnwrapFailedError);
    expect(() => unwrapKey(kek, { ...wrapped, generation: 2 }, vaultId)).toThrow(UnwrapFailedError);
    const flipped = Buffer.from(wrapped.ciphertext, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => unwrapKey(kek, { ...wrapped, ciphertext: flipped.toString('base64') }, vaultId)).toThrow(UnwrapFailedError);
    expect(() => unwrapKey(kek, { ...wrapped, tag: '' }, vaultId)).toThrow(UnwrapFailedError);
  });

  it('uses a fresh IV for every wrap', () => {
    const kek = randomKey();
    const dek = randomKey();
    const a = wrapKey(kek, dek, vaultId, 1);
    const b = wrapKey(kek, dek, vaultId, 1);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('refuses keys of the wrong size', async () => {
    expect(() => wrapKey(randomBytes(16), randomKey(), vaultId, 1)).toThrow();
    expect(() => wrapKey(randomKey(), randomKey(), vaultId, 0)).toThrow();
    await expect(deriveKek('x', randomBytes(31), vaultId, newKdfParams())).rejects.toThrow();
  });
});
