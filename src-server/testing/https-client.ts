// Test support: a minimal HTTPS client that trusts only the given CA (as a
// device pinned to its organisation does) and returns status and parsed JSON,
// so tests can send well-formed and deliberately broken requests alike.
import https from 'node:https';
import { protocolHeader, protocolVersion, schemaHeader } from '../../src-shared/sync/protocol';

export interface HttpAnswer {
  readonly status: number;
  readonly json: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface RequestOptions {
  readonly token?: string;
  /** Sent as JSON unless rawBody is given. */
  readonly body?: unknown;
  readonly rawBody?: string | Buffer;
  readonly contentType?: string;
  /** Overrides (or, with null, removes) default headers. */
  readonly headers?: Readonly<Record<string, string | null>>;
  readonly timeoutMs?: number;
}

export class HttpsTestClient {
  readonly agent: https.Agent;

  constructor(
    readonly baseUrl: string,
    caPem: string,
  ) {
    this.agent = new https.Agent({ ca: [caPem], keepAlive: true, maxSockets: 8, minVersion: 'TLSv1.2' });
  }

  request(method: 'GET' | 'POST', path: string, options: RequestOptions = {}): Promise<HttpAnswer> {
    const payload =
      options.rawBody !== undefined
        ? Buffer.from(options.rawBody)
        : options.body === undefined
          ? null
          : Buffer.from(JSON.stringify(options.body), 'utf8');
    const headers: Record<string, string> = { [protocolHeader]: String(protocolVersion), [schemaHeader]: '1' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (payload !== null) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = String(payload.length);
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === null) Reflect.deleteProperty(headers, name);
      else headers[name] = value;
    }
    return new Promise((resolve, reject) => {
      const request = https.request(new URL(path, this.baseUrl), { method, headers, agent: this.agent, timeout: options.timeoutMs ?? 60_000 }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = text === '' ? null : JSON.parse(text);
          } catch {
            json = { unparsable: text.slice(0, 200) };
          }
          resolve({ status: response.statusCode ?? 0, json, headers: response.headers });
        });
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error('Request timed out')));
      request.on('error', reject);
      if (payload !== null) request.write(payload);
      request.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
