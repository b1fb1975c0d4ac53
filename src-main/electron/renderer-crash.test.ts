// lockOnRendererCrash against a stand-in webContents (the Electron binary
// cannot run here): a renderer gone other than by a clean exit locks the
// vault and loads the page again onto the lock screen, a few times a minute
// at most.
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

describe('a renderer that crashed', () => {
  it('locks the vault and reloads the page, at most a few times a minute', () => {
    const contents = new StandInContents();
    let locks = 0;
    let clock = 1_000_000;
    lockOnRendererCrash(contents, () => (locks += 1), { now: () => clock });
    contents.gone('oom');
    expect(locks).toBe(1);
    expect(contents.reloads).toBe(1);
    for (let crash = 1; crash < maxCrashReloadsPerMinute + 2; crash += 1) contents.gone('crashed');
    expect(locks).toBe(maxCrashReloadsPerMinute + 2);
    // Left blank (and locked) once it keeps crashing; a minute later it is loaded again.
    expect(contents.reloads).toBe(maxCrashReloadsPerMinute);
    clock += 60_000;
    contents.gone('killed');
    expect(contents.reloads).toBe(maxCrashReloadsPerMinute + 1);
  });

  it('locks without reloading when the renderer exited cleanly or the window has gone', () => {
    const contents = new StandInContents();
    let locks = 0;
    lockOnRendererCrash(contents, () => (locks += 1));
    contents.gone('clean-exit');
    contents.destroyed = true;
    contents.gone('crashed');
    expect(locks).toBe(2);
    expect(contents.reloads).toBe(0);
  });

  it('logs each crash by its reason, and asks the user once it gives up reloading', () => {
    const contents = new StandInContents();
    const log = createMemoryLogger();
    let gaveUp = 0;
    lockOnRendererCrash(contents, () => undefined, { now: () => 5_000_000, log, onGaveUp: () => (gaveUp += 1) });
    for (let crash = 0; crash < maxCrashReloadsPerMinute; crash += 1) contents.gone('oom');
    expect(gaveUp).toBe(0);
    // Before, the window stayed blank from here on, with no word and nothing in the log.
    contents.gone('crashed');
    expect(gaveUp).toBe(1);
    contents.gone('something new');
    expect(log.lines.filter((line) => line.includes('"electron.renderer_gone"'))).toHaveLength(maxCrashReloadsPerMinute + 2);
    expect(log.lines.join('\n')).toContain('"reason":"oom"');
    expect(log.lines.join('\n')).toContain('"reason":"other"');
    expect(log.lines.join('\n')).not.toContain('something new');
  });
});
