// Describes the machine and checkout a benchmark ran on, so a recorded result
// can be compared only with results from comparable runs.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly osRelease: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly date: string;
  /** null when the checkout has no commit yet or git is unavailable. */
  readonly gitCommit: string | null;
  /** true when tracked files differ from gitCommit, so the commit alone does not describe the code. */
  readonly gitDirty: boolean | null;
  /** 1-minute load average when the run started and when it ended: above `cores`, other work competed for the CPU. */
  readonly loadAverageAtStart: number;
  readonly loadAverageAtEnd: number;
  /** The BENCH_* variables set for the run ("NAME=value, …"), null when none: a run with any is not at the recorded sizes (env.ts). */
  readonly benchVariables: string | null;
  readonly [fact: string]: string | number | boolean | null;
}

function git(args: readonly string[], cwd: string): string | null {
  try {
    // Read-only queries; stderr is dropped because "no commits yet" is an expected answer.
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function loadAverage(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}

export function describeMachine(repoRoot: string, now: Date, loadAverageAtStart: number, benchVariables: Readonly<Record<string, string>> = {}): MachineInfo {
  const cpus = os.cpus();
  const commit = git(['rev-parse', 'HEAD'], repoRoot);
  const status = commit === null ? null : git(['status', '--porcelain', '--untracked-files=no'], repoRoot);
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    date: now.toISOString(),
    gitCommit: commit,
    gitDirty: status === null ? null : status.length > 0,
    loadAverageAtStart,
    loadAverageAtEnd: loadAverage(),
    benchVariables: Object.keys(benchVariables).length === 0 ? null : Object.entries(benchVariables).map(([name, value]) => `${name}=${value}`).join(', '),
  };
}
