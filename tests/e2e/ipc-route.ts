// The page's WebSocket to the headless shell, routed through Playwright for
// tests that need to step between a call and its answer. Every message
// passes unchanged, except that a test can:
//   - answer a channel with an error instead of the shell (`failing`), or
//     with a value (`answering`: a state the shell reaches only by a race),
//   - hold the shell's answers on a channel back (`holding`; a failing
//     channel's error too, the call then never reaching the shell),
//   - hold the page's requests on a channel back, to let them through one by
//     one (`gated`, `releaseOne`),
//   - hold the shell's events of a kind back, to let them through one by one
//     (`holdingEvents`, `releaseEvent`),
//   - push a message to the page as the shell would (`socket`),
// and read the channels the page called (`calls`), the answers it got per
// channel (`answered`) and the events the shell pushed (`events`), or wait
// until the page has no call in flight (`quiet`). Attach with
// `page.routeWebSocket(/\/ipc$/, (ws) => route.attach(ws))`, or let
// `useRoutedApp` route a suite's app through a new one.
import type { Page, WebSocketRoute } from 'playwright-core';
import { afterAll } from 'vitest';
import type { WireError } from '../../src-shared/ipc/errors';
import { useApp, type App, type AppOptions } from './app';

function textOf(message: string | Buffer): string {
  return typeof message === 'string' ? message : message.toString('utf8');
}

export class IpcRoute {
  /** Every channel the page called, in order. */
  readonly calls: string[] = [];
  readonly failing = new Map<string, WireError>();
  /** Channels answered with this value instead of the shell's answer, the call never reaching it. */
  readonly answering = new Map<string, unknown>();
  /** Channels whose answers wait until `release`. */
  readonly holding = new Set<string>();
  /** Channels whose requests wait until `releaseOne` or `release`. */
  readonly gated = new Set<string>();
  /** Answers the page got, by channel. */
  readonly answered = new Map<string, number>();
  /** Events that wait until `releaseEvent` or `release`. */
  readonly holdingEvents = new Set<string>();
  /** The events the shell pushed, in order (held ones too). */
  readonly events: { readonly event: string; readonly payload: unknown }[] = [];
  /** The page's socket as the route sees it. */
  socket: WebSocketRoute | null = null;
  readonly #heldAnswers: (() => void)[] = [];
  readonly #heldRequests: (() => void)[] = [];
  readonly #heldEvents: (() => void)[] = [];
  /** Ids of the calls that reached the route and have no answer yet. */
  readonly #unanswered = new Set<number>();

  attach(ws: WebSocketRoute): void {
    this.socket = ws;
    const server = ws.connectToServer();
    const channels = new Map<number, string>();
    ws.onMessage((message) => {
      const sent = JSON.parse(textOf(message)) as { type?: unknown; id?: unknown; channel?: unknown };
      if (sent.type !== 'invoke' || typeof sent.id !== 'number' || typeof sent.channel !== 'string') {
        server.send(message);
        return;
      }
      this.calls.push(sent.channel);
      channels.set(sent.id, sent.channel);
      const failure = this.failing.get(sent.channel);
      const result =
        failure !== undefined
          ? { ok: false, error: failure }
          : this.answering.has(sent.channel)
            ? { ok: true, value: this.answering.get(sent.channel) }
            : undefined;
      const id = sent.id;
      if (result === undefined || this.holding.has(sent.channel)) this.#unanswered.add(id);
      if (result !== undefined) {
        const refuse = () => {
          this.#unanswered.delete(id);
          ws.send(JSON.stringify({ type: 'result', id, result }));
        };
        if (this.holding.has(sent.channel)) this.#heldAnswers.push(refuse);
        else refuse();
      } else if (this.gated.has(sent.channel)) this.#heldRequests.push(() => server.send(message));
      else server.send(message);
    });
    server.onMessage((message) => {
      const answer = JSON.parse(textOf(message)) as { type?: unknown; id?: unknown; event?: unknown; payload?: unknown };
      if (answer.type === 'event' && typeof answer.event === 'string') {
        this.events.push({ event: answer.event, payload: answer.payload });
        if (this.holdingEvents.has(answer.event)) {
          this.#heldEvents.push(() => ws.send(message));
          return;
        }
      }
      const channel = answer.type === 'result' && typeof answer.id === 'number' ? channels.get(answer.id) : undefined;
      if (channel === undefined) {
        ws.send(message);
        return;
      }
      const deliver = () => {
        if (typeof answer.id === 'number') this.#unanswered.delete(answer.id);
        this.answered.set(channel, (this.answered.get(channel) ?? 0) + 1);
        ws.send(message);
      };
      if (this.holding.has(channel)) this.#heldAnswers.push(deliver);
      else deliver();
    });
  }

  /** Requests held back by `gated`, not yet let through. */
  get waiting(): number {
    return this.#heldRequests.length;
  }

  /**
   * Resolves once the page has no call in flight (a held request or answer aside) and still has none after it ran
   * a task and painted a frame: a call an answer led to (the next step of a reload, say) is sent in that answer's
   * task, and reaches the route before the page's reply to that later round trip (the routed socket and
   * `page.evaluate` share the page's DevTools connection), so it is waited for too. A positive sign that what
   * the page was doing has come to an end, for a test that then checks something did not happen.
   */
  async quiet(page: Page, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const inFlight = () => this.#unanswered.size - this.#heldRequests.length - this.#heldAnswers.length;
    for (;;) {
      while (inFlight() > 0) {
        if (Date.now() > deadline) throw new Error(`${inFlight()} IPC calls still unanswered after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await page.evaluate(() => new Promise<void>((resolve) => setTimeout(() => requestAnimationFrame(() => resolve()), 0)));
      if (inFlight() === 0) return;
    }
  }

  /** Answers held back by `holding`, not yet let through. */
  get heldAnswers(): number {
    return this.#heldAnswers.length;
  }

  /** Events held back by `holdingEvents`, not yet let through. */
  get heldEvents(): number {
    return this.#heldEvents.length;
  }

  /** Lets the oldest held event through. */
  releaseEvent(): void {
    this.#heldEvents.shift()?.();
  }

  /** Lets the oldest held request through. */
  releaseOne(): void {
    this.#heldRequests.shift()?.();
  }

  /** Stops holding answers and lets those held through (held requests stay held). */
  releaseAnswers(): void {
    this.holding.clear();
    for (const send of this.#heldAnswers.splice(0)) send();
  }

  /** Stops holding anything and lets through what was held (an answer still on its way then passes too). */
  release(): void {
    this.gated.clear();
    for (const send of this.#heldRequests.splice(0)) send();
    this.holdingEvents.clear();
    for (const send of this.#heldEvents.splice(0)) send();
    this.releaseAnswers();
  }

  /** `release`, and no channel fails (or is answered by the route) any more. */
  clear(): void {
    this.failing.clear();
    this.answering.clear();
    this.release();
  }
}

/**
 * `useApp` with the page's IPC socket routed through a new `IpcRoute`, which stops failing and holding anything
 * (`clear`) once the suite is over, before the app closes.
 */
export function useRoutedApp(options: Omit<AppOptions, 'route'>): { readonly route: IpcRoute; readonly app: App } {
  const route = new IpcRoute();
  const app = useApp({ ...options, route });
  afterAll(() => {
    route.clear();
  });
  return { route, app };
}
