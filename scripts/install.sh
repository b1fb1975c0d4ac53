#!/usr/bin/env bash
# Installs everything the demo and the tests need on a fresh Debian or Ubuntu
# machine: the OS packages (libsecret for keytar, gnome-keyring and D-Bus for
# a real keychain, Chromium for the browser tests, a compiler for SQLCipher,
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
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends \
    ca-certificates python3 make g++ \
    libsecret-1-dev gnome-keyring dbus dbus-x11 fonts-noto-cjk \
    chromium \
    postgresql iproute2
fi

export ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}"
npm ci --no-audit --no-fund
