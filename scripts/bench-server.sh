#!/usr/bin/env bash
# Runs the server benchmarks of docs/PERFORMANCE.md and prints one results table.
#
# The server runs pinned to CPU 0, the load tool to CPU 1 (taskset), both release builds, on
# 127.0.0.1 only. Each scenario gets a fresh server. Usage:
#   scripts/bench-server.sh            # every scenario, 10 s each
#   SECONDS_EACH=5 scripts/bench-server.sh spectators-1000 matches-1000
#   BIN=/path/to/release/tennis scripts/bench-server.sh   # use a binary already built
#   SCRAPE_EVERY=1 scripts/bench-server.sh spectators-1000  # also scrape /metrics every second
#   SCRAPE_EVERY=0 ...                                      # no scrape inside the window at all
# By default /metrics is read once mid-window (for the gauges); a scrape stalls the fan-out
# about a tick, so that one read shows in p99.9 and max.
# Scenarios run the server as configured by default (spectator batching auto) unless a third
# field gives it other arguments.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${SECONDS_EACH:-10}
SCRAPE_EVERY=${SCRAPE_EVERY:-}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT=${PORT:-7979}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

if [[ -z "${BIN:-}" ]]; then
  swift build -c release --product tennis >&2
  BIN=.build/release/tennis
fi

# name | loadtest arguments [| server arguments]
SCENARIOS=(
  "spectators-500|--matches 1 --hot --spectators 500"
  "spectators-1000|--matches 1 --hot --spectators 1000"
  "spectators-2000|--matches 1 --hot --spectators 2000"
  "spectators-3000|--matches 1 --hot --spectators 3000"
  "spectators-5000|--matches 1 --hot --spectators 5000|--max-per-address 6000"
  "every-tick-2000|--matches 1 --hot --spectators 2000|--spectator-batch 1"
  "batch2-1000|--matches 1 --hot --spectators 1000|--spectator-batch 2"
  "batch4-1000|--matches 1 --hot --spectators 1000|--spectator-batch 4"
  "rate60-1000|--matches 1 --hot --spectators 1000|--spectator-rate 60"
  "rate30-1000|--matches 1 --hot --spectators 1000|--spectator-rate 30"
  "rate20-3000|--matches 1 --hot --spectators 3000|--spectator-rate 20"
  "rate60-3000|--matches 1 --hot --spectators 3000|--spectator-rate 60"
  "spread-10x300|--matches 10 --spectators 3000|--max-creations-per-minute 100"
  "matches-200|--matches 200 --spectators 200|--max-creations-per-minute 1000"
  "matches-1000|--matches 1000 --spectators 1000|--max-creations-per-minute 2000"
  "idle-1000|--matches 1 --hot --spectators 1000 --rate 1"
  "idle-10000|--matches 2 --spectators 10000 --rate 1|--max-per-address 12000 --max-connections 12000"
)

