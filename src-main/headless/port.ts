// The loopback port the headless shell listens on, from FIELDVAULT_PORT:
// unset or empty means any free port (0). Anything but a whole number from
// 0 to 65535 is refused, so a typo never quietly becomes another port. The
// page grace (below) is read alike, and the headers a browser sends to that
// port are derived from it (loopbackAddress).
export function headlessPort(env: NodeJS.ProcessEnv): number {
  const raw = env['FIELDVAULT_PORT'];
  if (raw === undefined || raw.trim() === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('FIELDVAULT_PORT must be a whole number from 0 to 65535');
  return port;
}

/**
 * How long the shell waits for a closed page to come back before it locks the vault, in ms, from
 * FIELDVAULT_HEADLESS_PAGE_GRACE_MS (tests shorten it); unset or empty means defaultLastPageGraceMs.
 */
export function pageGraceMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env['FIELDVAULT_HEADLESS_PAGE_GRACE_MS'];
  if (raw === undefined || raw.trim() === '') return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0 || ms > 3_600_000) throw new Error('FIELDVAULT_HEADLESS_PAGE_GRACE_MS must be a whole number of milliseconds up to 3600000');
  return ms;
}

/** The Origin and the Host headers a browser sends to the shell listening on this loopback port. */
export interface LoopbackAddress {
  /** The page's origin: only 127.0.0.1, the address the shell prints. */
  readonly origin: string;
  /** Host headers the shell answers: 127.0.0.1 and localhost. */
  readonly hosts: readonly string[];
}

/**
 * Built by the URL parser, not by joining host and port: browsers leave out the scheme's default
 * port, so on port 80 they send `Host: 127.0.0.1` and `Origin: http://127.0.0.1`.
 */
export function loopbackAddress(port: number): LoopbackAddress {
  const numeric = new URL(`http://127.0.0.1:${port}`);
  const named = new URL(`http://localhost:${port}`);
  return { origin: numeric.origin, hosts: [numeric.host, named.host] };
}
