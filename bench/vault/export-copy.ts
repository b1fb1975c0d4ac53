// Copies a database into a new file, encrypted under a raw key or plain,
// with SQLCipher's sqlcipher_export(): schema, rows, FTS5 shadow tables and
// sequences, written afresh in table order. Copies made from one source this
// way have the same page layout whatever their key, which is what makes an
// encrypted/plain comparison between them fair. Needs the raw driver: ATTACH
// cannot run inside the transactions Connection offers.
import { open } from 'node:fs/promises';
import { loadDriver } from '../../src-main/vault/sqlcipher-driver';

const DEK_BYTES = 32;

export async function exportCopy(source: string, target: string, dek: Buffer | null): Promise<void> {
  if (dek !== null && dek.length !== DEK_BYTES) throw new Error(`A database key must be ${DEK_BYTES} bytes`);
  // Create the file ourselves so it is owner-only, as Connection does.
  await (await open(target, 'wx', 0o600)).close();
  const driver = await loadDriver();
  const db = await driver.open(source);
  try {
    const [row] = await db.all<{ user_version: unknown }>('PRAGMA user_version');
    const version = row?.user_version;
    if (typeof version !== 'number' || !Number.isInteger(version)) throw new Error('The source has no readable schema version');
    // Bound, not interpolated: SQLCipher reads "x'<hex>'" as a raw key and '' as no encryption.
    await db.run('ATTACH DATABASE ? AS copy KEY ?', [target, dek === null ? '' : `x'${dek.toString('hex')}'`]);
    try {
      await db.all("SELECT sqlcipher_export('copy')");
      // sqlcipher_export leaves user_version behind; the migrations read it. version is a checked integer.
      await db.exec(`PRAGMA copy.user_version = ${version}`);
    } finally {
      await db.exec('DETACH DATABASE copy');
    }
  } finally {
    await db.close();
  }
}
