// What both shells install before the vault opens: a stray rejected promise
// or an exception thrown from a callback nobody wrapped (a timer, an event
// listener) must not take the process that holds the vault down mid-write
// (Node ends the process on either by default; Electron's main process shows
// a dialog with the error's message and stack instead). Each is logged by its
// class only, never its message, which may quote a customer value. Carrying
// on is safe for the vault: every write is one SQLite transaction, which
// either committed or rolls back.
import type { Logger } from '../log/logger';

const kindOf = (reason: unknown): string => (reason instanceof Error ? reason.name : typeof reason);

export function guardProcess(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.log('error', 'process.unhandled_rejection', { kind: kindOf(reason) });
  });
  process.on('uncaughtException', (error) => {
    log.log('error', 'process.uncaught_exception', { kind: kindOf(error) });
  });
}
