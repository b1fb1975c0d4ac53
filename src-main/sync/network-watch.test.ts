import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { externalAddresses, NetworkWatch } from './network-watch';

type Interfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

const info = (address: string, internal = false): os.NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: `${address}/24`,
});

describe('network watch', () => {
  it('lists only non-loopback addresses', () => {
    const read = (): Interfaces => ({ lo: [info('127.0.0.1', true)], wlan0: [info('192.168.1.20')], eth0: undefined });
    expect([...externalAddresses(read)]).toEqual(['wlan0/192.168.1.20']);
  });

  it('calls back when an address appears, not at start, not when one goes, not while nothing changes', () => {
    let interfaces: Interfaces = { lo: [info('127.0.0.1', true)] };
    let joined = 0;
    const watch = new NetworkWatch(() => (joined += 1), { read: () => interfaces, intervalMs: 60_000 });
    watch.start();
    watch.check();
    expect(joined).toBe(0);

    interfaces = { lo: [info('127.0.0.1', true)], wlan0: [info('10.0.0.7')] };
    watch.check();
    expect(joined).toBe(1);
    watch.check();
    expect(joined).toBe(1);

    // Leaving the network is not a reason to sync; joining another one is.
    interfaces = { lo: [info('127.0.0.1', true)] };
    watch.check();
    expect(joined).toBe(1);
    interfaces = { lo: [info('127.0.0.1', true)], wlan0: [info('172.16.4.9')] };
    watch.check();
    expect(joined).toBe(2);
    watch.stop();
  });

  it('survives an interface list that cannot be read, and sees the change once it can', () => {
    let failing = false;
    let interfaces: Interfaces = {};
    let joined = 0;
    const watch = new NetworkWatch(() => (joined += 1), {
      read: () => {
        if (failing) throw new Error('getifaddrs failed');
        return interfaces;
      },
    });
    watch.start();
    failing = true;
    expect(() => watch.check()).not.toThrow();
    expect(joined).toBe(0);
    failing = false;
    interfaces = { eth0: [info('192.168.0.2')] };
    watch.check();
    expect(joined).toBe(1);
    watch.stop();
  });
});
