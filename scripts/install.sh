#!/usr/bin/env bash
# Installs everything the demo and the tests need on a fresh Debian or Ubuntu
# machine: the OS packages (libsecret for keytar, gnome-keyring and D-Bus for
# a real keychain, Chromium for the browser tests where the distribution
# packages it (Debian; not Ubuntu), a compiler for SQLCipher,
# PostgreSQL for the server store's tests, which start their own throw-away
# server from its binaries in a temp folder; iproute2's `ss` lets a test read
# its connections' TCP keepalive timers),
# then the exact npm dependencies. The Electron binary is not downloaded here:
# everything but the thin Electron glue runs under Node and the headless shell.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  # libssl-dev: the SQLCipher driver is always compiled here and links -lcrypto (its unversioned libcrypto.so);
  # machines with libpq-dev had it by chance, a fresh Debian does not.
  packages=(
    ca-certificates python3 make g++ libssl-dev
    libsecret-1-dev gnome-keyring dbus dbus-x11 fonts-noto-cjk
    postgresql iproute2
  )
  # Debian packages Chromium; Ubuntu has no `chromium` package (its Chromium is a snap), and asking apt for one
  # failed the whole install there. Only the browser tests need it, at /usr/bin/chromium; the demo does not.
  # Read whole before it is matched: `grep -q` quits at the first match, and under pipefail the SIGPIPE that
  # apt-cache then got (when its later lines came after grep had gone) made the check fail at random, so
  # a machine without Chromium sometimes did not get it (session 57's install said "no 'chromium' package").
  chromium_policy="$(apt-cache policy chromium 2>/dev/null || true)"
  if grep -Eq '^ +Candidate: [^(]' <<<"$chromium_policy"; then
    packages+=(chromium)
  else
    echo "install.sh: no 'chromium' package here (on Ubuntu Chromium is a snap); the demo does not need it." >&2
    echo "install.sh: npm test's browser tests run /usr/bin/chromium: install Chromium so that path runs it, or run them on Debian." >&2
  fi
  # Through env: sudo's env_reset drops a variable set before it, and apt would then ask its questions.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
fi

export ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}"
# better-sqlite3 and keytar try a prebuilt .node from GitHub first (prebuild-install) and compile only when that
# fails: with a network they would install a binary nobody built here and the lock file does not pin. Always compile.
export npm_config_build_from_source="${npm_config_build_from_source:-true}"
npm ci --no-audit --no-fund
