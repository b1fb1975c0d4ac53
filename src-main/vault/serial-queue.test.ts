// The queue every serial lane uses (the vault's operations, its connection's lanes, both server stores).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../src-shared/serial-queue';

describe('SerialQueue', () => {
  it('runs jobs one at a time in order, a failure stopping nothing after it', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const job = (name: string, fail = false) => async () => {
      events.push(`start ${name}`);
      await new Promise<void>((resolve) => setTimeout(resolve, 5));
      events.push(`end ${name}`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    };
    const results = await Promise.allSettled([queue.run(job('a')), queue.run(job('b', true)), queue.run(job('c'))]);
    await queue.idle();
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : String(result.reason)))).toEqual(['a', 'Error: b failed', 'c']);
  });

  it('keeps no value of a settled job', async () => {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    if (typeof gc !== 'function') throw new Error('No gc() in this runtime');
    const queue = new SerialQueue();
    const held: { ref?: WeakRef<object> } = {};
    await (async () => {
      held.ref = new WeakRef(await queue.run(() => Promise.resolve({ rows: ['a customer value'] })));
    })();
    for (let round = 0; round < 3; round += 1) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      (gc as () => void)();
    }
    expect(held.ref).toBeDefined();
    expect(held.ref?.deref()).toBeUndefined();
  });
});
