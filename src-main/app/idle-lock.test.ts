// The idle lock's timer on a fake clock: it fires its period after the last
// start or touch, and a new period (chosen in Settings) counts from the
// moment it is given while the lock is armed, and from the next start while
// it is stopped (the vault locked).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleLock } from './idle-lock';

const minute = 60_000;

describe('IdleLock', () => {
  let fired: number[];
  const onIdle = () => {
    fired.push(Date.now());
    return Promise.resolve();
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
    fired = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires its period after the last touch', () => {
    const lock = new IdleLock(15 * minute, onIdle);
    lock.start();
    vi.advanceTimersByTime(10 * minute);
    lock.touch();
    vi.advanceTimersByTime(15 * minute - 1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([25 * minute]);
    lock.stop();
  });

  it('counts a shorter period from the moment it is given, not from the last touch nor by the old period', () => {
    const lock = new IdleLock(15 * minute, onIdle);
    lock.start();
    vi.advanceTimersByTime(2 * minute);
    lock.setIdleMs(5 * minute);
    expect(lock.idleMs).toBe(5 * minute);
    vi.advanceTimersByTime(5 * minute - 1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([7 * minute]);
    lock.stop();
  });

  it('counts a longer period from the moment it is given: the old period passes without a lock', () => {
    const lock = new IdleLock(minute, onIdle);
    lock.start();
    vi.advanceTimersByTime(30_000);
    lock.setIdleMs(60 * minute);
    vi.advanceTimersByTime(60 * minute - 1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([30_000 + 60 * minute]);
    lock.stop();
  });

  it('stopped (the vault locked), takes a new period without arming, and waits it from the next start', () => {
    const lock = new IdleLock(15 * minute, onIdle);
    lock.start();
    lock.stop();
    lock.setIdleMs(minute);
    vi.advanceTimersByTime(120 * minute);
    expect(fired).toEqual([]);
    lock.start();
    vi.advanceTimersByTime(minute);
    expect(fired).toEqual([121 * minute]);
    lock.stop();
  });

  it('never fires with a period of 0', () => {
    const lock = new IdleLock(0, onIdle);
    lock.start();
    lock.touch();
    lock.setIdleMs(0);
    vi.advanceTimersByTime(24 * 60 * minute);
    expect(fired).toEqual([]);
    lock.stop();
  });
});
