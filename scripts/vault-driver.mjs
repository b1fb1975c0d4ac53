// Builds the vault's SQLCipher driver (@journeyapps/sqlcipher, which
// compiles SQLCipher from its bundled amalgamation) with FieldVault's two
// changes to SQLCipher's memory security, then records that it did.
//
// With `PRAGMA cipher_memory_security = ON`, SQLCipher wraps SQLite's
// allocator: every allocation is mlock()ed, and every free overwrites the
// block and munlock()s it. The overwrite is the protection that matters and
// stays, but it writes zeros with libc's memset (called through a volatile
// function pointer, so the compiler cannot drop it) instead of pseudo-random
// bytes from a xoshiro generator whose state, output and loop counters are
// all volatile: that loop was 11% of the CPU of a contact insert, and zeros
// destroy the old contents just as well. The per-allocation mlock/munlock
// pair goes: it is two system calls that split and re-merge the process's
// memory mappings for every SQLite allocation (page buffers, records, bound
// values), which made writes 2.2 times slower, and it never locked small
// blocks reliably anyway, because munlock() of one block unlocks whole pages
// still shared with live ones.
// SQLCipher's private heap, where the key material lives, is allocated
// separately and stays locked (now without neighbours unlocking its edge
// pages). docs/ARCHITECTURE.md "Local vault and keys" has the measurements;
// src-main/vault/driver-memory.test.ts checks the built driver's behaviour.
//
// Runs as the root package's postinstall (after npm has built the driver
// once) and again whenever the amalgamation or the build changed. Any
// surprise in the source (another driver version, text not found) fails the
// install rather than quietly building something else.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const driverDir = path.join(root, 'node_modules', '@journeyapps', 'sqlcipher');
const sourceFile = path.join(driverDir, 'deps', 'sqlcipher-amalgamation', 'sqlite3.c');
const binary = path.join(driverDir, 'build', 'Release', 'node_sqlite3.node');
const marker = path.join(driverDir, 'build', 'Release', 'fieldvault-memory-security.json');
const driverVersion = '6.0.0';

const note = (what) => `/* FieldVault: no ${what} here; freed blocks are still wiped (scripts/vault-driver.mjs) */`;
const wiper = [
  '/* FieldVault: freed blocks are zeroed by libc memset called through a volatile pointer, which no compiler',
  ' * can prove unused, instead of being filled byte group by byte group from a volatile PRNG (scripts/vault-driver.mjs) */',
  'static void *(*const volatile fieldvault_memset)(void *, int, size_t) = memset;',
  'static void fieldvault_wipe(void *p, int sz) {',
  '  if(p != NULL && sz > 0) fieldvault_memset(p, 0, (size_t)sz);',
  '}',
  'static void sqlcipher_mem_free(void *p) {',
].join('\n');
/** Each edit: the text it replaces (upstream's, or an earlier version of this patch's), and what it writes. */
const edits = [
  {
    where: 'sqlcipher_mem_malloc',
    from: ['    sqlcipher_log(SQLCIPHER_LOG_TRACE, SQLCIPHER_LOG_MEMORY, "sqlcipher_mem_malloc: calling sqlcipher_mlock(%p,%d)", ptr, n);\n    sqlcipher_mlock(ptr, n);\n'],
    to: `    ${note('mlock per allocation')}\n`,
  },
  {
    where: 'the wipe before sqlcipher_mem_free',
    from: ['static void sqlcipher_mem_free(void *p) {'],
    to: wiper,
  },
  {
    where: 'sqlcipher_mem_free',
    from: ['    xoshiro_randomness(p, sz);\n    sqlcipher_munlock(p, sz);\n', `    xoshiro_randomness(p, sz);\n    ${note('munlock per free')}\n`],
    to: `    fieldvault_wipe(p, sz);\n    ${note('munlock per free')}\n`,
  },
];

function fail(message) {
  console.error(`vault-driver: ${message}`);
  process.exit(1);
}

function occurrences(text, part) {
  return text.split(part).length - 1;
}

function patchSource() {
  const original = readFileSync(sourceFile, 'utf8');
  let text = original;
  for (const edit of edits) {
    const done = occurrences(text, edit.to);
    // A replacement may contain the text it replaced (the wipe goes in front of a function it keeps).
    const pending = edit.from.filter((from) => occurrences(text, from) - done * occurrences(edit.to, from) === 1);
    if (done === 0 && pending.length === 1) text = text.replace(pending[0], edit.to);
    else if (!(done === 1 && pending.length === 0)) fail(`${edit.where} in ${sourceFile} is not the code this patch was written for; review the patch before upgrading the driver`);
  }
  if (text !== original) writeFileSync(sourceFile, text);
  return createHash('sha256').update(text).digest('hex');
}

function builtFrom() {
  if (!existsSync(marker) || !existsSync(binary)) return null;
  try {
    const recorded = JSON.parse(readFileSync(marker, 'utf8'));
    return typeof recorded.sourceSha256 === 'string' && recorded.node === process.versions.modules ? recorded.sourceSha256 : null;
  } catch {
    return null;
  }
}

if (!existsSync(sourceFile)) fail(`${sourceFile} is missing: run npm ci first`);
const version = JSON.parse(readFileSync(path.join(driverDir, 'package.json'), 'utf8')).version;
if (version !== driverVersion) fail(`@journeyapps/sqlcipher is ${version}; this patch was written for ${driverVersion}`);

const sourceSha256 = patchSource();
if (builtFrom() === sourceSha256) {
  console.log('vault-driver: SQLCipher driver already built with FieldVault memory security');
} else {
  console.log('vault-driver: rebuilding the SQLCipher driver with FieldVault memory security (about 2 minutes)');
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm]] : ['npm', []];
  execFileSync(command, [...args, 'rebuild', '@journeyapps/sqlcipher'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(binary)) fail(`the rebuild left no ${binary}`);
  writeFileSync(marker, `${JSON.stringify({ sourceSha256, node: process.versions.modules, builtAt: new Date().toISOString() }, null, 2)}\n`);
  console.log('vault-driver: done');
}
