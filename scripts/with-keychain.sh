#!/usr/bin/env bash
# Runs a command with a real, unlocked OS keychain. On Linux that is
# gnome-keyring's Secret Service inside a private D-Bus session, keeping its
# keyring file (XDG_DATA_HOME/keyrings) in a temporary folder of its own,
# removed afterwards: tests never touch the developer's own keychain, and two
# runs at once (two checkouts, or a test run beside CI) cannot overwrite each
# other's items, as they did when every daemon wrote ~/.local/share/keyrings.
# FIELDVAULT_KEYRING_DIR names a folder to keep it in instead (the demo keeps
# its keyring beside its vault, so the vault reopens next time).
# Elsewhere the OS keychain is used as is.
set -euo pipefail
if [ "${FIELDVAULT_KEYCHAIN_READY:-}" = 1 ] || [ "$(uname -s)" != Linux ]; then
  exec "$@"
fi
if [ -n "${FIELDVAULT_KEYRING_DIR:-}" ]; then
  keyrings=$FIELDVAULT_KEYRING_DIR
  mkdir -p -m 700 "$keyrings"
else
  keyrings=$(mktemp -d "${TMPDIR:-/tmp}/fieldvault-keyring.XXXXXX")
  trap 'rm -rf "$keyrings"' EXIT
fi
status=0
XDG_DATA_HOME="$keyrings" dbus-run-session -- bash -c '
  printf "fieldvault-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  # The daemon may own its bus name only a moment after --unlock returns; a client calling in that
  # moment makes D-Bus start a second daemon, whose login keyring is not unlocked (items then went
  # to its session collection, which locking the login keyring leaves readable). Wait for the name
  # (NameHasOwner starts nothing), at most 10 s.
  for _ in $(seq 1 200); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      break
    fi
    sleep 0.05
  done
  export FIELDVAULT_KEYCHAIN_READY=1
  exec "$@"' bash "$@" || status=$?
exit "$status"
