// A window's renderer that crashed (out of memory on a huge preview, killed by
// the OS) leaves a blank window over an open vault until the idle lock, and
// a reload would go straight back into the workspace. The vault locks at once,
// and once the lock has settled the page is loaded again, onto the lock screen
// (reloaded while the lock was still under way, the new page could ask for the
// status first and find the vault open); a renderer that keeps crashing is not reloaded more than a few times a minute:
// the window says so, with Reload and Quit (before, it stayed blank with no
// word, and no trace in the log). Each crash is logged with Electron's reason.
import type { WebContents } from 'electron';
import type { Logger } from '../log/logger';

/** Reloads within a minute after which a crashing renderer is left as it is. */
export const maxCrashReloadsPerMinute = 3;

type CrashingContents = Pick<WebContents, 'isDestroyed' | 'reload'> & {
  on(event: 'render-process-gone', listener: (event: unknown, details: { readonly reason: string }) => void): unknown;
};

export interface CrashOptions {
  readonly now?: () => number;
  readonly log?: Logger;
  /** The renderer crashed too often to be reloaded again: the shell asks the user (main.ts: Reload or Quit). */
  readonly onGaveUp?: () => void;
}

/** Electron's reasons (an enum, never a value of the page), kept to a known word in the log. */
const reasons = new Set(['clean-exit', 'abnormal-exit', 'killed', 'crashed', 'oom', 'launch-failed', 'integrity-failure', 'memory-eviction']);

/**
 * `lock` locks the vault and settles when it is locked (or failed to lock: a failure is the caller's to log); the
 * page is reloaded, or the user asked (onGaveUp), only then.
 */
export function lockOnRendererCrash(contents: CrashingContents, lock: () => Promise<void>, options: CrashOptions = {}): void {
  const now = options.now ?? Date.now;
  const reloads: number[] = [];
  const comeBack = (): void => {
    // The window may have gone while the vault locked.
    if (contents.isDestroyed()) return;
    const at = now();
    while (reloads.length > 0 && (reloads[0] ?? at) <= at - 60_000) reloads.shift();
    if (reloads.length >= maxCrashReloadsPerMinute) {
      options.onGaveUp?.();
      return;
    }
    reloads.push(at);
    contents.reload();
  };
  contents.on('render-process-gone', (_event, details) => {
    const locked = lock();
    options.log?.log('warn', 'electron.renderer_gone', { reason: reasons.has(details.reason) ? details.reason : 'other' });
    // A renderer that exited cleanly went with its window: nothing to bring back.
    if (details.reason === 'clean-exit' || contents.isDestroyed()) return;
    // A lock that failed (the caller logs it) still brings the page back, as before, rather than a blank window.
    locked
      .catch(() => undefined)
      .then(comeBack)
      .catch(() => options.log?.log('error', 'electron.crash_reload_failed', {}));
  });
}
