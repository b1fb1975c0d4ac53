// The page's IPC socket, routed through Playwright so that a test can call
// the shell as the page would (enrol, sync now, read a record) without the
// page seeing the answers, and hold the shell's answers to the page's calls
// on a channel back (`holding`) to act between a call and its answer, answer
// the page's calls on a channel with an error instead of the shell
// (`failing`; the test's own calls still reach it), hold the page's calls on
// a channel back, to let them reach the shell one by one (`gated`,
// `releaseRequest`), change the shell's answers to the page's calls on a
// channel (`rewriting`, say a record now a teammate's), and read the channels
// the page called (`calls`, and with their inputs `requests`): everything else
// passes through unchanged.
import type { WebSocketRoute } from 'playwright-core';
import { afterAll, beforeEach } from 'vitest';
import type { WireError } from '../../src-shared/ipc/errors';
import { useApp, type App, type AppOptions } from './app';

function textOf(message: string | Buffer): string {
  return typeof message === 'string' ? message : message.toString('utf8');
}

/** Passes every message through; calls made by the test get ids the page never uses, and their answers stay here. */
export class InjectingRoute {
  /** Channels whose answers to the page wait until `release`. */
  readonly holding = new Set<string>();
  /** Channels whose calls from the page are answered with this error, never reaching the shell. */
  readonly failing = new Map<string, WireError>();
  /** Channels whose calls from the page wait, before reaching the shell, until `releaseRequest` or `release`. */
  readonly gated = new Set<string>();
  /** Channels whose answers to the page are changed by the function given (it takes and returns the wire result). */
  readonly rewriting = new Map<string, (result: unknown) => unknown>();
  /** Every channel the page called, in order (not the test's own calls). */
  readonly calls: string[] = [];
  /** The same calls with what the page sent (`calls`, with inputs). */
  readonly requests: { readonly channel: string; readonly input: unknown }[] = [];
  #server: ReturnType<WebSocketRoute['connectToServer']> | null = null;
  #page: WebSocketRoute | null = null;
  #nextId = 1_000_000;
  readonly #pending = new Map<number, (result: unknown) => void>();
  /** The channel of each call the page made, by its id. */
  readonly #channels = new Map<number, string>();
  readonly #held: (() => void)[] = [];
  readonly #gatedRequests: (() => void)[] = [];

  attach(ws: WebSocketRoute): void {
    const server = ws.connectToServer();
    this.#server = server;
    this.#page = ws;
    ws.onMessage((message) => {
      const sent = JSON.parse(textOf(message)) as { type?: unknown; id?: unknown; channel?: unknown; input?: unknown };
      if (sent.type === 'invoke' && typeof sent.id === 'number' && typeof sent.channel === 'string') {
        this.calls.push(sent.channel);
        this.requests.push({ channel: sent.channel, input: sent.input });
        const failure = this.failing.get(sent.channel);
        if (failure !== undefined) {
          ws.send(JSON.stringify({ type: 'result', id: sent.id, result: { ok: false, error: failure } }));
          return;
        }
        this.#channels.set(sent.id, sent.channel);
        if (this.gated.has(sent.channel)) {
          this.#gatedRequests.push(() => server.send(message));
          return;
        }
      }
      server.send(message);
    });
    server.onMessage((message) => {
      const answer = JSON.parse(textOf(message)) as { type?: unknown; id?: unknown; result?: unknown };
      const id = answer.type === 'result' && typeof answer.id === 'number' ? answer.id : null;
      const waiting = id === null ? undefined : this.#pending.get(id);
      if (waiting !== undefined) {
        waiting(answer.result);
        return;
      }
      const channel = id === null ? undefined : this.#channels.get(id);
      if (id !== null) this.#channels.delete(id);
      const rewrite = channel === undefined ? undefined : this.rewriting.get(channel);
      const sent = rewrite === undefined ? message : JSON.stringify({ ...answer, result: rewrite(answer.result) });
      if (channel !== undefined && this.holding.has(channel)) this.#held.push(() => ws.send(sent));
      else ws.send(sent);
    });
  }

  /** Answers held back by `holding`, not yet sent to the page. */
  get held(): number {
    return this.#held.length;
  }

  /** Calls held back by `gated`, not yet sent to the shell. */
  get gatedRequests(): number {
    return this.#gatedRequests.length;
  }

  /** Lets the oldest call held back by `gated` reach the shell. */
  releaseRequest(): void {
    const send = this.#gatedRequests.shift();
    if (send === undefined) throw new Error('No call is held back');
    send();
  }

  /** Stops holding, gating, failing and rewriting, lets the held calls reach the shell and sends the page what was held. */
  release(): void {
    this.failing.clear();
    this.rewriting.clear();
    this.holding.clear();
    this.gated.clear();
    for (const send of this.#gatedRequests.splice(0)) send();
    for (const send of this.#held.splice(0)) send();
  }

  /** Sends the page an event as the shell would (say, `sync.didApplyChanges` after the test changed a record). */
  emit(event: string, payload: unknown): void {
    if (this.#page === null) throw new Error('The page has no IPC socket yet');
    this.#page.send(JSON.stringify({ type: 'event', event, payload }));
  }

  invoke(channel: string, input: unknown): Promise<unknown> {
    const server = this.#server;
    if (server === null) throw new Error('The page has no IPC socket yet');
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      server.send(JSON.stringify({ type: 'invoke', id, channel, input }));
    });
  }
}

/**
 * `useApp` with the page's IPC socket routed through a new `InjectingRoute`, which holds nothing back when each test
 * starts and once the suite is over (a test that failed half-way leaves no answer held).
 */
export function useInjectingApp(options: Omit<AppOptions, 'route'>): { readonly route: InjectingRoute; readonly app: App } {
  const route = new InjectingRoute();
  const app = useApp({ ...options, route });
  beforeEach(() => {
    route.release();
  });
  afterAll(() => {
    route.release();
  });
  return { route, app };
}
