// `npm run demo`: the sync server on the embedded store with a seeded demo
// organisation, and the desktop app enrolled against it and synced (see
// scripts/demo/run.ts and the README's "Demo" section). All state lives in
// FIELDVAULT_DATA_DIR (default: .demo-data in the repository; a relative one
// is under the folder the command was given in).
//
// On a Linux machine without a desktop session (a session bus and a display;
// an SSH login has a bus but no display) the demo first re-runs itself
// inside a private D-Bus session with gnome-keyring (scripts/with-keychain.sh),
// like the tests, but with its keyring kept in the demo folder's `keyring/`
// (FIELDVAULT_KEYRING_DIR) so the next run reopens the same vault. That
// wrapper's dbus-run-session does not pass signals on (its child would be
// orphaned), so the re-run process reports its pid on file descriptor 3 and a
// stop signal goes straight to it.
import { spawn } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { register } = await import('tsx/esm/api');
register();

// A private keyring unless a desktop session (a session bus and a display) is there: demo/settings.ts says why.
const needsKeyring = (await import('./demo/settings.ts')).needsPrivateKeyring(process.env, process.platform);

// A relative FIELDVAULT_DATA_DIR names a folder under the one the command was given in (settings.ts); made absolute
// once here, as the re-run below, the server and the app all start in the repository.
{
  const { dataDirOverride } = await import('./demo/settings.ts');
  const dataDir = dataDirOverride(process.env);
  if (dataDir !== undefined) process.env.FIELDVAULT_DATA_DIR = dataDir;
}

/** The demo folder's keyring folder; none when the settings are invalid (the re-run process then says why, as a demo error). */
async function keyringDir() {
  const { demoSettings } = await import('./demo/settings.ts');
  try {
    return { FIELDVAULT_KEYRING_DIR: demoSettings(repoRoot).keyringDir };
  } catch {
    return {};
  }
}

if (needsKeyring) {
  const child = spawn('bash', [path.join(repoRoot, 'scripts', 'with-keychain.sh'), process.execPath, fileURLToPath(import.meta.url)], {
    cwd: repoRoot,
    env: { ...process.env, FIELDVAULT_DEMO_PID_FD: '3', ...(await keyringDir()) },
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    // Its own process group: a terminal's Ctrl+C reaches only this process, which passes it on.
    detached: true,
  });
  let innerPid = null;
  child.stdio[3].on('data', (chunk) => {
    const pid = Number.parseInt(String(chunk), 10);
    if (Number.isInteger(pid) && pid > 0) innerPid = pid;
  });
  // SIGHUP too: a closed terminal or dropped ssh session reaches only this process (the wrapper has a group of its
  // own), and left to its default it ended this process alone, leaving the demo, its server and D-Bus running.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      try {
        // Before the demo has reported its pid, the whole group goes.
        if (innerPid === null) process.kill(-child.pid, signal);
        else process.kill(innerPid, signal);
      } catch {
        // already gone
      }
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
} else {
  if (process.env.FIELDVAULT_DEMO_PID_FD === '3') {
    writeSync(3, `${process.pid}\n`);
    closeSync(3); // the server and the app need not hold it
    delete process.env.FIELDVAULT_DEMO_PID_FD;
  }
  const { runDemo } = await import('./demo/run.ts');
  process.exit(await runDemo({ repoRoot }));
}
