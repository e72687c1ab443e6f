#!/usr/bin/env bash
# Installs what the browser end-to-end tests need: Debian's chromium and
# playwright-core (pinned in package-lock.json). Idempotent; quiet on success.
# Usage (from anywhere): bash tests/browser/install.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

fail() {
  echo "install.sh: $1 failed:" >&2
  cat "$log" >&2
  exit 1
}

if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q chromium >"$log" 2>&1; then
    apt-get update -q >"$log" 2>&1 || fail "apt-get update"
    apt-get install -y -q chromium >"$log" 2>&1 || fail "apt-get install chromium"
  fi
fi

cd "$here"
npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1 || fail "npm ci"
