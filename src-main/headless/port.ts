// The loopback port the headless shell listens on, from FIELDVAULT_PORT:
// unset or empty means any free port (0). Anything but a whole number from
// 0 to 65535 is refused, so a typo never quietly becomes another port. The
// page grace (below) is read alike.
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
