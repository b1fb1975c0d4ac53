// Typed errors of import and export (codes from the closed set in src-shared/ipc/errors).
import { AppError } from '../../../src-shared/ipc/errors';

/** Another import is running, or this one still is. */
export class ImportBusyError extends AppError {
  constructor(message: string) {
    super('BUSY', message);
  }
}
