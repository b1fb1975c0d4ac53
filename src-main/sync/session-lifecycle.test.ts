import { describe, expect, it } from 'vitest';
import { SessionLifecycle } from './session-lifecycle';

interface TestSession {
  readonly id: number;
  readonly api: { close(): void; closed: boolean };
}

/** A lifecycle whose opens each wait until the test answers them (a session, or null for "not enrolled"). */
function steppedLifecycle() {
  const answers: ((enrolled: boolean) => void)[] = [];
  const made: TestSession[] = [];
  const opened: number[] = [];
  const lifecycle = new SessionLifecycle<TestSession>({
    open: (live) =>
      new Promise<TestSession | null>((resolve) => {
        answers.push((enrolled) => {
          if (!enrolled || !live()) return resolve(null);
          const api = {
            closed: false,
            close() {
              api.closed = true;
            },
          };
          const session = { id: made.length + 1, api };
          made.push(session);
          resolve(session);
        });
      }),
    opened: (session) => {
      opened.push(session.id);
      return Promise.resolve();
    },
  });
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    lifecycle,
    made,
    opened,
    opens: () => answers.length,
    answer: async (enrolled = true) => {
      answers[answers.length - 1]?.(enrolled);
      await settle();
    },
    settle,
  };
}

describe('SessionLifecycle', () => {
  it('shares the start in flight among every caller: one open, one session', async () => {
    const { lifecycle, made, opened, opens, answer } = steppedLifecycle();
    const starts = [lifecycle.start(), lifecycle.start(), lifecycle.start()];
    expect(opens()).toBe(1);
    await answer();
    await Promise.all(starts);
    expect(opens()).toBe(1);
    expect(made).toHaveLength(1);
    expect(opened).toEqual([1]);
    expect(lifecycle.current?.id).toBe(1);
    await lifecycle.start();
    expect(opens()).toBe(1);
  });

  it('starts again for a caller whose joined start found nothing to open (it read before an enrolment)', async () => {
    const { lifecycle, opens, answer } = steppedLifecycle();
    const unlock = lifecycle.start();
    const enrolment = lifecycle.start();
    await answer(false);
    await unlock;
    expect(opens()).toBe(2);
    await answer(true);
    await enrolment;
    expect(lifecycle.current?.id).toBe(1);
  });

  it('opens nothing when ended while a start awaits, and its joined callers do not start again', async () => {
    const { lifecycle, made, opens, answer } = steppedLifecycle();
    const starts = [lifecycle.start(), lifecycle.start()];
    expect(lifecycle.end()).toBeNull();
    await answer();
    await Promise.all(starts);
    expect(opens()).toBe(1);
    expect(lifecycle.current).toBeNull();
    // A session made before the open saw the end is closed, never current.
    expect(made.every((session) => session.api.closed)).toBe(true);
  });

  it('closes a session made just as it ends, and a start after the end opens its own', async () => {
    const { lifecycle, made, opens, answer, settle } = steppedLifecycle();
    const stale = lifecycle.start();
    // The open answers with a session; the end lands before the lifecycle sees it.
    const answering = answer();
    lifecycle.end();
    await answering;
    await stale;
    expect(made).toHaveLength(1);
    expect(made[0]?.api.closed).toBe(true);
    expect(lifecycle.current).toBeNull();

    const before = opens();
    const next = lifecycle.start();
    await settle();
    expect(opens()).toBe(before + 1);
    await answer();
    await next;
    expect(lifecycle.current?.api.closed).toBe(false);
    const current = lifecycle.end();
    expect(current?.api.closed).toBe(true);
    expect(lifecycle.signal.aborted).toBe(true);
  });

  it('waits for a stale start to settle before opening for a caller after the end', async () => {
    const { lifecycle, opens, answer, settle } = steppedLifecycle();
    const stale = lifecycle.start();
    lifecycle.end();
    const fresh = lifecycle.start();
    await settle();
    expect(opens()).toBe(1);
    await answer();
    await stale;
    expect(opens()).toBe(2);
    await answer();
    await fresh;
    expect(lifecycle.current?.id).toBe(1);
    let settled = false;
    void lifecycle.settled().then(() => {
      settled = true;
    });
    await settle();
    expect(settled).toBe(true);
  });

  it('opens nothing once closed, for a start in flight or any start after', async () => {
    const { lifecycle, made, opens, answer, settle } = steppedLifecycle();
    const first = lifecycle.start();
    await answer();
    await first;
    const current = lifecycle.current;
    expect(lifecycle.close()).toBe(current);
    expect(current?.api.closed).toBe(true);
    await lifecycle.start();
    await settle();
    expect(opens()).toBe(1);

    const stepped = steppedLifecycle();
    const inFlight = stepped.lifecycle.start();
    stepped.lifecycle.close();
    // Arrives while the start in flight still awaits the vault: it neither joins it nor opens after it.
    const later = stepped.lifecycle.start();
    await stepped.answer();
    await Promise.all([inFlight, later]);
    expect(stepped.opens()).toBe(1);
    expect(stepped.lifecycle.current).toBeNull();
    expect(stepped.lifecycle.closed).toBe(true);
    expect([...made, ...stepped.made].every((session) => session.api.closed)).toBe(true);
  });
});
