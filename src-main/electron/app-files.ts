// Answers app://fieldvault/… requests from the built renderer folder: the
// URL → file mapping (no path may leave the root), content types, and the
// security headers every response carries. It uses only node:fs and the
// global Request/Response, no Electron, so protocol.ts stays a thin adapter
// and all of this is tested without the Electron binary.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { appHost, appScheme } from './app-url';

/** Headers on every answer, errors included, so no response escapes the CSP. */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // The renderer keeps nothing on disk, not even the HTTP cache.
    'Cache-Control': 'no-store',
  };
  // Kept as one literal so that reviewers, and Electronegativity's CSP check,
  // read exactly the policy that is served. No 'unsafe-eval', no inline
  // script; inline styles only (React style props); data: images only.
  headers['Content-Security-Policy'] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
  return headers;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AppFileResolution =
  | { readonly ok: true; readonly file: string }
  | { readonly ok: false; readonly status: 400 | 403 };

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return (
    relative !== '' && !path.isAbsolute(relative) && relative !== '..' && !relative.startsWith(`..${path.sep}`)
  );
}

/**
 * Maps a request URL onto a file under `root`, or refuses it. Layered on
 * purpose: the host must be ours; the decoded path may hold no NUL, no
 * backslash (a separator on Windows), no colon (drive letters and NTFS
 * streams) and no `..` segment (catches %2f-encoded traversal that the URL
 * parser does not normalise); and the resolved path must still lie inside
 * the root. Symlinks are checked by serveAppRequest, which touches the disk.
 */
export function resolveAppFile(root: string, requestUrl: string): AppFileResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${appScheme}:`) return { ok: false, status: 400 };
  if (url.host !== appHost || url.username !== '' || url.password !== '') return { ok: false, status: 403 };

  let decoded: string;
  try {
    // Chromium always gives a standard URL a path; Node leaves it empty.
    decoded = decodeURIComponent(url.pathname === '' ? '/' : url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (/[\0\\:]/.test(decoded)) return { ok: false, status: 403 };
  const segments = decoded.split('/');
  if (segments.includes('..')) return { ok: false, status: 403 };

  const relative = (decoded.endsWith('/') ? `${decoded}index.html` : decoded).replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  return isInside(base, file) ? { ok: true, file } : { ok: false, status: 403 };
}

function answer(status: number, extra: Record<string, string> = {}, body: Uint8Array | null = null): Response {
  return new Response(body, { status, headers: { ...extra, ...securityHeaders() } });
}

/** The protocol handler's whole job: GET/HEAD of a regular file under root. */
export async function serveAppRequest(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, { Allow: 'GET, HEAD' });
  const resolution = resolveAppFile(root, request.url);
  if (!resolution.ok) return answer(resolution.status);
  try {
    // A symlink inside the build folder must not lead out of it.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(resolution.file)]);
    if (!isInside(realRoot, realFile)) return answer(403);
    const info = await stat(realFile);
    if (!info.isFile()) return answer(404);
    const headers = { 'Content-Type': contentTypeFor(realFile), 'Content-Length': String(info.size) };
    if (request.method === 'HEAD') return answer(200, headers);
    const body = await readFile(realFile);
    return answer(200, { ...headers, 'Content-Length': String(body.byteLength) }, body);
  } catch {
    // Missing files and unreadable ones look the same from outside.
    return answer(404);
  }
}
