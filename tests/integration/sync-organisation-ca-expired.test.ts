// An organisation CA past its end, over real TLS on loopback with
// certificates made as the server's own tools make them: the device says the
// organisation's certificate expired, on which day, and that the
// organisation needs a new one, not "ask your administrator to renew the
// server's certificate" (renew-certificate refuses once the CA has ended). A
// server certificate that expired under a CA still current is still that.
// `serve` refuses to start once its CA has ended, so a restarted server is a
// closed port: the device, which holds the CA, says the same for any failure
// before an answer (unreachable, a timeout, a handshake that failed).
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isUnanswered, SyncNetworkError } from '../../src-main/sync/errors';
import { SyncTransport } from '../../src-main/sync/transport';
import { createOrganisationCa, issueServerCertificate, type CertificateAndKey } from '../../src-server/pki/certificates';

const dayMs = 86_400_000;
const Ok = z.object({ ok: z.boolean() });

describe('an organisation CA that has expired', () => {
  let server: https.Server | undefined;

  afterEach(async () => {
    const running = server;
    server = undefined;
    if (running === undefined) return;
    running.closeAllConnections();
    await new Promise<void>((resolve) => running.close(() => resolve()));
  });

  /** A TLS server on loopback with `pair`, answering 200 to anything; its https:// origin. */
  async function serve(pair: CertificateAndKey): Promise<string> {
    const started = https.createServer({ cert: pair.certPem, key: pair.keyPem, minVersion: 'TLSv1.2' }, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    server = started;
    await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
    return `https://127.0.0.1:${(started.address() as AddressInfo).port}`;
  }

  async function refusal(url: string, caPem: string, timeoutMs?: number): Promise<unknown> {
    const transport = new SyncTransport({ serverUrl: url, caPem, protocolVersion: 1, schemaVersion: 1, deviceToken: 'token', timeoutMs });
    try {
      return await transport.request({ method: 'GET', path: '/v1/poke', response: Ok }).then(
        () => new Error('the request succeeded'),
        (error: unknown) => error,
      );
    } finally {
      transport.close();
    }
  }

  it('is said as the organisation certificate expired on its day, with what to do, and retried like a certificate error', async () => {
    // Made 400 days ago for a year: it ended 35 days ago, and the server certificate it signed with it.
    const madeAt = Date.now() - 400 * dayMs;
    const ca = await createOrganisationCa('Acme', 365, madeAt);
    const url = await serve(await issueServerCertificate(ca, ['127.0.0.1', 'localhost'], 825, madeAt));
    const expiredOn = new Date(madeAt + 365 * dayMs).toISOString().slice(0, 10);

    const error = await refusal(url, ca.certPem);
    expect(error).toBeInstanceOf(SyncNetworkError);
    expect(error).toMatchObject({
      failure: 'organisation_ca_expired',
      expiredOn,
      code: 'SYNC_UNAVAILABLE',
      reason: { code: 'organisation_ca_expired', expiredOn },
      message: `Your organisation's certificate, which this device trusts for the sync server, expired on ${expiredOn}. Nothing was sent; your changes stay on this device. If this computer's date and time are right, ask your administrator: the organisation needs a new certificate, and this device must then be connected to the sync server again.`,
    });
    expect(isUnanswered(error)).toBe(true);
  });

  /** An https:// origin on loopback where nothing listens (a port just closed). */
  async function closedPort(): Promise<string> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return `https://127.0.0.1:${port}`;
  }

  it('is said when nothing answers either: serve refuses to start once its CA has ended, so a restarted server is a closed port', async () => {
    const madeAt = Date.now() - 400 * dayMs;
    const ca = await createOrganisationCa('Acme', 365, madeAt);
    const expiredOn = new Date(madeAt + 365 * dayMs).toISOString().slice(0, 10);
    const url = await closedPort();

    const error = await refusal(url, ca.certPem);
    expect(error).toBeInstanceOf(SyncNetworkError);
    expect(error).toMatchObject({ failure: 'organisation_ca_expired', expiredOn, reason: { code: 'organisation_ca_expired', expiredOn } });
    expect(isUnanswered(error)).toBe(true);
    // Under a CA still current, the same closed port is unreachable, as before.
    const current = await createOrganisationCa('Acme', 3650, madeAt);
    expect(await refusal(url, current.certPem)).toMatchObject({ failure: 'unreachable', reason: { code: 'sync_network', failure: 'unreachable' } });
  });

  it('is said when the server answers no TLS, or nothing at all in time, under the ended CA', async () => {
    const madeAt = Date.now() - 400 * dayMs;
    const ca = await createOrganisationCa('Acme', 365, madeAt);
    // Plain HTTP on the port (another program, a sign-in page) and a listener that never speaks.
    const plain = http.createServer((_request, response) => response.end('hello'));
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket));
    try {
      await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const plainUrl = `https://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      const silentUrl = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      expect(await refusal(plainUrl, ca.certPem)).toMatchObject({ failure: 'organisation_ca_expired' });
      expect(await refusal(silentUrl, ca.certPem, 300)).toMatchObject({ failure: 'organisation_ca_expired' });
    } finally {
      plain.closeAllConnections();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('leaves a server certificate that expired under a current CA as one to renew', async () => {
    const madeAt = Date.now() - 400 * dayMs;
    const ca = await createOrganisationCa('Acme', 3650, madeAt);
    const url = await serve(await issueServerCertificate(ca, ['127.0.0.1', 'localhost'], 30, madeAt));
    expect(await refusal(url, ca.certPem)).toMatchObject({ failure: 'certificate_expired', reason: { code: 'sync_network', failure: 'certificate_expired' } });
  });
});
