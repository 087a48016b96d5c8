#!/usr/bin/env bash
# Installs what the browser tests need, and only what is missing:
#   - Debian's `chromium` (the tests drive /usr/bin/chromium; no browser is ever downloaded),
#   - the npm packages pinned in tests/browser/package-lock.json.
# Safe to run again: a second run changes nothing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
browser_dir="$here/../tests/browser"

# Root installs directly; anyone else needs sudo for apt.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ -x /usr/bin/chromium ]; then
  echo "chromium: present ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
else
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium is missing and apt-get is not available: install Debian's chromium package by hand" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only when apt does not know the package yet.
  if ! apt-cache show chromium >/dev/null 2>&1 \
     || [ -z "$(apt-cache policy chromium 2>/dev/null | awk '/Candidate:/ {print $2}' | grep -v '(none)')" ]; then
    echo "chromium: refreshing apt package lists"
    as_root apt-get update
  fi
  echo "chromium: installing Debian's package"
  as_root apt-get install -y chromium
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: install Node.js 20 or newer (Debian: apt-get install nodejs npm)" >&2
  exit 2
fi

cd "$browser_dir"
# The lock file's hash is recorded next to node_modules after a successful install,
# so an unchanged lock does not trigger another npm run.
stamp="node_modules/.civitas-installed"
if [ -f package-lock.json ]; then
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "npm packages: up to date"
  else
    echo "npm packages: npm ci"
    npm ci --no-audit --no-fund
    echo "$want" > "$stamp"
  fi
else
  echo "npm packages: npm install (no lock file yet)"
  npm install --no-audit --no-fund
fi
