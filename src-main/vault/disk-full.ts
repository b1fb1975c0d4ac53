// A write that failed because the disk is full: SQLite's SQLITE_FULL (the
// transaction is rolled back) or a file write's ENOSPC (files are written to
// a temporary name and renamed, so the old one stays). Said to the user as
// what it is, with what to do, rather than "something went wrong".
import { AppError } from '../../src-shared/ipc/errors';

export function isDiskFull(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code: unknown = Reflect.get(error, 'code');
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

export class DiskFullError extends AppError {
  constructor() {
    super('INTERNAL', 'The disk is full. Free some space on this computer and try again. Nothing was changed.', undefined, { code: 'disk_full' });
  }
}
