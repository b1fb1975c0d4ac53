// What both shells install before the vault opens: a stray rejected promise
// must not take the process that holds the vault down mid-write (Node ends the
// process on one by default). The rejection is logged by its class only,
// never its message, which may quote a customer value.
import type { Logger } from '../log/logger';

export function guardProcess(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.log('error', 'process.unhandled_rejection', { kind: reason instanceof Error ? reason.name : typeof reason });
  });
}
