// Typed errors of import and export (codes from the closed set in src-shared/ipc/errors).
import { AppError } from '../../../src-shared/ipc/errors';

const busyMessages = {
  import_running: 'Another import or check is running. Wait for it to finish or stop it.',
  import_still_running: 'This import is still running.',
  undo_running: 'An import is being undone. Wait for it to finish.',
  export_running: 'Another export is running. Wait for it to finish or stop it.',
} as const;

/** Another import or check is running, or this one still is, or an import is being undone, or another export runs. */
export class ImportBusyError extends AppError {
  constructor(which: keyof typeof busyMessages) {
    super('BUSY', busyMessages[which], undefined, { code: which });
  }
}
