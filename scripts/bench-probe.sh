#!/usr/bin/env bash
# Spectator scenarios measured with the C probe (scripts/spectator-probe.c) instead of
# `tennis loadtest`: the same server, pinning and windows as scripts/bench-server.sh, but the
# spectators are one epoll loop in C, so the ages it prints are the server's, not the load
# tool's own queueing (docs/PERFORMANCE.md, "Measured with a C probe"). One bot match is played
# by `tennis loadtest --matches 1 --spectators 0` beside the probe (two bots, CPU 1).
#   scripts/bench-probe.sh                       # every scenario, 10 s each
#   SECONDS_EACH=5 scripts/bench-probe.sh spectators-1000 rate30-1000
#   BIN=/path/to/release/tennis scripts/bench-probe.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${SECONDS_EACH:-10}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT=${PORT:-7979}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"; pkill -P $$ 2>/dev/null || true' EXIT

if [[ -z "${BIN:-}" ]]; then
  swift build -c release --product tennis >&2
  BIN=.build/release/tennis
fi
cc -O2 -Wall -o "$OUT/spectator-probe" scripts/spectator-probe.c

# name | bot matches | spectators (spread over the matches) | rate each asks for | server arguments
SCENARIOS=(
  "spectators-1000|1|1000|60|"
  "rate60-1000|1|1000|60|--spectator-rate 60"
  "rate30-1000|1|1000|60|--spectator-rate 30"
  "spectators-3000|1|3000|60|"
  "rate20-3000|1|3000|60|--spectator-rate 20"
  "rate15-3000|1|3000|60|--spectator-rate 15"
  "spectators-5000|1|5000|60|--max-per-address 6000"
  "ask30-1000|1|1000|30|--spectator-rate 60"
  "ask20-3000|1|3000|20|--spectator-rate 60"
  "ask20-5000|1|5000|20|--spectator-rate 60 --max-per-address 6000"
  "idle-1000|1|1000|1|"
  "idle-10000|2|10000|1|--max-per-address 12000 --max-connections 12000"
)

wanted=("$@")
printf '%-16s %7s %6s %6s %10s %10s %8s %7s %7s %7s %7s %8s %8s %9s\n' \
  scenario welcomed failed closed deliv/s expect/s texts/s p50ms p99ms p999ms maxms srvCPU% µs/snap probeCPU%
for entry in "${SCENARIOS[@]}"; do
  IFS='|' read -r name matches spectators rate server_args <<<"$entry"
  if ((${#wanted[@]})) && [[ ! " ${wanted[*]} " == *" $name "* ]]; then continue; fi
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" "$BIN" serve --port "$PORT" --db "$OUT/$name.sqlite" --log-level error $server_args \
    >"$OUT/$name.server.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  # Two bots a match play for longer than the probe needs (they are stopped after it).
  taskset -c "$CLIENT_CPU" "$BIN" loadtest --server "ws://127.0.0.1:$PORT" --matches "$matches" --spectators 0 \
    --seconds 600 >"$OUT/$name.bots" 2>&1 &
  bots=$!
  code=
  for _ in $(seq 100); do
    code=$(curl -s "http://127.0.0.1:$PORT/api/matches" |
      jq -r --argjson m "$matches" '[.[] | select(.state == "playing") | .code] | if length >= $m then join(",") else empty end')
    [[ -n $code ]] && break
    sleep 0.1
  done
  if [[ -z $code ]]; then
    echo "$name: no match in play" >&2
  else
    taskset -c "$CLIENT_CPU" "$OUT/spectator-probe" "$PORT" "$code" "$spectators" "$SECONDS_EACH" "$server" "$rate" \
      >"$OUT/$name.json" 2>"$OUT/$name.err" || cat "$OUT/$name.err" >&2
    jq -r --arg n "$name" '[$n, .welcomed, .failed, .closed, .delivered_per_s, .expected_per_s, .texts_per_s, .age_ms.p50,
        .age_ms.p99, .age_ms.p999, .age_ms.max, .server_cpu_pct, .server_us_per_snapshot, .probe_cpu_pct] | @tsv' \
      "$OUT/$name.json" |
      while IFS=$'\t' read -r n w f c d e t p50 p99 p999 mx sc us pc; do
        printf '%-16s %7s %6s %6s %10s %10s %8s %7s %7s %7s %7s %8s %8s %9s\n' \
          "$n" "$w" "$f" "$c" "$d" "$e" "$t" "$p50" "$p99" "$p999" "$mx" "$sc" "$us" "$pc"
      done
    jq -r --arg n "$name" 'select(.failed > 0) | "\($n): failed before the upgrade was answered: \(.failures)"' \
      "$OUT/$name.json" >&2
  fi
  kill "$bots" 2>/dev/null || true
  wait "$bots" 2>/dev/null || true
  kill "$server"
  wait "$server" 2>/dev/null || true
done
