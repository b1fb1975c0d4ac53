// The server's host names: what `init --host` accepts (a DNS host name or an
// IP literal, as a certificate's subjectAltName and a URL can carry), which
// of them are loopback, and where `serve` listens by default: on loopback
// only when every configured host is loopback (a one-machine setup), else on
// all interfaces, because devices elsewhere connect to the other names.
import { isIP } from 'node:net';

const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** A DNS host name (RFC 1123 labels) or an IPv4/IPv6 literal, without brackets or port. */
export function isHostName(host: string): boolean {
  if (isIP(host) !== 0) return true;
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  return name.length > 0 && name.length <= 253 && name.split('.').every((part) => label.test(part));
}

export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true;
  if (isIP(lower) === 4) return lower.startsWith('127.');
  return lower === '::1' || lower === '0:0:0:0:0:0:0:1';
}

/** `::` (all interfaces, IPv6 and IPv4) unless every host is loopback; then 127.0.0.1 (::1 if only IPv6 loopback is named). */
export function defaultListenHost(hosts: readonly string[]): string {
  if (!hosts.every(isLoopbackHost)) return '::';
  return hosts.some((host) => isIP(host) === 6) && !hosts.some((host) => isIP(host) === 4) ? '::1' : '127.0.0.1';
}

/** `host:port`, with an IPv6 literal in brackets, for URLs and messages. */
export const hostPort = (host: string, port: number): string => `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
