// What `fieldvault-server serve` installs once it serves: a stray rejected
// promise or an exception thrown from a callback nobody wrapped (a timer, a
// pool's event) must not take every connected device's server down; Node
// would end the process and print the error's message and stack, which may
// quote a value. Each is logged by its class only. Carrying on is safe for
// the store: every write is one transaction.
import type { ServerLog } from '../http/server';

const kindOf = (reason: unknown): string => (reason instanceof Error ? reason.name : typeof reason);

export function guardServerProcess(log: ServerLog): void {
  process.on('unhandledRejection', (reason) => log('process.unhandled_rejection', { kind: kindOf(reason) }));
  process.on('uncaughtException', (error) => log('process.uncaught_exception', { kind: kindOf(error) }));
}
