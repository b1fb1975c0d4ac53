// Test support: a `fieldvault-server` command started through the real
// command line with a hold hook preloaded (hold-until-released.ts), resolved
// once it holds. `startHeldMasterRotation`: `rotate-keys --master` held just
// before it renames master.key.next over master.key
// (hold-master-key-rename.ts), every data key already re-wrapped: the point
// where a second run at the same time would do the most harm. The test lets
// it go on (release) or kills it (pid).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from './cli-process';

export interface HeldRun {
  readonly pid: number;
  readonly result: Promise<CliResult>;
  release(): void;
}

/** Lets every run still held (its test failed before letting it go) go on, and waits for it to end. */
export async function endHeldRuns(runs: readonly HeldRun[]): Promise<void> {
  for (const run of runs) {
    run.release();
    await run.result;
  }
}

/**
 * Runs `fieldvault-server ...args` with the hold hook `hook` (a file in this
 * folder) and resolves once it holds. `holdDir` (created here, must not
 * exist) takes the hold's files; `env` adds to the environment (the hook's
 * settings).
 */
export async function startHeldCli(args: readonly string[], hook: string, holdDir: string, env: NodeJS.ProcessEnv = {}): Promise<HeldRun> {
  mkdirSync(holdDir);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, HOLD_DIR: holdDir };
  delete childEnv.FIELDVAULT_DATABASE_URL;
  const result = runCli(args, { preload: join(import.meta.dirname, hook), env: childEnv, timeoutMs: 90_000 });
  let exited: CliResult | null = null;
  void result.then((value) => (exited = value));
  const held = join(holdDir, 'held');
  for (let waited = 0; !existsSync(held); waited += 50) {
    if (exited !== null) throw new Error(`${args.join(' ')} ended before it held: ${JSON.stringify(exited)}`);
    if (waited > 60_000) throw new Error(`${args.join(' ')} never reached its hold`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { pid: Number(readFileSync(held, 'utf8')), result, release: () => writeFileSync(join(holdDir, 'release'), '') };
}

/**
 * Starts `rotate-keys --data-dir dataDir --master ...extraArgs` and resolves
 * once it holds. `holdDir` (created here, must not exist) takes the hold's files.
 */
export function startHeldMasterRotation(dataDir: string, holdDir: string, extraArgs: readonly string[] = []): Promise<HeldRun> {
  return startHeldCli(['rotate-keys', '--data-dir', dataDir, '--master', ...extraArgs], 'hold-master-key-rename.ts', holdDir);
}
