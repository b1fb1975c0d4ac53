// `npm run demo`: builds the renderer, then starts the Electron shell when an
// Electron binary is installed, else the headless shell (open the printed URL
// in a browser). On a Linux machine without a desktop session the demo runs
// inside a private D-Bus session with gnome-keyring, like the tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function electronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

run('npm', ['run', 'build:renderer', '--silent']);
const electron = electronBinary();
let child;
if (electron !== null) {
  run('npm', ['run', 'build:electron', '--silent']);
  child = spawn(electron, ['.'], { stdio: 'inherit' });
} else {
  console.log('No Electron binary here: starting the headless shell. Open the URL below in a browser.');
  const headless = ['node', '--import', 'tsx', 'src-main/headless/main.ts'];
  const needsKeyring = process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS;
  child = needsKeyring
    ? spawn('bash', ['scripts/with-keychain.sh', ...headless], { stdio: 'inherit' })
    : spawn(headless[0], headless.slice(1), { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
