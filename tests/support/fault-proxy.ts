// Test support: an HTTPS proxy between a device and the sync server that
// breaks exchanges the way bad networks do. It terminates TLS with the sync
// server's own certificate (issued by the organisation CA, so the device's
// pinning accepts it) and forwards each request to the server, which lets it
// fail at exact points: refuse the connection, deliver the request but drop
// the answer, cut the connection in the middle of the answer's body, or answer
// for the server as it refuses a push whose stamps are ahead of its clock,
// as a gateway in front of it sheds load (a 429 naming no wait), or as a
// maintenance page in front of it (a 503 with a Retry-After of 30 minutes). It can
// rewrite the server's answers, to make the server say what it never would,
// and a device's requests, to make it send what this version never would.
// It can also hold a request before forwarding it, or the server's answer
// before passing it on, to catch a device in the middle of a sync cycle, and
// counts the connections a device holds open and
// the requests in flight at once (one long poll per session). It can carry
// request bodies at a set rate, as a slow uplink does.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault = 'pass' | 'refuse' | 'drop-answer' | 'cut-midway' | 'clock-skew' | 'rate-limited' | 'maintenance' | 'server-error';

/** The wait the maintenance page names (its Retry-After), in seconds. */
export const maintenanceRetryAfterSeconds = 1_800;

const json = { 'content-type': 'application/json' };
/**
 * Faults the proxy answers itself, the request never reaching the server: the server's refusal of a push from a
 * clock ahead of it; a gateway's 429, in its own words and with no Retry-After; a maintenance page, naming when to
 * come back; the server's own failure (a bug on what the request carries).
 */
const cannedAnswers: Partial<Record<Fault, readonly [number, string, Readonly<Record<string, string>>]>> = {
  'clock-skew': [400, JSON.stringify({ error: { code: 'clock_skew', message: 'The device clock is ahead of the server.' } }), json],
  'rate-limited': [429, JSON.stringify({ message: 'Too Many Requests' }), json],
  maintenance: [503, '<html>Down for maintenance</html>', { 'content-type': 'text/html', 'retry-after': String(maintenanceRetryAfterSeconds) }],
  'server-error': [500, JSON.stringify({ error: { code: 'internal', message: 'The sync server failed; try again later' } }), json],
};

export interface HeldRequest {
  /** Resolves when the request has reached the proxy (and waits there). */
  readonly arrived: Promise<void>;
  /** Forwards it (under the proxy's rule as it is then). */
  release(): void;
}

