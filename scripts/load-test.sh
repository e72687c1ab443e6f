#!/usr/bin/env bash
# The story ledger and the dashboard at scale, as CI runs them:
#   1. a synthetic 10,000-article corpus from PolNeAR (scripts/make-store.py);
#   2. `whosaid bench --ledger`: ingest rate, memory every 1,000 articles, claims
#      cold and cached (issue 4's bars: >= 300 articles/s, flat memory, claims < 1 s);
#   3. `whosaid serve` over that store, and 200 concurrent clients reading the story
#      page API for 30 s (issue 5's bar: p99 < 100 ms, no errors), then the HTML
#      story page for information.
# Usage: bash scripts/load-test.sh [SHARED_DIR]   (from the repository root, after
# `cargo build --release -p whosaid`)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
shared="${1:-../shared}"
out=target/load
rm -rf "$out"
mkdir -p "$out"
bin=./target/release/whosaid
story=clinton-emails

python3 scripts/make-store.py "$out/articles.jsonl" --n 10000 --seed 7 \
  --train "$shared/data/polnear/train.jsonl" --dev "$shared/data/polnear/dev.jsonl" 2>"$out/make-store.log"
"$bin" bench "$out/articles.jsonl" --ledger --threads "$(nproc)" --keep-store "$out/store.db" --min-rate "${MIN_INGEST_RATE:-0}"
"$bin" story create "$story" --query "email OR emails" --db "$out/store.db"
# `story create` computed the story's claim groups; the bench left the whole store's
TIMEFORMAT="whosaid claims $story (groups cached by story create): %R s"
time "$bin" claims "$story" --db "$out/store.db" --limit 3 >/dev/null
TIMEFORMAT="whosaid claims, whole store (groups cached): %R s"
time "$bin" claims --db "$out/store.db" --limit 3 >/dev/null
# afresh: a copy without the cache
cp "$out/store.db" "$out/nocache.db"
python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM derived'); c.commit()" "$out/nocache.db"
TIMEFORMAT="whosaid claims $story (computed afresh): %R s"
time "$bin" claims "$story" --db "$out/nocache.db" --limit 3 >/dev/null
rm -f "$out/nocache.db"*

cargo build --release -q -p whosaid-serve --example load
"$bin" serve --db "$out/store.db" --port 0 >"$out/serve.out" 2>"$out/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
base=""
for _ in $(seq 1 300); do
  base="$(sed -n 's|^whosaid: serving \(http://[^ ]*\)/$|\1|p' "$out/serve.out" | head -n 1)"
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { echo "load-test: the server did not start"; cat "$out/serve.err"; exit 1; }
# wait for the story view (computed in the background at start)
for _ in $(seq 1 120); do
  python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=60)" "$base/api/stories/$story" 2>/dev/null && break
  sleep 1
done
echo "== 200 clients, 30 s: GET $base/api/stories/$story"
./target/release/examples/load "$base/api/stories/$story" --clients 200 --seconds 30
echo "== for information: the HTML story page, 200 clients, 10 s"
./target/release/examples/load "$base/stories/$story" --clients 200 --seconds 10 --max-p99-ms 1000
