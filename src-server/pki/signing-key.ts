// The organisation's Ed25519 signing key (leases and audit checkpoints are
// signed with it later). The private key stays in the data folder (0600); the
// public key goes into the organisation row so devices can verify.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readSecretFile, writeSecretFile } from '../crypto/secret-file';

export interface SigningKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

export function generateSigningKey(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function saveSigningKey(path: string, pair: SigningKeyPair): void {
  writeSecretFile(path, pair.privateKeyPem);
}

export function loadSigningKey(path: string): KeyObject {
  const key = createPrivateKey(readSecretFile(path));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is not an Ed25519 private key`);
  return key;
}

export function signDocument(privateKey: KeyObject, document: Uint8Array): Buffer {
  return sign(null, document, privateKey);
}

export function verifyDocument(publicKeyPem: string, document: Uint8Array, signature: Uint8Array): boolean {
  return verify(null, document, createPublicKey(publicKeyPem), signature);
}
