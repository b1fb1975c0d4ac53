// Where `serve` listens, through the real command line: on all interfaces
// when `init --host` named a host other machines use (a device connects to an
// address that is not 127.0.0.1: 127.0.0.2 stands in for the LAN address), on
// loopback only when every host is loopback, and on `--listen` when given.
// The ready line names the URL devices use and the address listened on. On a
// machine without IPv6 (simulated in the child: binding an IPv6 address fails
// as the kernel would), `::` falls back to 0.0.0.0 and the ready line says so.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnrolmentBundle } from '../../src-shared/sync/protocol';
import { runCli, startServe } from '../testing/cli-process';
import { HttpsTestClient } from '../testing/https-client';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-listen-test-'));
const noIpv6 = join(import.meta.dirname, '..', 'testing', 'no-ipv6.ts');

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function readyPort(line: string): number {
  return Number(/^Sync server ready at https:\/\/\S+:(\d+)\b/.exec(line)?.[1] ?? 'NaN');
}

describe('fieldvault-server serve: listen address', () => {
  it('listens on all interfaces when a configured host is not loopback, and the bundle names the first host', async () => {
    const dataDir = join(root, 'lan');
    expect((await runCli(['init', '--data-dir', dataDir, '--host', 'fv.example.test', '--host', '127.0.0.2', '--port', '18443'])).code).toBe(0);
    const serving = await startServe(['--data-dir', dataDir, '--port', '0']);
    try {
      const port = readyPort(serving.readyLine);
      const bundle = EnrolmentBundle.parse(JSON.parse(readFileSync(join(dataDir, 'enrolment-bundle.json'), 'utf8')));
      // A device reaching the server at a configured address other than 127.0.0.1, over TLS pinned to the CA.
      const client = new HttpsTestClient(`https://127.0.0.2:${port}`, bundle.caCertificatePem);
      try {
        expect((await client.request('GET', '/v1/no-such-endpoint')).status).toBe(404);
      } finally {
        client.close();
      }
      expect(serving.readyLine).toBe(`Sync server ready at https://fv.example.test:${port} (listening on [::]:${port})`);
      expect(bundle.serverUrl).toBe(`https://fv.example.test:${port}`);
    } finally {
      expect(await serving.stop()).toBe(0);
    }
  });

  it('listens on 0.0.0.0 instead of :: on a machine without IPv6, and says so', async () => {
    const dataDir = join(root, 'ipv4-only');
    expect((await runCli(['init', '--data-dir', dataDir, '--host', 'fv.example.test', '--host', '127.0.0.2', '--port', '18443'])).code).toBe(0);
    const serving = await startServe(['--data-dir', dataDir, '--port', '0'], { preload: noIpv6 });
    try {
      const port = readyPort(serving.readyLine);
      expect(serving.readyLine).toBe(`Sync server ready at https://fv.example.test:${port} (listening on 0.0.0.0:${port}, IPv4 only: this machine has no IPv6)`);
      expect(await accepts('127.0.0.2', port)).toBe(true);
    } finally {
      expect(await serving.stop()).toBe(0);
    }
    // Any other address that needs IPv6 still fails.
    const refused = await runCli(['serve', '--data-dir', dataDir, '--port', '0', '--listen', '::1'], { preload: noIpv6 });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('EAFNOSUPPORT');
  });

  it('listens on loopback only when every host is loopback, and on --listen when given', async () => {
    const dataDir = join(root, 'local');
    expect((await runCli(['init', '--data-dir', dataDir, '--port', '18443'])).code).toBe(0);
    const local = await startServe(['--data-dir', dataDir, '--port', '0']);
    try {
      const port = readyPort(local.readyLine);
      expect(await accepts('127.0.0.1', port)).toBe(true);
      expect(await accepts('127.0.0.2', port)).toBe(false);
      expect(local.readyLine).toBe(`Sync server ready at https://127.0.0.1:${port} (listening on 127.0.0.1:${port})`);
    } finally {
      expect(await local.stop()).toBe(0);
    }

    const chosen = await startServe(['--data-dir', dataDir, '--port', '0', '--listen', '127.0.0.2']);
    try {
      const port = readyPort(chosen.readyLine);
      expect(chosen.readyLine).toBe(`Sync server ready at https://127.0.0.1:${port} (listening on 127.0.0.2:${port})`);
      expect(await accepts('127.0.0.2', port)).toBe(true);
    } finally {
      expect(await chosen.stop()).toBe(0);
    }

    const refused = await runCli(['serve', '--data-dir', dataDir, '--listen', 'every-interface']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--listen is an IP address of this machine, or 0.0.0.0 or :: for all interfaces');
  });
});