export interface FaultProxy {
  readonly url: string;
  /** Decides the fault for each request (path like /v1/pull); default: pass. */
  rule: (path: string) => Fault;
  /** Rewrites the body of each answer that passes (path like /v1/users); default: as the server sent it. */
  rewrite: (path: string, body: string) => string;
  /**
   * Rewrites the body of each request it forwards, read whole first (path like /v1/push), to make a device
   * send what this version never would; null (the default): streamed on as the device sent it.
   */
  rewriteRequest: ((path: string, body: string) => string) | null;
  /** Bytes per second at which request bodies go on to the server, as a slow uplink carries them; null (the default): as they come. */
  uplinkBytesPerSecond: number | null;
  readonly log: { path: string; fault: Fault; status: number | null }[];
  /** Holds the next request to path (like /v1/pull) until released; later ones pass. */
  hold(path: string): HeldRequest;
  /** Forwards the next request to path, then holds the server's answer until released (`arrived`: the answer is here); later ones pass. */
  holdAnswer(path: string): HeldRequest;
  retarget(port: number): void;
  /** Connections from devices open now (an idle keep-alive one stays until the device closes it). */
  openConnections(): number;
  /** The most requests to path (like /v1/poke) in flight at once so far, and how many are now. */
  inFlight(path: string): { now: number; peak: number };
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  readonly certPem: string;
  readonly keyPem: string;
  readonly caPem: string;
  readonly targetPort: number;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let targetPort = options.targetPort;
  const sockets = new Set<Socket>();
  const agent = new https.Agent({ ca: [options.caPem], keepAlive: false });
  const holds: Hold[] = [];
  const answerHolds: Hold[] = [];
  const flights = new Map<string, { now: number; peak: number }>();
  const proxy: FaultProxy = {
    url: '',
    rule: () => 'pass',
    rewrite: (_path, body) => body,
    rewriteRequest: null,
    uplinkBytesPerSecond: null,
    log: [],
    retarget: (port) => {
      targetPort = port;
    },
    openConnections: () => sockets.size,
    inFlight: (path) => ({ ...(flights.get(path) ?? { now: 0, peak: 0 }) }),
    hold: (path) => holdOn(holds, path),
    holdAnswer: (path) => holdOn(answerHolds, path),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
        agent.destroy();
      }),
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    const route = path.split('?')[0] ?? path;
    // From arrival (a held request counts) until its answer ends or its connection goes.
    const flight = flights.get(route) ?? { now: 0, peak: 0 };
    flights.set(route, flight);
    flight.now += 1;
    flight.peak = Math.max(flight.peak, flight.now);
    response.on('close', () => {
      flight.now -= 1;
    });
    const hold = takeHold(holds, route);
    if (hold !== undefined) {
      // The body stays buffered in the paused request until it is piped on.
      hold.arrive();
      void hold.released.then(() => forward(request, response, path));
      return;
    }
    forward(request, response, path);
  };

  const forward = (request: IncomingMessage, response: ServerResponse, path: string) => {
    const fault = proxy.rule(path.split('?')[0] ?? path);
    const answerHold = takeHold(answerHolds, path.split('?')[0] ?? path);
    const entry: FaultProxy['log'][number] = { path, fault, status: null };
    proxy.log.push(entry);
    if (fault === 'refuse') {
      request.socket.destroy();
      return;
    }
    const canned = cannedAnswers[fault];
    if (canned !== undefined) {
      const [status, answer, headers] = canned;
      request.resume();
      request.on('end', () => {
        entry.status = status;
        response.writeHead(status, headers).end(answer);
      });
      return;
    }
    const rewriteRequest = proxy.rewriteRequest;
    const rate = proxy.uplinkBytesPerSecond;
    if (rewriteRequest === null && rate !== null) {
      const upstream = send(request, response, path, fault, entry, null, answerHold);
      // Each piece goes on at once; the next is read only after the time the link takes to carry this one.
      request.on('data', (chunk: Buffer) => {
        upstream.write(chunk);
        request.pause();
        setTimeout(() => request.resume(), (chunk.length / rate) * 1000);
      });
      request.on('end', () => upstream.end());
      return;
    }
    if (rewriteRequest === null) {
      request.pipe(send(request, response, path, fault, entry, null, answerHold));
      return;
    }
    const sent: Buffer[] = [];
    request.on('data', (chunk: Buffer) => sent.push(chunk));
    request.on('end', () => {
      const body = Buffer.from(rewriteRequest(path.split('?')[0] ?? path, Buffer.concat(sent).toString('utf8')), 'utf8');
      send(request, response, path, fault, entry, body, answerHold).end(body);
    });
  };

  /** The request to the server, its answer passed back under the fault (and the hold); `body`: the one it will carry, when rewritten. */
  const send = (request: IncomingMessage, response: ServerResponse, path: string, fault: Fault, entry: FaultProxy['log'][number], body: Buffer | null, answerHold: Hold | undefined) => {
    const { 'transfer-encoding': chunked, ...fixed } = request.headers;
    const headers =
      body === null ? { ...request.headers, host: `127.0.0.1:${targetPort}` } : { ...fixed, host: `127.0.0.1:${targetPort}`, 'content-length': String(body.length) };
    void chunked;
    const upstream = https.request({ host: '127.0.0.1', port: targetPort, path, method: request.method, headers, agent }, (answer) => {
      entry.status = answer.statusCode ?? null;
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      const ended = new Promise<void>((resolve) => answer.on('end', resolve));
      // The server has answered; under a hold the device hears of it once released.
      void ended.then(() => {
        answerHold?.arrive();
        return answerHold?.released;
      }).then(() => {
        const body = Buffer.from(proxy.rewrite(path.split('?')[0] ?? path, Buffer.concat(chunks).toString('utf8')), 'utf8');
        if (fault === 'drop-answer') {
          // The server has done the work; the device never hears of it.
          response.socket?.destroy();
          return;
        }
        const { 'transfer-encoding': _chunked, ...rest } = answer.headers;
        void _chunked;
        response.writeHead(answer.statusCode ?? 502, { ...rest, 'content-length': String(body.length) });
        if (fault === 'cut-midway') {
          response.write(body.subarray(0, Math.floor(body.length / 2)));
          setTimeout(() => response.socket?.destroy(), 10);
          return;
        }
        response.end(body);
      });
    });
    upstream.on('error', () => response.socket?.destroy());
    return upstream;
  };

  const server = https.createServer({ cert: options.certPem + options.caPem, key: options.keyPem }, handle);
  // Not Node's 5 s: a connection a device leaks must stay visible (close() destroys every one).
  server.keepAliveTimeout = 10 * 60_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(proxy, { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` });
  return proxy;
}

interface Hold {
  readonly path: string;
  readonly arrive: () => void;
  readonly released: Promise<void>;
}

/** Adds a hold on the next request to path to the list. */
function holdOn(holds: Hold[], path: string): HeldRequest {
  let arrive: () => void = () => undefined;
  let release: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  holds.push({ path, arrive, released });
  return { arrived, release };
}

/** Takes the first hold on route off the list, if any. */
function takeHold(holds: Hold[], route: string): Hold | undefined {
  const index = holds.findIndex((hold) => hold.path === route);
  return index < 0 ? undefined : holds.splice(index, 1)[0];
}
