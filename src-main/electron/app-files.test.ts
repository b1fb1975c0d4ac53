// The app:// file mapping and responses, on a real folder on disk: traversal
// in every spelling is refused, only host `fieldvault` is served, and every
// answer carries the CSP.
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, resolveAppFile, serveAppRequest } from './app-files';

const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const secret = 'CANARY-outside-the-renderer-root';
// Created at load time: the traversal cases below name the absolute path.
const sandbox = mkdtempSync(path.join(os.tmpdir(), 'fv-app-files-'));
const root = path.join(sandbox, 'renderer');

beforeAll(async () => {
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>FieldVault</title>');
  await writeFile(path.join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'app-1a2b.css'), 'body{}');
  await writeFile(path.join(sandbox, 'secret.txt'), secret);
  await mkdir(path.join(sandbox, 'renderer-evil'));
  await writeFile(path.join(sandbox, 'renderer-evil', 'x.js'), secret);
  await symlink(path.join(sandbox, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});

afterAll(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

const get = (url: string, method = 'GET'): Promise<Response> => serveAppRequest(root, new Request(url, { method }));

const traversals = [
  'app://fieldvault/../secret.txt',
  'app://fieldvault/../../etc/passwd',
  'app://fieldvault/%2e%2e/secret.txt',
  'app://fieldvault/%2E%2E/%2e%2E/secret.txt',
  'app://fieldvault/..%2fsecret.txt',
  'app://fieldvault/assets/..%2f..%2fsecret.txt',
  'app://fieldvault/%2e%2e%2fsecret.txt',
  'app://fieldvault/..%5csecret.txt',
  'app://fieldvault/..%5c..%5cetc%5cpasswd',
  'app://fieldvault/%252e%252e%252fsecret.txt',
  'app://fieldvault/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
  'app://fieldvault/index.html%00.js',
  'app://fieldvault/%2fetc%2fpasswd',
  'app://fieldvault//etc/passwd',
  `app://fieldvault/${encodeURIComponent(path.join(sandbox, 'secret.txt'))}`,
  'app://fieldvault/C:%5cWindows%5cwin.ini',
  'app://fieldvault/..%2frenderer-evil%2fx.js',
  'app://fieldvault/%E0%A4%A',
];

describe('resolveAppFile', () => {
  it('maps / and /index.html to index.html, and assets under the root', () => {
    expect(resolveAppFile(root, 'app://fieldvault/')).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://fieldvault')).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://fieldvault/index.html?x=1#y')).toEqual({
      ok: true,
      file: path.join(root, 'index.html'),
    });
    expect(resolveAppFile(root, 'app://fieldvault/assets/app-1a2b.js')).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'app-1a2b.js'),
    });
  });

  it.each(traversals)('never resolves %s outside the root', (url) => {
    const resolution = resolveAppFile(root, url);
    if (resolution.ok) {
      expect(path.relative(root, resolution.file).startsWith('..')).toBe(false);
      expect(path.isAbsolute(path.relative(root, resolution.file))).toBe(false);
    }
  });

  it.each([
    'app://fieldvault/..%2fsecret.txt',
    'app://fieldvault/..%5csecret.txt',
    'app://fieldvault/index.html%00.js',
    'app://fieldvault/C:%5cWindows%5cwin.ini',
  ])('refuses %s outright', (url) => {
    expect(resolveAppFile(root, url).ok).toBe(false);
  });

  it.each([
    'app://evil/index.html',
    'app://fieldvault.evil/index.html',
    'app://FIELDVAULT.example/index.html',
    'app://fieldvault:8080/index.html',
    'app://user:pw@fieldvault/index.html',
    'app:///index.html',
    'app:index.html',
    'https://fieldvault/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s (wrong scheme or host)', (url) => {
    expect(resolveAppFile(root, url).ok).toBe(false);
  });
});

describe('serveAppRequest', () => {
  it('serves index.html with its type and the strict CSP', async () => {
    const response = await get('app://fieldvault/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>FieldVault</title>');
  });

  it('serves scripts and styles with their MIME types', async () => {
    const script = await get('app://fieldvault/assets/app-1a2b.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    const style = await get('app://fieldvault/assets/app-1a2b.css');
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each(traversals)('never returns a file from outside the root for %s', async (url) => {
    const response = await get(url);
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain(secret);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
  });

  it('refuses another host with 403, with the CSP', async () => {
    const response = await get('app://evil/index.html');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
  });

  it('does not follow a symlink out of the root', async () => {
    const response = await get('app://fieldvault/assets/link.txt');
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain(secret);
  });

  it('answers 404 for a missing file and for a directory, without a listing', async () => {
    expect((await get('app://fieldvault/missing.js')).status).toBe(404);
    const directory = await get('app://fieldvault/assets');
    expect(directory.status).toBe(404);
    expect(await directory.text()).not.toContain('app-1a2b');
  });

  it('allows GET and HEAD only', async () => {
    const head = await get('app://fieldvault/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('app://fieldvault/index.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('knows the types a Vite build emits', () => {
    expect(contentTypeFor('a.mjs')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.SVG')).toBe('image/svg+xml');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
