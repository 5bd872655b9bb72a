#!/usr/bin/env bash
# The relay benchmark of docs/PERFORMANCE.md ("Spectators through relays", issue #19): one match
# on an owner node, its spectators spread over two relay nodes (`--relay-spectators`), a
# throwaway PostgreSQL as the cluster's directory; and, for comparison, the same spectators
# straight on a single node. Release build, 127.0.0.1 only, a fresh cluster per run.
#
#   scripts/bench-relay.sh                           # 1,000 and 3,000 spectators, 10 s each
#   SPECTATORS="3000" RATE=60 scripts/bench-relay.sh  # the nodes' --spectator-rate (default auto)
#   BIN=.build/release/tennis scripts/bench-relay.sh  # a binary already built
#
# Placement (this VM has two cores): the owner and relay B on CPU 0, relay C and the load tool
# on CPU 1; the single-node comparison puts its node on CPU 0 and the load tool on CPU 1. The
# CPU each node used is read from /proc over the load tool's window (its "measuring" line to
# its exit), memory at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${SECONDS_EACH:-10}
SPECTATORS=${SPECTATORS:-"1000 3000"}
RATE=${RATE:-auto}
BASE_PORT=${BASE_PORT:-7980}
OUT=$(mktemp -d /tmp/tennis-bench-relay.XXXXXX)
chmod 755 "$OUT"
PG_PORT=${PG_PORT:-55499}
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -f "$OUT/pg/data/postmaster.pid" ]]; then kill -INT "$(head -1 "$OUT/pg/data/postmaster.pid")" 2>/dev/null || true; fi
  sleep 0.5
  rm -rf "$OUT"
}
trap cleanup EXIT

if [[ -z "${BIN:-}" ]]; then
  swift build -c release --product tennis >&2
  BIN=.build/release/tennis
fi
BIN=$(realpath "$BIN")

url=$(scripts/start-postgres.sh "$OUT/pg" "$PG_PORT")
echo "directory: $url" >&2

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# node NAME CPU PORT [serve arguments...]: starts a node and waits for it.
node() {
  local name=$1 cpu=$2 port=$3
  shift 3
  taskset -c "$cpu" "$BIN" serve --port "$port" --db "$OUT/$name.sqlite" --log-level error \
    --public-url "ws://127.0.0.1:$port/ws" --spectator-rate "$RATE" --max-per-address 8000 \
    --max-connections 8000 "$@" >"$OUT/$name.log" 2>&1 &
  pids+=($!)
  eval "${name}_pid=$!"
  for _ in $(seq 200); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "node $name did not start:" >&2
  cat "$OUT/$name.log" >&2
  exit 1
}

# measure RUN NODES... : runs the load tool (arguments in $load) and prints one JSON line.
measure() {
  local run=$1
  shift
  local names=("$@") before=() after=()
  : >"$OUT/$run.err"
  # shellcheck disable=SC2086
  taskset -c 1 "$BIN" loadtest --seconds "$SECONDS_EACH" $load >"$OUT/$run.out" 2>"$OUT/$run.err" &
  local tool=$!
  until grep -q measuring "$OUT/$run.err" 2>/dev/null || ! kill -0 "$tool" 2>/dev/null; do sleep 0.05; done
  local start
  start=$(date +%s.%N)
  for name in "${names[@]}"; do
    local pid_var="${name}_pid"
    before+=("$(ticks "${!pid_var}")")
  done
  wait "$tool" || { cat "$OUT/$run.err" >&2; }
  local elapsed
  elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
  local nodes="{}" i=0
  for name in "${names[@]}"; do
    local pid_var="${name}_pid"
    local cpu
    cpu=$(awk -v a="${before[$i]}" -v b="$(ticks "${!pid_var}")" -v t="$elapsed" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { printf "%.0f", (b - a) / hz / t * 100 }')
    nodes=$(jq -c --arg n "$name" --argjson c "$cpu" --argjson r "$(rss_mib "${!pid_var}")" \
      '. + {($n): {cpu_pct: $c, rss_mib: $r}}' <<<"$nodes")
    i=$((i + 1))
  done
  tail -n 1 "$OUT/$run.out" | jq -c --arg run "$run" --argjson nodes "$nodes" '{run: $run, opened, failed,
    delivered_per_s, covered_per_s, expected_per_s, age_ms, gaps, client_cpu_pct, nodes: $nodes}'
}

stop_nodes() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}

for n in $SPECTATORS; do
  # The owner, then two relay nodes; the match is made on the owner, its spectators go to B and C in turn.
  o=$BASE_PORT b=$((BASE_PORT + 1)) c=$((BASE_PORT + 2))
  node owner 0 "$o" --directory "$url"
  node relayB 0 "$b" --directory "$url" --relay-spectators
  node relayC 1 "$c" --directory "$url" --relay-spectators
  sleep 2  # every node's first heartbeat is in the directory
  load="--server ws://127.0.0.1:$o --matches 1 --hot --spectators $n --spectators-on ws://127.0.0.1:$b/ws --spectators-on ws://127.0.0.1:$c/ws"
  echo "== relayed-$n (rate $RATE): tennis loadtest $load" >&2
  measure "relayed-$n" owner relayB relayC | tee -a "$OUT/results.jsonl"
  stop_nodes
  # The same spectators straight on one node.
  node single 0 "$o"
  load="--server ws://127.0.0.1:$o --matches 1 --hot --spectators $n"
  echo "== direct-$n (rate $RATE): tennis loadtest $load" >&2
  measure "direct-$n" single | tee -a "$OUT/results.jsonl"
  stop_nodes
done

printf '\n%-14s %6s %6s %9s %9s %9s %7s %7s %7s %7s  %s\n' run opened failed deliv/s covered/s expect/s p50ms p99ms maxms \
  cliCPU% "CPU % and RSS MiB per node"
jq -r '[.run, .opened, .failed, .delivered_per_s, (.covered_per_s // .delivered_per_s), .expected_per_s, .age_ms.p50,
        .age_ms.p99, .age_ms.max, .client_cpu_pct, (.nodes | to_entries | map("\(.key) \(.value.cpu_pct)% \(.value.rss_mib)M") | join(", "))]
       | @tsv' "$OUT/results.jsonl" |
  while IFS=$'\t' read -r r o f d cv e p50 p99 mx cc nodes; do
    printf '%-14s %6s %6s %9s %9s %9s %7s %7s %7s %7s  %s\n' "$r" "$o" "$f" "$d" "$cv" "$e" "$p50" "$p99" "$mx" "$cc" "$nodes"
  done
