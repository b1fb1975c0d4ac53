// Builds the vault's SQLCipher driver (@journeyapps/sqlcipher, which
// compiles SQLCipher from its bundled amalgamation) with FieldVault's two
// changes to SQLCipher's memory security and one to how it calls OpenSSL,
// then records that it did.
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
// The OpenSSL change: the page HMAC's digest and AES-256-CBC are fetched
// once while SQLCipher is active, instead of by name for every page (see
// fetchedOnce below); src-main/vault/page-format.test.ts checks the pages
// against Node's own crypto and plain SQLite.
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
/*
 * The page HMAC's digest and the page cipher, fetched once while SQLCipher is
 * active. Upstream's OpenSSL 3 provider looks both up by name for every page
 * it encrypts, decrypts or authenticates (EVP_MAC_fetch, the "digest"
 * parameter, and EVP_aes_256_cbc(), which OpenSSL 3 fetches again on each
 * EVP_CipherInit_ex). What is kept is unkeyed: an HMAC context with only its
 * digest set, duplicated for each page, and the cipher's method table. Every
 * key still enters a context of that call only, freed (and cleansed by
 * OpenSSL) before the call returns, as upstream. The bytes on disk do not
 * change: src-main/vault/page-format.test.ts checks pages against Node's own
 * AES-256-CBC and HMAC-SHA512.
 */
const fetchedOnce = `/* FieldVault: algorithms fetched once while SQLCipher is active, not by name per page (scripts/vault-driver.mjs).
 * Only unkeyed state is kept; every key goes into a context of one call, freed before it returns. */
static EVP_MAC_CTX *fieldvault_hmac_bases[3] = { NULL, NULL, NULL };
static EVP_CIPHER *fieldvault_aes = NULL;

static void fieldvault_fetch_algorithms(void) {
  static char sha1[] = "sha1", sha256[] = "sha256", sha512[] = "sha512";
  char *digests[3] = { sha1, sha256, sha512 };
  EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
  int i;
  for(i = 0; i < 3; i++) {
    OSSL_PARAM params[] = { { "digest", OSSL_PARAM_UTF8_STRING, digests[i], strlen(digests[i]), 0 }, OSSL_PARAM_END };
    EVP_MAC_CTX *base = mac == NULL ? NULL : EVP_MAC_CTX_new(mac);
    if(base != NULL && !EVP_MAC_CTX_set_params(base, params)) {
      EVP_MAC_CTX_free(base);
      base = NULL;
    }
    fieldvault_hmac_bases[i] = base;
  }
  if(mac != NULL) EVP_MAC_free(mac); /* each context holds its own reference */
  fieldvault_aes = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL);
  sqlcipher_openssl_log_errors(); /* a failed fetch leaves upstream's path in use */
}

static void fieldvault_free_algorithms(void) {
  int i;
  for(i = 0; i < 3; i++) {
    if(fieldvault_hmac_bases[i] != NULL) EVP_MAC_CTX_free(fieldvault_hmac_bases[i]);
    fieldvault_hmac_bases[i] = NULL;
  }
  if(fieldvault_aes != NULL) EVP_CIPHER_free(fieldvault_aes);
  fieldvault_aes = NULL;
}

static EVP_MAC_CTX *fieldvault_hmac_base(int algorithm) {
  switch(algorithm) {
    case SQLCIPHER_HMAC_SHA1: return fieldvault_hmac_bases[0];
    case SQLCIPHER_HMAC_SHA256: return fieldvault_hmac_bases[1];
    case SQLCIPHER_HMAC_SHA512: return fieldvault_hmac_bases[2];
    default: return NULL;
  }
}

static int fieldvault_hmac(
  EVP_MAC_CTX *base, const unsigned char *hmac_key, int key_sz,
  const unsigned char *in, int in_sz, const unsigned char *in2, int in2_sz, unsigned char *out
) {
  size_t outlen = 0;
  int ok = 0;
  EVP_MAC_CTX *hctx = EVP_MAC_CTX_dup(base);
  if(hctx != NULL) {
    ok = EVP_MAC_init(hctx, hmac_key, key_sz, NULL)
      && EVP_MAC_update(hctx, in, in_sz)
      && (in2 == NULL || EVP_MAC_update(hctx, in2, in2_sz))
      && EVP_MAC_final(hctx, out, &outlen, EVP_MAC_CTX_get_mac_size(hctx));
    EVP_MAC_CTX_free(hctx);
  }
  if(!ok) {
    sqlcipher_log(SQLCIPHER_LOG_ERROR, SQLCIPHER_LOG_PROVIDER, "fieldvault_hmac: HMAC over %d bytes failed", in_sz);
    sqlcipher_openssl_log_errors();
    return SQLITE_ERROR;
  }
  return SQLITE_OK;
}
`;

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
  {
    where: 'the OpenSSL provider, before sqlcipher_openssl_activate',
    from: ['#define OPENSSL_CIPHER EVP_aes_256_cbc()\n'],
    to: `#define OPENSSL_CIPHER EVP_aes_256_cbc()\n${fetchedOnce}`,
  },
  {
    where: 'sqlcipher_openssl_activate',
    from: ['  openssl_init_count++;\n'],
    to: '  if(openssl_init_count == 0) fieldvault_fetch_algorithms(); /* FieldVault (scripts/vault-driver.mjs) */\n  openssl_init_count++;\n',
  },
  {
    where: 'sqlcipher_openssl_deactivate',
    from: ['  openssl_init_count--;\n'],
    to: '  openssl_init_count--;\n  if(openssl_init_count == 0) fieldvault_free_algorithms(); /* FieldVault (scripts/vault-driver.mjs) */\n',
  },
  {
    where: 'sqlcipher_openssl_hmac',
    from: ['  mac = EVP_MAC_fetch(NULL, "HMAC", NULL);\n'],
    to: [
      '  /* FieldVault: HMAC with the digest fetched once (scripts/vault-driver.mjs); this path when that fetch failed */',
      '  if(fieldvault_hmac_base(algorithm) != NULL) return fieldvault_hmac(fieldvault_hmac_base(algorithm), hmac_key, key_sz, in, in_sz, in2, in2_sz, out);',
      '  mac = EVP_MAC_fetch(NULL, "HMAC", NULL);',
      '',
    ].join('\n'),
  },
  {
    where: 'sqlcipher_openssl_cipher',
    from: ['  if(!(rc = EVP_CipherInit_ex(ectx, OPENSSL_CIPHER, NULL, NULL, NULL, mode))) {\n'],
    to: [
      '  /* FieldVault: AES-256-CBC fetched once (scripts/vault-driver.mjs); OPENSSL_CIPHER makes OpenSSL 3 fetch it by name on every call */',
      '  if(!(rc = EVP_CipherInit_ex(ectx, fieldvault_aes != NULL ? fieldvault_aes : OPENSSL_CIPHER, NULL, NULL, NULL, mode))) {',
      '',
    ].join('\n'),
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
  console.log("vault-driver: SQLCipher driver already built with FieldVault's changes");
} else {
  console.log("vault-driver: rebuilding the SQLCipher driver with FieldVault's changes (about 2 minutes)");
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm]] : ['npm', []];
  execFileSync(command, [...args, 'rebuild', '@journeyapps/sqlcipher'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(binary)) fail(`the rebuild left no ${binary}`);
  writeFileSync(marker, `${JSON.stringify({ sourceSha256, node: process.versions.modules, builtAt: new Date().toISOString() }, null, 2)}\n`);
  console.log('vault-driver: done');
}
