// A window's renderer that crashed (out of memory on a huge preview, killed by
// the OS) leaves a blank window over an open vault until the idle lock, and
// the default menu's Reload goes straight back into the workspace. The vault
// locks at once, and the page is loaded again, onto the lock screen; a
// renderer that keeps crashing is not reloaded more than a few times a minute
// (the window stays blank, the vault locked).
import type { WebContents } from 'electron';

/** Reloads within a minute after which a crashing renderer is left as it is. */
export const maxCrashReloadsPerMinute = 3;

type CrashingContents = Pick<WebContents, 'isDestroyed' | 'reload'> & {
  on(event: 'render-process-gone', listener: (event: unknown, details: { readonly reason: string }) => void): unknown;
};

export function lockOnRendererCrash(contents: CrashingContents, lock: () => void, now: () => number = Date.now): void {
  const reloads: number[] = [];
  contents.on('render-process-gone', (_event, details) => {
    lock();
    // A renderer that exited cleanly went with its window: nothing to bring back.
    if (details.reason === 'clean-exit' || contents.isDestroyed()) return;
    const at = now();
    while (reloads.length > 0 && (reloads[0] ?? at) <= at - 60_000) reloads.shift();
    if (reloads.length >= maxCrashReloadsPerMinute) return;
    reloads.push(at);
    contents.reload();
  });
}
