// Test support: `fieldvault-server rotate-keys --master` started through the
// real command line and held just before it renames master.key.next over
// master.key (hold-master-key-rename.ts), every data key already re-wrapped:
// the point where a second run at the same time would do the most harm. The
// test lets it go on (release) or kills it (pid).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from './cli-process';

const hold = join(import.meta.dirname, 'hold-master-key-rename.ts');

export interface HeldRun {
  readonly pid: number;
  readonly result: Promise<CliResult>;
  release(): void;
}

/**
 * Starts `rotate-keys --data-dir dataDir --master ...extraArgs` and resolves
 * once it holds. `holdDir` (created here, must not exist) takes the hold's files.
 */
export async function startHeldMasterRotation(dataDir: string, holdDir: string, extraArgs: readonly string[] = []): Promise<HeldRun> {
  mkdirSync(holdDir);
  const env: NodeJS.ProcessEnv = { ...process.env, HOLD_DIR: holdDir };
  delete env.FIELDVAULT_DATABASE_URL;
  const result = runCli(['rotate-keys', '--data-dir', dataDir, '--master', ...extraArgs], { preload: hold, env, timeoutMs: 90_000 });
  let exited: CliResult | null = null;
  void result.then((value) => (exited = value));
  const held = join(holdDir, 'held');
  for (let waited = 0; !existsSync(held); waited += 50) {
    if (exited !== null) throw new Error(`rotate-keys --master ended before it held: ${JSON.stringify(exited)}`);
    if (waited > 60_000) throw new Error('rotate-keys --master never reached the rename');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { pid: Number(readFileSync(held, 'utf8')), result, release: () => writeFileSync(join(holdDir, 'release'), '') };
}
