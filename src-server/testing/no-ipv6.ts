// Test support, loaded with `--import` into a `fieldvault-server` child
// (CliOptions.preload): the process behaves as on a machine without IPv6.
// Listening on an IPv6 address fails with EAFNOSUPPORT, as a kernel booted
// with ipv6.disable=1 answers, through the server's 'error' event as Node
// reports a failed bind; every other listen is untouched.
import { isIP, Server } from 'node:net';

// eslint-disable-next-line @typescript-eslint/unbound-method -- applied to the server below
const listen = Server.prototype.listen;

function ipv6Host(args: readonly unknown[]): string | null {
  const [first, second] = args;
  const host = typeof first === 'object' && first !== null && 'host' in first ? first.host : second;
  return typeof host === 'string' && isIP(host) === 6 ? host : null;
}

Object.defineProperty(Server.prototype, 'listen', {
  configurable: true,
  writable: true,
  value: function listenWithoutIpv6(this: Server, ...args: unknown[]): unknown {
    const host = ipv6Host(args);
    if (host === null) return Reflect.apply(listen, this, args);
    const error = Object.assign(new Error(`listen EAFNOSUPPORT: address family not supported ${host}`), { code: 'EAFNOSUPPORT', syscall: 'listen', address: host });
    process.nextTick(() => this.emit('error', error));
    return this;
  },
});
