// Test support, loaded with `--import` into a `fieldvault-server` child
// (CliOptions.preload): `rotate-keys --master` stops just before it renames
// master.key.next over master.key (every data key is re-wrapped by then),
// the point where a second run at the same time would do the most harm. The
// process holds there (hold-until-released.ts); the test then lets it go on
// or kills it. Every other rename is untouched.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';
import { holdDirOf, holdUntilReleased } from './hold-until-released';

const hook = 'hold-master-key-rename';
const holdDir = holdDirOf(hook);
const renameSync = fs.renameSync;

fs.renameSync = (from: fs.PathLike, to: fs.PathLike): void => {
  if (basename(String(from)) === 'master.key.next') holdUntilReleased(holdDir, hook);
  renameSync(from, to);
};
// The named imports (`import { renameSync } from 'node:fs'`) see the replacement too.
syncBuiltinESMExports();
