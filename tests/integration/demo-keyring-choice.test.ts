// When `npm run demo` makes its own keyring (scripts/demo.mjs, needsPrivateKeyring in scripts/demo/settings.ts): an
// SSH login to a fresh Linux VM has a session bus but no display, and the session's gnome-keyring has no unlocked
// collection to write the device secret into, so the demo stopped asking for a desktop session.
import { describe, expect, it } from 'vitest';
import { needsPrivateKeyring } from '../../scripts/demo/settings';

describe('the demo’s keyring choice', () => {
  it('uses the desktop session’s keychain only with a session bus and a display', () => {
    const bus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' };
    expect(needsPrivateKeyring({ ...bus, DISPLAY: ':0' }, 'linux')).toBe(false);
    expect(needsPrivateKeyring({ ...bus, WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(false);
    // An SSH login: a bus, no display.
    expect(needsPrivateKeyring(bus, 'linux')).toBe(true);
    expect(needsPrivateKeyring({}, 'linux')).toBe(true);
    expect(needsPrivateKeyring({ ...bus, DISPLAY: '' }, 'linux')).toBe(true);
  });

  it('makes none inside the private session, or off Linux', () => {
    expect(needsPrivateKeyring({ FIELDVAULT_KEYCHAIN_READY: '1' }, 'linux')).toBe(false);
    expect(needsPrivateKeyring({}, 'darwin')).toBe(false);
    expect(needsPrivateKeyring({}, 'win32')).toBe(false);
  });
});
