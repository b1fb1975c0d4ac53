// Test support for the hold hooks (hold-master-key-rename.ts,
// hold-postgres-query.ts, hold-task-walk.ts), preloads that stop a
// `fieldvault-server` child at one point: the process writes its id to
// HOLD_DIR/held and waits until the file HOLD_DIR/release appears (60 s at
// most); the test then lets it go on or kills it. holdUntilReleased blocks
// the whole process; waitUntilReleased holds one task only, and the event
// loop goes on (a server still answers requests).
import fs from 'node:fs';
import { join } from 'node:path';

/** HOLD_DIR, which a hold hook needs (`hook`: its name, for the error). */
export function holdDirOf(hook: string): string {
  const holdDir = process.env.HOLD_DIR;
  if (holdDir === undefined) throw new Error(`${hook} needs HOLD_DIR`);
  return holdDir;
}

/** Holds this process, blocking, until the test lets it go on (see the header). */
export function holdUntilReleased(holdDir: string, hook: string): void {
  fs.writeFileSync(join(holdDir, 'held'), String(process.pid));
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(join(holdDir, 'release'))) {
    if (Date.now() > deadline) throw new Error(`${hook}: never released`);
    Atomics.wait(sleeper, 0, 0, 25);
  }
}

/** Holds the caller only, without blocking the process, until the test lets it go on (see the header). */
export async function waitUntilReleased(holdDir: string, hook: string): Promise<void> {
  fs.writeFileSync(join(holdDir, 'held'), String(process.pid));
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(join(holdDir, 'release'))) {
    if (Date.now() > deadline) throw new Error(`${hook}: never released`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
