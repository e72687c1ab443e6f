#!/usr/bin/env bash
# End-to-end browser tests of the whosaid dashboard.
#
# Run from the repository root after `cargo build --release` and
# `bash tests/browser/install.sh`:
#
#     bash tests/browser/run.sh
#
# Ingests tests/browser/fixtures into a throw-away store, saves the story "gaza",
# starts `whosaid serve` on a free port, and drives headless chromium through the
# dashboard (tests/browser/e2e.mjs). Screenshots land in target/browser/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
here="$root/tests/browser"
bin="${WHOSAID_BIN:-$root/target/release/whosaid}"
shots="$root/target/browser"

if [ ! -x "$bin" ]; then
  echo "run.sh: $bin not found; build it first (cargo build --release)" >&2
  exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "run.sh: playwright-core missing; run bash tests/browser/install.sh first" >&2
  exit 1
fi

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db="$tmp/whosaid.db"
mkdir -p "$shots"

# Keep the store out of the user's environment.
unset WHOSAID_DB

"$bin" ingest tests/browser/fixtures --db "$db" --quiet >"$tmp/ingest.log" 2>&1 || {
  echo "run.sh: whosaid ingest failed:" >&2
  cat "$tmp/ingest.log" >&2
  exit 1
}
"$bin" story create gaza --query "ceasefire OR Doha OR Witkoff" --db "$db" >"$tmp/story.log" 2>&1 || {
  echo "run.sh: whosaid story create failed:" >&2
  cat "$tmp/story.log" >&2
  exit 1
}

"$bin" serve --db "$db" --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!

# The server prints `whosaid: serving http://127.0.0.1:PORT/` on stdout once it listens.
base=""
for _ in $(seq 1 300); do
  base="$(sed -n 's|^whosaid: serving \(http://[^ ]*\)$|\1|p' "$tmp/serve.out" | head -n 1)"
  [ -n "$base" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run.sh: whosaid serve exited before listening:" >&2
    cat "$tmp/serve.out" "$tmp/serve.err" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$base" ]; then
  echo "run.sh: whosaid serve printed no 'whosaid: serving URL' line within 30 s:" >&2
  cat "$tmp/serve.out" "$tmp/serve.err" >&2
  exit 1
fi

status=0
node "$here/e2e.mjs" "$base" "$shots" || status=$?
if [ "$status" -ne 0 ]; then
  echo "run.sh: browser tests failed (server log follows)" >&2
  tail -n 50 "$tmp/serve.err" >&2 || true
fi
exit "$status"
