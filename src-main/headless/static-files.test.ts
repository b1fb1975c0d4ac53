// The headless shell's file server on a real HTTP server over a temp folder:
// files inside the root are served with the security headers; nothing outside
// it is, whether asked for by path or reached through a symlink inside it.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-files';

let dir: string;
let server: http.Server;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-static-'));
  const root = path.join(dir, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>FieldVault</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await mkdir(path.join(dir, 'outside'));
  await writeFile(path.join(dir, 'outside', 'secret.txt'), 'outside-the-root');
  await symlink(path.join(dir, 'outside', 'secret.txt'), path.join(root, 'assets', 'link.js'));
  await symlink(path.join(dir, 'outside'), path.join(root, 'assets', 'outdir'));
  await symlink(path.join(root, 'assets', 'app.js'), path.join(root, 'assets', 'inside-link.js'));
  server = http.createServer((request, response) => void serveStatic(root, port, request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function get(requestPath: string): Promise<{ status: number; body: string; csp: string | null }> {
  const response = await fetch(`http://127.0.0.1:${port}${requestPath}`);
  return { status: response.status, body: await response.text(), csp: response.headers.get('content-security-policy') };
}

describe('headless static files', () => {
  it('serves the renderer with its headers', async () => {
    const page = await get('/');
    expect(page).toMatchObject({ status: 200, body: '<!doctype html><title>FieldVault</title>' });
    expect(page.csp).toContain("default-src 'self'");
    expect(await get('/assets/app.js')).toMatchObject({ status: 200, body: 'console.log(1)' });
    // A symlink that stays inside the root is followed.
    expect(await get('/assets/inside-link.js')).toMatchObject({ status: 200, body: 'console.log(1)' });
  });

  it('does not follow a symlink out of the root', async () => {
    for (const requestPath of ['/assets/link.js', '/assets/outdir/secret.txt']) {
      const answer = await get(requestPath);
      expect(answer.status).toBe(404);
      expect(answer.body).not.toContain('outside-the-root');
      expect(answer.csp).toContain("default-src 'self'");
    }
  });

  it('refuses paths that leave the root, however they are spelled', async () => {
    for (const requestPath of ['/../outside/secret.txt', '/%2e%2e/outside/secret.txt', '/assets/%2e%2e%2f%2e%2e%2foutside%2fsecret.txt', '/a%00b', '/%E0%A4%A']) {
      const answer = await get(requestPath);
      expect([400, 404]).toContain(answer.status);
      expect(answer.body).not.toContain('outside-the-root');
    }
  });
});