wanted=("$@")
for entry in "${SCENARIOS[@]}"; do
  name=${entry%%|*}
  args=${entry#*|}
  server_args=
  if [[ $args == *"|"* ]]; then
    server_args=${args#*|}
    args=${args%%|*}
  fi
  if ((${#wanted[@]})) && [[ ! " ${wanted[*]} " == *" $name "* ]]; then continue; fi
  taskset -c "$SERVER_CPU" "$BIN" serve --port "$PORT" --db "$OUT/$name.sqlite" --log-level error $server_args \
    >"$OUT/$name.server.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "== $name: tennis loadtest $args --seconds $SECONDS_EACH" >&2
  # The server's tick histograms are read when the measuring window starts and when it ends.
  : >"$OUT/$name.err"
  # Gauges (spectator batching) are read mid-window, while the spectators are still connected.
  (until grep -q "measuring" "$OUT/$name.err"; do sleep 0.05; done
    curl -s "http://127.0.0.1:$PORT/metrics" >"$OUT/$name.before"
    if [[ -z "$SCRAPE_EVERY" ]]; then
      sleep "$(awk "BEGIN { print $SECONDS_EACH / 2 }")"
      curl -s "http://127.0.0.1:$PORT/metrics" >"$OUT/$name.mid"
    elif [[ "$SCRAPE_EVERY" != 0 ]]; then
      # Scrapes as a monitoring system would, each one timed (what a scrape costs the server).
      while true; do
        sleep "$SCRAPE_EVERY"
        curl -s -o "$OUT/$name.mid" -w '%{time_total}\n' "http://127.0.0.1:$PORT/metrics" >>"$OUT/$name.scrapes"
      done
    fi) &
  watcher=$!
  # shellcheck disable=SC2086
  if ! taskset -c "$CLIENT_CPU" "$BIN" loadtest --server "ws://127.0.0.1:$PORT" --server-pid "$server" \
      --seconds "$SECONDS_EACH" $args >"$OUT/$name.out" 2>>"$OUT/$name.err"; then
    cat "$OUT/$name.err" >&2
  fi
  curl -s "http://127.0.0.1:$PORT/metrics" >"$OUT/$name.after"
  kill "$watcher" 2>/dev/null || true
  [[ -s "$OUT/$name.before" ]] || cp "$OUT/$name.after" "$OUT/$name.before"
  [[ -s "$OUT/$name.mid" ]] || cp "$OUT/$name.after" "$OUT/$name.mid"
  ticks=$(python3 scripts/tick-metrics.py "$OUT/$name.before" "$OUT/$name.after" "$OUT/$name.mid")
  cat "$OUT/$name.out" >&2
  echo "ticks: $ticks" >&2
  if [[ -s "$OUT/$name.scrapes" ]]; then
    echo "scrapes: $(wc -l <"$OUT/$name.scrapes"), seconds each: $(sort -n "$OUT/$name.scrapes" | awk '{a[NR]=$1} END {print "p50", a[int(NR/2)+1], "max", a[NR]}'), $(wc -c <"$OUT/$name.mid") bytes" >&2
  fi
  tail -n 1 "$OUT/$name.out" | jq -c --arg name "$name" --argjson ticks "$ticks" '. + {name: $name, ticks: $ticks}' \
    >>"$OUT/results.jsonl" || true
  kill "$server"
  wait "$server" 2>/dev/null || true
done

printf '%-16s %6s %6s %10s %10s %10s %9s %7s %7s %7s %7s %6s %8s %8s %9s %8s %7s %6s %9s %8s %7s %6s\n' \
  scenario opened failed deliv/s covered/s expect/s bytes/s p50ms p99ms p999ms maxms gaps srvCPU% µs/snap KiB/spec cliCPU% \
  ticks late lateP99ms passµs batched connS
jq -r '[.name, .opened, .failed, .delivered_per_s, (.covered_per_s // .delivered_per_s), .expected_per_s, .bytes_per_s, .age_ms.p50, .age_ms.p99,
        .age_ms.p999, .age_ms.max, .gaps, .server_cpu_pct, .server_us_per_snapshot, .server_kib_per_spectator,
        .client_cpu_pct, .ticks.ticks, .ticks.late_ticks, .ticks.lateness_p99_ms, .ticks.pass_mean_us, .ticks.batched_fanouts, .connect_s] | @tsv' \
  "$OUT/results.jsonl" |
  while IFS=$'\t' read -r n o f d cv e b p50 p99 p999 mx g sc us kib cc tk lt lp tm bf cs; do
    printf '%-16s %6s %6s %10s %10s %10s %9s %7s %7s %7s %7s %6s %8s %8s %9s %8s %7s %6s %9s %8s %7s %6s\n' \
      "$n" "$o" "$f" "$d" "$cv" "$e" "$b" "$p50" "$p99" "$p999" "$mx" "$g" "$sc" "$us" "$kib" "$cc" "$tk" "$lt" "$lp" "$tm" "$bf" "$cs"
  done
