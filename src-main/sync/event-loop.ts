// Long JavaScript work in the main process (applying a sync page, parsing an
// answer, reading and checking an import's rows) gives way between its
// pieces, so IPC calls and timers waiting in the event loop run in between.

/**
 * Resolves in a later iteration of the event loop, after its timers and I/O
 * had their turn. One setImmediate is not enough from work done in an I/O
 * callback (an answer's last chunk, a SQLite result): it runs in the same
 * iteration's check phase, before any timer or pending I/O.
 */
export function laterTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
}
