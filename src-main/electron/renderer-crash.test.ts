// lockOnRendererCrash against a stand-in webContents (the Electron binary
// cannot run here): a renderer gone other than by a clean exit locks the
// vault and, once the lock has settled, loads the page again onto the lock
// screen, a few times a minute at most.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log/logger';
import { lockOnRendererCrash, maxCrashReloadsPerMinute } from './renderer-crash';

class StandInContents extends EventEmitter {
  reloads = 0;
  destroyed = false;
  reload(): void {
    this.reloads += 1;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  gone(reason: string): void {
    this.emit('render-process-gone', {}, { reason });
  }
}

/** Lets the lock's promise chain (lock → reload) run. */
const settled = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A lock that settles only when the test says. */
function deferredLock() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const lock = () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  return { lock, pending };
}

describe('a renderer that crashed', () => {
  it('locks the vault and reloads the page, at most a few times a minute', async () => {
    const contents = new StandInContents();
    let locks = 0;
    let clock = 1_000_000;
    const lock = () => {
      locks += 1;
      return Promise.resolve();
    };
    lockOnRendererCrash(contents, lock, { now: () => clock });
    contents.gone('oom');
    expect(locks).toBe(1);
    await settled();
    expect(contents.reloads).toBe(1);
    for (let crash = 1; crash < maxCrashReloadsPerMinute + 2; crash += 1) {
      contents.gone('crashed');
      await settled();
    }
    expect(locks).toBe(maxCrashReloadsPerMinute + 2);
    // Left blank (and locked) once it keeps crashing; a minute later it is loaded again.
    expect(contents.reloads).toBe(maxCrashReloadsPerMinute);
    clock += 60_000;
    contents.gone('killed');
    await settled();
    expect(contents.reloads).toBe(maxCrashReloadsPerMinute + 1);
  });

  it('locks without reloading when the renderer exited cleanly or the window has gone', async () => {
    const contents = new StandInContents();
    let locks = 0;
    lockOnRendererCrash(contents, () => {
      locks += 1;
      return Promise.resolve();
    });
    contents.gone('clean-exit');
    contents.destroyed = true;
    contents.gone('crashed');
    await settled();
    expect(locks).toBe(2);
    expect(contents.reloads).toBe(0);
  });

  it('reloads only once the lock has settled, never while it is under way', async () => {
    const contents = new StandInContents();
    const { lock, pending } = deferredLock();
    lockOnRendererCrash(contents, lock);
    contents.gone('oom');
    await settled();
    // Before, the page was reloaded here, while the vault was still open: the new page could find it unlocked.
    expect(pending).toHaveLength(1);
    expect(contents.reloads).toBe(0);
    pending[0]?.resolve();
    await settled();
    expect(contents.reloads).toBe(1);

    // A lock that failed (the caller logs it) still brings the page back, once it has failed.
    contents.gone('crashed');
    await settled();
    expect(contents.reloads).toBe(1);
    pending[1]?.reject(new Error('lock failed'));
    await settled();
    expect(contents.reloads).toBe(2);

    // A window that went while the vault locked is not reloaded.
    contents.gone('killed');
    contents.destroyed = true;
    pending[2]?.resolve();
    await settled();
    expect(contents.reloads).toBe(2);
  });

  it('logs each crash by its reason, and asks the user once it gives up reloading', async () => {
    const contents = new StandInContents();
    const log = createMemoryLogger();
    let gaveUp = 0;
    lockOnRendererCrash(contents, () => Promise.resolve(), { now: () => 5_000_000, log, onGaveUp: () => (gaveUp += 1) });
    for (let crash = 0; crash < maxCrashReloadsPerMinute; crash += 1) contents.gone('oom');
    await settled();
    expect(gaveUp).toBe(0);
    // Before, the window stayed blank from here on, with no word and nothing in the log.
    contents.gone('crashed');
    await settled();
    expect(gaveUp).toBe(1);
    contents.gone('something new');
    expect(log.lines.filter((line) => line.includes('"electron.renderer_gone"'))).toHaveLength(maxCrashReloadsPerMinute + 2);
    expect(log.lines.join('\n')).toContain('"reason":"oom"');
    expect(log.lines.join('\n')).toContain('"reason":"other"');
    expect(log.lines.join('\n')).not.toContain('something new');
  });
});
