#!/usr/bin/env bash
# Runs a command with a real, unlocked OS keychain. On Linux that is
# gnome-keyring's Secret Service inside a private D-Bus session, so tests never
# touch the developer's own keychain. Elsewhere the OS keychain is used as is.
set -euo pipefail
if [ "${FIELDVAULT_KEYCHAIN_READY:-}" = 1 ] || [ "$(uname -s)" != Linux ]; then
  exec "$@"
fi
exec dbus-run-session -- bash -c '
  printf "fieldvault-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  export FIELDVAULT_KEYCHAIN_READY=1
  exec "$@"' bash "$@"
