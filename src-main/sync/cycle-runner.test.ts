import { describe, expect, it } from 'vitest';
import { CycleRunner, type CycleOutcome } from './cycle-runner';

/** A runner whose cycles each wait until the test ends them, numbered from 1 as they start. */
function steppedRunner() {
  const ends: ((outcome: CycleOutcome) => void)[] = [];
  const runner = new CycleRunner(
    () =>
      new Promise<CycleOutcome>((resolve) => {
        ends.push(resolve);
      }),
  );
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    runner,
    started: () => ends.length,
    end: async (outcome: CycleOutcome = { kind: 'done' }) => {
      ends[ends.length - 1]?.(outcome);
      await settle();
    },
    settle,
  };
}

describe('CycleRunner', () => {
  it('runs one cycle at a time; requests while one runs share one more after it', async () => {
    const { runner, started, end, settle } = steppedRunner();
    const first = runner.request();
    expect(started()).toBe(1);
    expect(runner.current).not.toBeNull();
    const queued = [runner.request(), runner.request(), runner.request()];
    expect(queued[1]).toBe(queued[0]);
    expect(queued[2]).toBe(queued[0]);
    await settle();
    expect(started()).toBe(1);

    await end({ kind: 'failed', error: new Error('first') });
    expect(await first).toEqual({ kind: 'failed', error: new Error('first') });
    expect(started()).toBe(2);
    await end();
    expect(await queued[0]).toEqual({ kind: 'done' });
    expect(runner.current).toBeNull();
    await runner.idle();
    expect(started()).toBe(2);
  });

  it('after(): the cycle that started after the given one ended, never a third', async () => {
    const { runner, started, end } = steppedRunner();
    const first = runner.request();
    // Still running: the one after it, shared with any other request.
    const next = runner.after(first);
    expect(runner.request()).toBe(next);
    await end();
    expect(started()).toBe(2);
    // It has started by now: joined, not queued behind.
    expect(runner.after(first)).toBe(runner.current);
    await end();
    expect(await next).toEqual({ kind: 'done' });
    // Idle: a new one.
    const last = runner.after(first);
    expect(started()).toBe(3);
    await end();
    expect(await last).toEqual({ kind: 'done' });
  });

  it('runs the queued cycle even when the one before it throws, and idle() waits for both', async () => {
    let calls = 0;
    const runner = new CycleRunner(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('broke')) : Promise.resolve({ kind: 'done' });
    });
    const first = runner.request();
    const second = runner.request();
    await expect(first).rejects.toThrow('broke');
    expect(await second).toEqual({ kind: 'done' });
    await runner.idle();
    expect(calls).toBe(2);
    expect(runner.current).toBeNull();
  });
});
