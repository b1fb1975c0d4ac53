// `npm run demo`, after scripts/demo.mjs has made sure a keychain is there:
// builds the renderer, opens the desktop vault (created or unlocked), prepares
// and starts the sync server (embedded SQLite store, demo organisation seeded
// through the server's push path, a one-time enrolment code only for a vault
// not enrolled yet), enrols the desktop or syncs it, then opens the
// app: Electron when its binary is installed, else the headless shell, which
// prints `FieldVault ready at http://127.0.0.1:PORT/#token=…`. Ctrl+C (or
// SIGTERM, or SIGHUP when the terminal or ssh session goes) stops the app and
// the server, and the build or seed under way; if either stops on its own,
// the other is stopped too and the demo exits with its code.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openDesktop, type DesktopReport, type DesktopSession } from './desktop';
import { DemoError, prepareOrganisation, startServer, type ServerProcess } from './server-process';
import { demoSettings, type DemoSettings } from './settings';

const print = (line: string): void => void process.stdout.write(`${line}\n`);
const count = (value: number): string => value.toLocaleString('en-US');

/** The Electron binary when one is installed, without triggering electron's download-on-require. */
function electronBinary(repoRoot: string): string | null {
  const packageDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Runs an npm script as a child the demo can stop (a blocking spawnSync left Ctrl+C unheard until it ended). */
async function npmRun(settings: DemoSettings, script: string, children: Children): Promise<void> {
  // npm is a .cmd script on Windows, which only a shell runs.
  const child = children.adopt(spawn('npm', ['run', script, '--silent'], { cwd: settings.repoRoot, stdio: 'inherit', shell: process.platform === 'win32' }));
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', (exitCode) => resolve(exitCode)));
  if (code !== 0 && !children.stopping) throw new DemoError(`npm run ${script} failed`);
}

/** With FIELDVAULT_DEMO_SKIP_BUILD=1: what the app would start from but is missing (a fresh clone served a blank page), or null. */
export function missingBuild(settings: DemoSettings, electron: string | null, env: NodeJS.ProcessEnv): string | null {
  const build = path.join(settings.repoRoot, 'build');
  // The headless shell serves FIELDVAULT_RENDERER_DIR when set; Electron always its app's build/renderer.
  const rendererDir = electron === null ? (env['FIELDVAULT_RENDERER_DIR'] ?? path.join(build, 'renderer')) : path.join(build, 'renderer');
  const needed = [path.join(rendererDir, 'index.html'), ...(electron === null ? [] : [path.join(build, 'electron', 'main.cjs')])];
  const missing = needed.filter((file) => !existsSync(file));
  if (missing.length === 0) return null;
  const builds = electron === null ? 'npm run build:renderer' : 'npm run build';
  return `FIELDVAULT_DEMO_SKIP_BUILD=1, but the app has not been built: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing. Run the demo once without FIELDVAULT_DEMO_SKIP_BUILD, or run ${builds} first.`;
}

function startApp(settings: DemoSettings, electron: string | null, processEnv: NodeJS.ProcessEnv): ChildProcess {
  const env = { ...processEnv, FIELDVAULT_DATA_DIR: settings.desktopDir, FIELDVAULT_KEYCHAIN_SERVICE: settings.keychainService, FIELDVAULT_PORT: String(settings.appPort) };
  if (electron !== null) return spawn(electron, ['.'], { cwd: settings.repoRoot, env, stdio: 'inherit' });
  return spawn(process.execPath, ['--import', 'tsx', path.join('src-main', 'headless', 'main.ts')], { cwd: settings.repoRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

const isRunning = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;
const exitOf = (child: ChildProcess): Promise<number | null> =>
  isRunning(child) ? new Promise((resolve) => child.once('exit', (code) => resolve(code))) : Promise.resolve(child.exitCode);

export interface DemoOptions {
  readonly repoRoot: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** The demo's child processes: a stop request ends every one of them, including any started after it. */
class Children {
  readonly #children = new Set<ChildProcess>();
  #exitCode: number | null = null;
  #onStop: () => void = () => undefined;
  /** Resolves at the first stop request. */
  readonly stopRequested = new Promise<void>((resolve) => (this.#onStop = resolve));

  get stopping(): boolean {
    return this.#exitCode !== null;
  }

  adopt<T extends ChildProcess>(child: T): T {
    this.#children.add(child);
    if (this.stopping) child.kill('SIGTERM');
    return child;
  }

  stop(code: number): void {
    this.#exitCode ??= code;
    for (const child of this.#children) if (isRunning(child)) child.kill('SIGTERM');
    this.#onStop();
  }

  /** Waits for every child to exit; the code of the first stop request. */
  async settle(): Promise<number> {
    await Promise.all([...this.#children].map(exitOf));
    return this.#exitCode ?? 0;
  }
}

/** A hang-up (the terminal closed, an ssh session dropped) stops the demo like Ctrl+C: left to its default, it ended this process alone and left the server and app running. */
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Runs the demo until it is stopped; resolves with the process exit code. */
export async function runDemo(options: DemoOptions): Promise<number> {
  const env = options.env ?? process.env;
  const children = new Children();
  const onSignal = () => children.stop(0);
  for (const signal of stopSignals) process.on(signal, onSignal);
  try {
    const settings = demoSettings(options.repoRoot, env);
    print(`FieldVault demo: everything lives in ${settings.root} (sync server in server/, desktop vault in desktop/, server log in server.log)`);
    const skipBuild = env['FIELDVAULT_DEMO_SKIP_BUILD'] === '1';
    const electron = electronBinary(settings.repoRoot);
    if (skipBuild) {
      const missing = missingBuild(settings, electron, env);
      if (missing !== null) throw new DemoError(missing);
    } else {
      await npmRun(settings, 'build:renderer', children);
      if (electron !== null && !children.stopping) await npmRun(settings, 'build:electron', children);
    }
    if (children.stopping) return await children.settle();

    const started = performance.now();
    let server: ServerProcess;
    let desktop: DesktopReport;
    // The desktop vault opens first: seed-demo mints a one-time enrolment code only when it still needs enrolling
    // (every run minted a new one, for an hour, enrolled or not). The code goes once the desktop has used it, and as
    // well when the demo does not get that far (seed or serve failed, a stop request), never left in the folder.
    let session: DesktopSession | null = null;
    try {
      session = await openDesktop(settings);
      await prepareOrganisation(settings, print, (child) => children.adopt(child), session.needsEnrolment);
      if (children.stopping) return await children.settle();
      server = startServer(settings, print);
      children.adopt(server.child);
      desktop = await session.finish(await server.ready);
    } finally {
      await session?.close();
      rmSync(settings.bundlePath, { force: true });
    }
    if (children.stopping) return await children.settle();
    if (desktop.state === 'locked') {
      print(desktop.message);
    } else {
      const { counts } = desktop;
      print(
        `Desktop vault ${desktop.created ? 'created' : 'opened'}${desktop.enrolledNow ? ', enrolled with a one-time code (organisation CA pinned)' : ''} and synced in ${desktop.seconds.toFixed(1)} s: ` +
          `${count(counts.contacts)} contacts, ${count(counts.accounts)} accounts, ${count(counts.deals)} deals, ${count(counts.tasks)} tasks, ${count(counts.activities)} activities`,
      );
      print(`Sign in with the demo password: ${settings.password}`);
      print('(This is a demo: a real FieldVault never prints or stores a password; the vault key also needs the device secret in the OS keychain.)');
    }
    print(`Server and vault ready in ${((performance.now() - started) / 1000).toFixed(1)} s; starting the app. Ctrl+C stops the app and the sync server.`);
    if (electron === null) print('No Electron binary here: starting the headless shell. Open the URL below in a browser on this machine.');
    const app = children.adopt(startApp(settings, electron, env));

    void server.exited.then((code) => {
      if (children.stopping) return;
      process.stderr.write(`The sync server stopped unexpectedly (exit code ${String(code)}); see ${settings.serverLog}\n`);
      children.stop(1);
    });
    // The app ended on its own (window closed, or it failed): the server goes too.
    void exitOf(app).then((code) => children.stop(code ?? 1));
    await children.stopRequested;
    return await children.settle();
  } catch (error) {
    if (!children.stopping) process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    children.stop(1);
    return await children.settle();
  } finally {
    for (const signal of stopSignals) process.off(signal, onSignal);
  }
}
