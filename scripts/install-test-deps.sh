#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine, and nothing when it is
# already there: the Rust components for fmt and clippy, then the browser
# tests' Chromium (Debian package) and npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
scripts/install-browser-deps.sh
