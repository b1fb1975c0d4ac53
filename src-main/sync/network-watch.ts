// Notices the network coming back, for the sync engine: a laptop that was
// offline is in backoff (up to a minute between tries, longer after server errors); when it joins the
// hotel's Wi-Fi it should sync now, not at the end of that wait. Node has no
// "online" event, and Electron's are renderer-side, so the main process looks
// at the machine's own interface addresses every few seconds: an external
// address it did not have before means a network was joined (or changed).
// Not every new address is a network: a link-local one (fe80::, 169.254.x.x)
// comes with every interface that comes up, a cable with no DHCP server
// behind it included, and a container or virtual machine starting adds a
// host-side interface (a docker veth or bridge, libvirt's, VirtualBox's) that
// routes nowhere but to it. Each of those reset the backoff and synced at
// once; they are left out. Works the same in both shells; costs one
// getifaddrs() per tick.
import os from 'node:os';

export type InterfaceReader = () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/** Link-local addresses (IPv6 fe80::/10, IPv4 169.254.0.0/16): no route beyond the link, so no way to a server. */
function isLinkLocal(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address) || address.startsWith('169.254.');
}

/**
 * Host-side interfaces of containers and virtual machines (Linux and macOS names): docker0, br-<id> and veth<id>
 * of Docker, virbr of libvirt, vboxnet of VirtualBox, vmnet of VMware. Hyper-V's "vEthernet (…)" is not listed:
 * its external switch carries the host's own connection.
 */
const virtualInterface = /^(docker\d|br-[0-9a-f]+$|veth|virbr|vboxnet|vmnet)/;

/** The machine's addresses a network may have given: not loopback, link-local, or a container's or virtual machine's. */
export function externalAddresses(read: InterfaceReader): Set<string> {
  const out = new Set<string>();
  for (const [name, infos] of Object.entries(read())) {
    if (virtualInterface.test(name)) continue;
    for (const info of infos ?? []) if (!info.internal && !isLinkLocal(info.address)) out.add(`${name}/${info.address}`);
  }
  return out;
}

export interface NetworkWatchOptions {
  readonly intervalMs?: number;
  /** The OS's interface list (os.networkInterfaces); tests replay interface changes through it. */
  readonly read?: InterfaceReader;
}

export class NetworkWatch {
  readonly #read: InterfaceReader;
  readonly #intervalMs: number;
  #known: Set<string> | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly onJoined: () => void,
    options: NetworkWatchOptions = {},
  ) {
    this.#read = options.read ?? os.networkInterfaces;
    this.#intervalMs = options.intervalMs ?? 5_000;
  }

  start(): void {
    if (this.#timer !== null) return;
    this.#known = this.#addresses();
    this.#timer = setInterval(() => this.check(), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#known = null;
  }

  /** One look at the interfaces (the timer's tick): calls back when an address appeared. */
  check(): void {
    const now = this.#addresses();
    const before = this.#known ?? now;
    this.#known = now;
    for (const address of now) {
      if (!before.has(address)) {
        this.onJoined();
        return;
      }
    }
  }

  #addresses(): Set<string> {
    try {
      return externalAddresses(this.#read);
    } catch {
      // getifaddrs can fail transiently (e.g. while interfaces change): look again next tick.
      return this.#known ?? new Set();
    }
  }
}
