// The loopback port the headless shell listens on, from FIELDVAULT_PORT:
// unset or empty means any free port (0). Anything but a whole number from
// 0 to 65535 is refused, so a typo never quietly becomes another port.
export function headlessPort(env: NodeJS.ProcessEnv): number {
  const raw = env['FIELDVAULT_PORT'];
  if (raw === undefined || raw.trim() === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('FIELDVAULT_PORT must be a whole number from 0 to 65535');
  return port;
}
