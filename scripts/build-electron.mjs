// Bundles the Electron shell with Vite's build API:
//   src-main/electron/main.ts    → build/electron/main.cjs
//   src-main/electron/preload.ts → build/electron/preload.cjs
// Both are single CommonJS files (Electron's main entry and a sandboxed
// preload are loaded with require). Everything is bundled except Electron,
// Node's built-ins and the native modules, which must stay real files in
// node_modules (electron-builder rebuilds and unpacks them).
// After bundling it checks what each file requires: a sandboxed preload can
// require only 'electron', and it must not carry zod.
import { rm, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'build', 'electron');

const nativeModules = ['@journeyapps/sqlcipher', 'keytar', '@node-rs/argon2', 'better-sqlite3'];
const builtins = new Set(builtinModules);

/** True for imports left to require() at run time. */
function isExternal(id) {
  if (id === 'electron' || id.startsWith('electron/')) return true;
  if (id.startsWith('node:')) return true;
  if (builtins.has(id) || builtins.has(id.split('/')[0])) return true;
  return nativeModules.some((name) => id === name || id.startsWith(`${name}/`));
}

async function bundle(entry, fileName) {
  await build({
    configFile: false,
    root,
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: path.join(root, entry),
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      target: 'node20',
      // Readable output: the bundles are reviewed, and Electronegativity can
      // be pointed at them.
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: isExternal,
        output: { format: 'cjs', entryFileNames: fileName, codeSplitting: false, exports: 'none' },
      },
    },
  });
  return path.join(outDir, fileName);
}

/** Every module a CommonJS bundle loads at run time. */
function requiredModules(code) {
  const found = new Set();
  for (const match of code.matchAll(/\brequire\(\s*(['"`])([^'"`]+)\1\s*\)|\bimport\(\s*(['"`])([^'"`]+)\3\s*\)/g)) {
    found.add(match[2] ?? match[4]);
  }
  return [...found].sort();
}

function fail(message) {
  console.error(`build-electron: ${message}`);
  process.exit(1);
}

await rm(outDir, { recursive: true, force: true });
const mainFile = await bundle('src-main/electron/main.ts', 'main.cjs');
const preloadFile = await bundle('src-main/electron/preload.ts', 'preload.cjs');

const mainCode = await readFile(mainFile, 'utf8');
const preloadCode = await readFile(preloadFile, 'utf8');

const preloadRequires = requiredModules(preloadCode);
if (preloadRequires.some((id) => id !== 'electron')) {
  fail(`the sandboxed preload may require only 'electron', it requires: ${preloadRequires.join(', ')}`);
}
if (/\bzod\b|ZodError|\bz\.object\b/.test(preloadCode)) fail('the preload bundle contains zod');

const mainRequires = requiredModules(mainCode);
const unexpected = mainRequires.filter((id) => !isExternal(id));
if (unexpected.length > 0) fail(`main.cjs loads modules that were meant to be bundled: ${unexpected.join(', ')}`);

for (const [file, code, requires] of [
  [mainFile, mainCode, mainRequires],
  [preloadFile, preloadCode, preloadRequires],
]) {
  console.log(
    `build-electron: ${path.relative(root, file)} ${(code.length / 1024).toFixed(1)} KiB, requires ${requires.join(', ')}`,
  );
}
