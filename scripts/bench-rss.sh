#!/usr/bin/env bash
# Does `tennis serve` give memory back after sessions end? Starts a release server on 127.0.0.1,
# runs CYCLES short WebSocket sessions against it (scripts/rss_cycles.py: by default half valid
# spectator sessions on a live match, half refused hellos for an unknown code), and prints the
# server's VmRSS every EVERY cycles. A benchmark, not a test: it always exits 0.
#
#   scripts/bench-rss.sh                 # 100 000 cycles, sampled every 10 000
#   CYCLES=20000 EVERY=2000 scripts/bench-rss.sh
#   MIX=tcp=1,http=1,upgrade=1,refused=1,spectator=1,drop=1 scripts/bench-rss.sh
#   BIN=/path/to/release/tennis SERVER_ARGS="--event-loops 2" scripts/bench-rss.sh
#   MALLOC_ARENA_MAX=2 scripts/bench-rss.sh   # the environment reaches the server
#   IDLE=0 scripts/bench-rss.sh              # no last sample after 45 s without sessions
#
# Needs python3 (standard library only). Connections come from SOURCES loopback addresses
# (127.0.0.1, 127.0.1.x, ...): no TIME_WAIT exhaustion, and refused joins are spread over them, so
# some are `not_found` and the rest (past 20 failures per address a minute) `too_many_failed_joins`.
set -uo pipefail
cd "$(dirname "$0")/.."

CYCLES=${CYCLES:-${1:-100000}}
EVERY=${EVERY:-10000}
MIX=${MIX:-spectator=1,refused=1}
WORKERS=${WORKERS:-4}
SOURCES=${SOURCES:-1000}
PORT=${PORT:-7981}
TIME_LIMIT=${TIME_LIMIT:-3600}
IDLE=${IDLE:-45}
SERVER_ARGS=${SERVER_ARGS:-}
OUT=$(mktemp -d)
SERVER_PID=

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$OUT"
}
trap cleanup EXIT

if [[ -z "${BIN:-}" ]]; then
  if ! swift build -c release --product tennis >&2; then
    echo "bench-rss: the release build failed" >&2
    exit 0
  fi
  BIN=.build/release/tennis
fi

# Many sessions at once are not the point; connection limits are raised only so that a slow
# close never refuses a cycle for the wrong reason.
# shellcheck disable=SC2086
# The watched match has spectators but never a player: keep it past the 60 s unjoined expiry.
"$BIN" serve --host 127.0.0.1 --port "$PORT" --db "$OUT/rss.sqlite" --log-level error \
  --max-connections 100000 --max-per-address 100000 --unjoined-expiry 86400 $SERVER_ARGS >"$OUT/server.out" 2>"$OUT/server.err" &
SERVER_PID=$!
for _ in $(seq 300); do
  grep -q listening "$OUT/server.out" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q listening "$OUT/server.out" 2>/dev/null; then
  echo "bench-rss: the server did not start" >&2
  cat "$OUT/server.err" >&2
  exit 0
fi

echo "# $BIN ($("$BIN" --version 2>/dev/null || echo "?")), tree at $(git rev-parse --short HEAD 2>/dev/null), $(nproc) CPUs," \
  "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}, server args: ${SERVER_ARGS:-none}"
python3 scripts/rss_cycles.py --port "$PORT" --pid "$SERVER_PID" --cycles "$CYCLES" --every "$EVERY" \
  --mix "$MIX" --workers "$WORKERS" --sources "$SOURCES" --time-limit "$TIME_LIMIT" --idle "$IDLE" || true
grep -E '^VmHWM|^Threads' "/proc/$SERVER_PID/status" 2>/dev/null | sed 's/^/# /'
exit 0
