#!/usr/bin/env bash
# Load test of `cytostorm serve` (issue 7): starts the server on a fresh database in a scratch
# folder, runs bench/serve_load.cpp (C clients, W single-row writes, each one SQLite
# transaction with a full sync), prints p50 and p99 latency, writes per second and lost writes,
# then stops the server.
#   bash bench/serve_load.sh [--build-dir DIR] [--no-build] [--writes 2000] [--clients 8]
#                            [--max-seconds 120] [--threads 8]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$root/build/release
build=1
writes=2000
clients=8
max_seconds=120
threads=8
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --writes) writes=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --max-seconds) max_seconds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "serve_load.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ "$build" = 1 ]; then
  bash "$root/scripts/setup"
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCYTOSTORM_BUILD_TESTS=OFF \
    >/dev/null
  cmake --build "$build_dir" --target cytostorm_cli cytostorm_serve_load >/dev/null
fi
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# The server's output file exists before the server does: the background shell may not have
# opened it yet when the loop below first reads it (sed on a missing file ended the script).
: >"$work/out"
"$build_dir/apps/cytostorm/cytostorm" serve --port 0 --db "$work/load.db" --threads "$threads" \
  >"$work/out" 2>"$work/err" &
server=$!
port=
for _ in $(seq 1 600); do
  port=$(sed -n 's/^listening on http:\/\/127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/out")
  [ -n "$port" ] && break
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/err" >&2; exit 1; fi
  sleep 0.1
done
if [ -z "$port" ]; then echo "serve_load.sh: the server did not start" >&2; exit 1; fi
echo "cytostorm serve on port $port ($threads threads), database $work/load.db"
"$build_dir/bench/cytostorm_serve_load" --port "$port" --writes "$writes" --clients "$clients" \
  --max-seconds "$max_seconds"
