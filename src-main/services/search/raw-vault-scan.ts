// Test support: decrypts every page of an SQLCipher 4 database file (and the
// page images in its WAL) with the raw key, the way an attacker holding the
// key would read them, bypassing SQLite entirely, so a test can prove that
// deleted text left no trace in the b-tree pages, free pages or slack space.
// SQLCipher 4 defaults: 4096-byte pages, AES-256-CBC, each page ends with a
// 16-byte IV and a 64-byte HMAC; page 1 starts with the 16-byte salt instead of
// the SQLite header. A raw key (x'…') is the AES key itself.
import { createDecipheriv } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const pageSize = 4096;
const reserve = 80;
const ivBytes = 16;
const saltBytes = 16;
const walHeaderBytes = 32;
const walFrameHeaderBytes = 24;

function decryptPage(page: Buffer, key: Buffer, first: boolean): Buffer {
  const start = first ? saltBytes : 0;
  const iv = page.subarray(pageSize - reserve, pageSize - reserve + ivBytes);
  const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([decipher.update(page.subarray(start, pageSize - reserve)), decipher.final()]);
}

/** The decrypted content of every page in the main file; checks the first page really decrypted. */
export async function decryptedPages(file: string, key: Buffer): Promise<Buffer[]> {
  const bytes = await readFile(file);
  const pages: Buffer[] = [];
  for (let offset = 0; offset + pageSize <= bytes.length; offset += pageSize) {
    pages.push(decryptPage(bytes.subarray(offset, offset + pageSize), key, offset === 0));
  }
  const first = pages[0];
  // Decrypted page 1 from byte 16 is the database header: page size 4096 (0x1000), then 80 reserved bytes at header offset 20.
  if (first !== undefined && (first.readUInt16BE(0) !== pageSize || first[4] !== reserve)) {
    throw new Error('The key did not decrypt page 1 into an SQLite header');
  }
  return pages;
}

/** The decrypted page images held in a WAL file (empty when there is none). */
export async function decryptedWalPages(file: string, key: Buffer): Promise<Buffer[]> {
  const bytes = await readFile(file).catch(() => Buffer.alloc(0));
  const pages: Buffer[] = [];
  for (let offset = walHeaderBytes; offset + walFrameHeaderBytes + pageSize <= bytes.length; offset += walFrameHeaderBytes + pageSize) {
    const pageNumber = bytes.readUInt32BE(offset);
    const page = bytes.subarray(offset + walFrameHeaderBytes, offset + walFrameHeaderBytes + pageSize);
    pages.push(decryptPage(page, key, pageNumber === 1));
  }
  return pages;
}

/** Whether any decrypted page of the database or its WAL contains needle (UTF-8). */
export async function vaultPagesContain(dbFile: string, key: Buffer, needle: string): Promise<boolean> {
  const bytes = Buffer.from(needle, 'utf8');
  const pages = [...(await decryptedPages(dbFile, key)), ...(await decryptedWalPages(`${dbFile}-wal`, key))];
  return pages.some((page) => page.includes(bytes));
}
