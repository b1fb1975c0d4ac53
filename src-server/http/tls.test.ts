// The sync server's TLS, tested with real handshakes on loopback: TLS 1.1 is
// refused, TLS 1.2 only with Mozilla-intermediate AEAD suites, TLS 1.3 is what
// a modern client gets, and a client pinned to the organisation CA refuses a
// server whose certificate another CA issued (even a CA the client could
// otherwise trust).
import https from 'node:https';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisationCa, issueServerCertificate } from '../pki/certificates';
import { startTestServer, type TestServer } from '../testing/test-server';
import { intermediateCiphers } from './tls';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface Handshake {
  readonly ok: boolean;
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly error: string | null;
}

function handshake(port: number, options: tls.ConnectionOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...options }, () => {
      resolve({ ok: true, protocol: socket.getProtocol(), cipher: socket.getCipher().name, error: null });
      socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, protocol: null, cipher: null, error: error.code ?? error.message }));
  });
}

describe('TLS versions and suites', () => {
  it('refuses a TLS 1.1 client, even one willing to use any cipher', async () => {
    const result = await handshake(server.server.port, { ca: server.caPem, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS/);
  });

  it('accepts TLS 1.2 with each intermediate ECDHE-ECDSA suite', async () => {
    const suites = intermediateCiphers.split(':').filter((suite) => suite.startsWith('ECDHE-ECDSA'));
    expect(suites).toHaveLength(3);
    for (const suite of suites) {
      const result = await handshake(server.server.port, { ca: server.caPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: suite });
      expect(result).toMatchObject({ ok: true, protocol: 'TLSv1.2', cipher: suite });
    }
  });

  it('refuses TLS 1.2 suites outside the intermediate list (CBC, no forward secrecy)', async () => {
    for (const suite of ['AES128-SHA', 'AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA384']) {
      const result = await handshake(server.server.port, { ca: server.caPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: `${suite}@SECLEVEL=0` });
      expect(result.ok, suite).toBe(false);
    }
  });

  it('issues no TLS 1.2 session ticket, so no session resumes from a key the process never rotates', async () => {
    const connect = (session?: Buffer) =>
      new Promise<{ ticket: Buffer | undefined; session: Buffer | undefined; reused: boolean }>((resolve, reject) => {
        const socket = tls.connect(
          { host: '127.0.0.1', port: server.server.port, servername: 'localhost', ca: server.caPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ...(session === undefined ? {} : { session }) },
          () => {
            resolve({ ticket: socket.getTLSTicket(), session: socket.getSession(), reused: socket.isSessionReused() });
            socket.end();
          },
        );
        socket.on('error', reject);
      });
    const first = await connect();
    // Before, the server sent a ticket (sealed with its one, never-rotated key) and a second connection resumed from it.
    expect(first.ticket).toBeUndefined();
    const second = await connect(first.session);
    expect(second.reused).toBe(false);
  });

  it('negotiates TLS 1.3 with a client that offers it', async () => {
    const result = await handshake(server.server.port, { ca: server.caPem });
    expect(result).toMatchObject({ ok: true, protocol: 'TLSv1.3' });
    expect(result.cipher).toMatch(/^TLS_(AES_128_GCM|AES_256_GCM|CHACHA20_POLY1305)_SHA(256|384)$/);
  });
});

describe('CA pinning', () => {
  it('accepts the organisation server, and refuses a server whose certificate another CA issued', async () => {
    const otherCa = await createOrganisationCa('Impostor');
    const impostorCert = await issueServerCertificate(otherCa, ['127.0.0.1', 'localhost']);
    const impostor = https.createServer({ key: impostorCert.keyPem, cert: impostorCert.certPem }, (_request, response) => {
      response.end('{}');
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const address = impostor.address();
    const impostorPort = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const genuine = await handshake(server.server.port, { ca: server.caPem });
      expect(genuine.ok).toBe(true);
      const pinned = await handshake(impostorPort, { ca: server.caPem });
      expect(pinned).toMatchObject({ ok: false, error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
      // The impostor's own CA would trust it: the refusal is the pin, not a broken certificate.
      const trustingOther = await handshake(impostorPort, { ca: otherCa.certPem });
      expect(trustingOther.ok).toBe(true);
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });
});
