// Notices the network coming back, for the sync engine: a laptop that was
// offline is in backoff (up to a minute between tries, longer after server errors); when it joins the
// hotel's Wi-Fi it should sync now, not at the end of that wait. Node has no
// "online" event, and Electron's are renderer-side, so the main process looks
// at the machine's own interface addresses every few seconds: an external
// address it did not have before means a network was joined (or changed).
// Works the same in both shells; costs one getifaddrs() per tick.
import os from 'node:os';

export type InterfaceReader = () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/** The machine's non-loopback addresses, as `interface/address` strings. */
export function externalAddresses(read: InterfaceReader): Set<string> {
  const out = new Set<string>();
  for (const [name, infos] of Object.entries(read())) {
    for (const info of infos ?? []) if (!info.internal) out.add(`${name}/${info.address}`);
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
