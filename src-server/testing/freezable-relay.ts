// Test support: a TCP relay to a loopback port (a real PostgreSQL server)
// that the test can freeze: connections stay open and new ones are accepted,
// but nothing more is passed on and nothing is closed, as with a stopped
// server or a dead network. Unlike a closed port, the client hears nothing.
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay to 127.0.0.1:target that `freeze()` makes accept and hold connections without passing anything on. */
export class FreezableRelay {
  readonly #sockets = new Set<Socket>();
  #frozen = false;

  private constructor(
    readonly server: Server,
    private readonly target: number,
  ) {}

  static async start(target: number): Promise<FreezableRelay> {
    const server = createServer({ allowHalfOpen: true });
    const relay = new FreezableRelay(server, target);
    server.on('connection', (socket) => relay.#accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  freeze(): void {
    this.#frozen = true;
    this.freezeOpen();
  }

  /** Freezes the connections open now only; new ones are relayed as before (pooled connections that died silently, the database fine). */
  freezeOpen(): void {
    for (const socket of this.#sockets) {
      socket.unpipe();
      socket.pause();
    }
  }

  /** Drops every connection open now (a database restart, a network cut); new ones are relayed as before. */
  cut(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.#sockets.delete(socket));
  }

  #accept(socket: Socket): void {
    this.#track(socket);
    if (this.#frozen) {
      socket.pause();
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: this.target, allowHalfOpen: true });
    this.#track(upstream);
    socket.pipe(upstream);
    upstream.pipe(socket);
  }
}
