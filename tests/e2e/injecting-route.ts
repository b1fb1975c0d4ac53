// The page's IPC socket, routed through Playwright so that a test can call
// the shell as the page would (enrol, sync now, read a record) without the
// page seeing the answers: everything else passes through unchanged.
import type { WebSocketRoute } from 'playwright-core';

/** Passes every message through; calls made by the test get ids the page never uses, and their answers stay here. */
export class InjectingRoute {
  #server: ReturnType<WebSocketRoute['connectToServer']> | null = null;
  #nextId = 1_000_000;
  readonly #pending = new Map<number, (result: unknown) => void>();

  attach(ws: WebSocketRoute): void {
    const server = ws.connectToServer();
    this.#server = server;
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString('utf8');
      const answer = JSON.parse(text) as { type?: unknown; id?: unknown; result?: unknown };
      const waiting = answer.type === 'result' && typeof answer.id === 'number' ? this.#pending.get(answer.id) : undefined;
      if (waiting === undefined) ws.send(message);
      else waiting(answer.result);
    });
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
