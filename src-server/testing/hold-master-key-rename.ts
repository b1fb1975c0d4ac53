// Test support, loaded with `--import` into a `fieldvault-server` child
// (CliOptions.preload): `rotate-keys --master` stops just before it renames
// master.key.next over master.key (every data key is re-wrapped by then),
// the point where a second run at the same time would do the most harm. The
// process writes its id to HOLD_DIR/held and waits, blocking, until the file
// HOLD_DIR/release appears (60 s at most); the test then lets it go on or
// kills it. Every other rename is untouched.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename, join } from 'node:path';

const holdDir = process.env.HOLD_DIR;
if (holdDir === undefined) throw new Error('hold-master-key-rename needs HOLD_DIR');
const renameSync = fs.renameSync;

function waitForRelease(): void {
  fs.writeFileSync(join(holdDir ?? '', 'held'), String(process.pid));
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(join(holdDir ?? '', 'release'))) {
    if (Date.now() > deadline) throw new Error('hold-master-key-rename: never released');
    Atomics.wait(sleeper, 0, 0, 25);
  }
}

fs.renameSync = (from: fs.PathLike, to: fs.PathLike): void => {
  if (basename(String(from)) === 'master.key.next') waitForRelease();
  renameSync(from, to);
};
// The named imports (`import { renameSync } from 'node:fs'`) see the replacement too.
syncBuiltinESMExports();
