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

const info6 = (address: string): os.NetworkInterfaceInfo => ({ address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal: false, cidr: `${address}/64`, scopeid: 2 });

describe('network watch', () => {
  it('lists only non-loopback addresses', () => {
    const read = (): Interfaces => ({ lo: [info('127.0.0.1', true)], wlan0: [info('192.168.1.20')], eth0: undefined });
    expect([...externalAddresses(read)]).toEqual(['wlan0/192.168.1.20']);
  });

  it('leaves out link-local addresses and the host side of containers and virtual machines', () => {
    const read = (): Interfaces => ({
      wlan0: [info('192.168.1.20'), info6('fe80::1c2b:3aff:fe4d:5e6f'), info6('2001:db8::20')],
      eth0: [info('169.254.12.7')],
      docker0: [info('172.17.0.1')],
      'br-3f2a9c1d0e4b': [info('172.18.0.1')],
      veth1a2b3c4: [info6('fe80::a0b1:c2ff:fed3:e4f5')],
      virbr0: [info('192.168.122.1')],
      vboxnet0: [info('192.168.56.1')],
      br0: [info('10.1.2.3')],
    });
    expect([...externalAddresses(read)].sort()).toEqual(['br0/10.1.2.3', 'wlan0/192.168.1.20', 'wlan0/2001:db8::20']);
  });

  it('does not call back for a cable with no DHCP server behind it, or a container starting; does for a network', () => {
    let interfaces: Interfaces = { lo: [info('127.0.0.1', true)] };
    let joined = 0;
    const watch = new NetworkWatch(() => (joined += 1), { read: () => interfaces, intervalMs: 60_000 });
    watch.start();
    // The cable: only self-assigned addresses.
    interfaces = { ...interfaces, eth0: [info('169.254.33.4'), info6('fe80::2')] };
    watch.check();
    // docker compose up: a bridge of its own, and a veth per container.
    interfaces = { ...interfaces, 'br-0a1b2c3d4e5f': [info('172.19.0.1')], veth9f8e7d6: [info6('fe80::3')] };
    watch.check();
    expect(joined).toBe(0);
    // The Wi-Fi hands out an address.
    interfaces = { ...interfaces, wlan0: [info('10.0.0.7')] };
    watch.check();
    expect(joined).toBe(1);
    watch.stop();
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
